import type { EventName, Result } from '../shared/contract';

/** Messages between a host (web host, Electron main) and the engine process or thread. */
export type ToEngine =
  { type: 'request'; id: number; channel: string; input: unknown } | { type: 'shutdown' };
export type FromEngine =
  | { type: 'ready' }
  | { type: 'response'; id: number; result: Result<unknown> }
  | { type: 'event'; name: EventName; payload: unknown }
  | { type: 'fatal'; message: string };

/** What an engine is started on: its project (created when missing if `create`) and the app's version. */
export type EngineStart = { projectPath: string; create?: boolean; version?: string };

/** A port a message-passing engine listens on: worker_threads' parentPort or Electron's parentPort. */
export type EnginePort = {
  post(message: FromEngine): void;
  onMessage(listener: (message: ToEngine) => void): void;
};
