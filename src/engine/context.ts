import type { Progress } from '../shared/progress';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What every stage receives besides its input and options. */
export type StageContext = {
  progress: (p: Progress) => void;
  signal: AbortSignal;
  /** Seeded source of randomness in [0, 1): same seed + same input = same output. */
  random: () => number;
  log: (level: LogLevel, message: string) => void;
};

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
