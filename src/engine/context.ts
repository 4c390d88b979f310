import type { Progress } from '../shared/progress';
import type { ProjectStore } from './store';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What every stage receives besides its input and options. */
export type StageContext = {
  progress: (p: Progress) => void;
  signal: AbortSignal;
  /** Seeded source of randomness in [0, 1): same seed + same input = same output. */
  random: () => number;
  log: (level: LogLevel, message: string) => void;
};

/**
 * One stage of the pipeline: the project, the stage's parameters (an opened port, such as the embedder
 * or the chat model, among them) and the context in; the stage's summary out. A stage reports progress
 * through `ctx.progress`, looks at `ctx.signal` between batches and rejects with CANCELLED when it is
 * aborted, leaving nothing half-written. Stages may accept less than a full context (quiet defaults).
 */
export type Stage<P, R> = (store: ProjectStore, params: P, ctx: StageContext) => Promise<R>;

const never = new AbortController().signal;

/** A context with the given parts and quiet defaults for the rest. */
export function stageContext(parts: Partial<StageContext> = {}): StageContext {
  return {
    progress: parts.progress ?? (() => {}),
    signal: parts.signal ?? never,
    random: parts.random ?? Math.random,
    log: parts.log ?? (() => {}),
  };
}
