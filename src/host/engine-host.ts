import type { EventName } from '../shared/contract';
import { AppError } from '../shared/errors';
import { connectEngine } from './engine-client';
import type { EngineClient, EngineConnection, EngineTransport } from './engine-client';
import type { FromEngine, ToEngine } from './engine-protocol';

/** The slice of Electron's UtilityProcess the host uses (so tests can stand in for it). */
export type EngineChild = {
  postMessage(message: ToEngine): void;
  on(event: 'message', listener: (message: FromEngine) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
};

/** The line to an engine in a child process (Electron's utility process). */
export function childTransport(child: EngineChild): EngineTransport {
  return {
    post: (message) => child.postMessage(message),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.on('exit', (code: number) => listener(code)),
    kill: () => void child.kill(),
  };
}

const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60_000;

const crashMessage = (code: number) =>
  `the engine stopped unexpectedly (exit code ${code}); it is being restarted and nothing committed was lost`;

/**
 * Keeps the engine of one project running: `spawn` starts its process. If it dies, requests in
 * flight fail with a clear code, listeners hear `job:failed` for its running jobs (the restarted
 * engine marks them failed in the store too), and a new engine is started on the same project:
 * everything the stages had committed is still there, and resuming redoes only the rest. After
 * three crashes in a minute it gives up, and requests say so. Resolves once the first engine is open.
 */
export async function superviseEngine(
  spawn: () => EngineTransport,
  now: () => number = Date.now,
): Promise<EngineClient> {
  const listeners = new Set<(name: EventName, payload: unknown) => void>();
  const restarts: number[] = [];
  let closed = false;

  const start = () =>
    connectEngine(spawn(), { crashMessage }).then((engine: EngineConnection) => {
      engine.onEvent((name, payload) => {
        for (const l of listeners) l(name, payload);
      });
      engine.onCrash(() => restart());
      return engine;
    });

  let current: Promise<EngineConnection> = start();
  await current;

  function restart(): void {
    if (closed) return;
    const t = now();
    while (restarts.length && t - restarts[0]! > RESTART_WINDOW_MS) restarts.shift();
    if (restarts.length >= MAX_RESTARTS) {
      current = Promise.reject(
        new Error(`the engine stopped ${MAX_RESTARTS} times in a minute; reopen the project`),
      );
      current.catch(() => {});
      return;
    }
    restarts.push(t);
    current = start();
    // An engine that dies again while reopening the project counts as another crash; one that
    // cannot open it at all leaves the error for the requests to report.
    current.catch((e: unknown) => {
      if (!(e instanceof AppError)) restart();
    });
  }

  return {
    async request(channel, input) {
      let engine: EngineConnection;
      try {
        engine = await current;
      } catch (e) {
        return { ok: false, error: { code: 'INTERNAL', message: (e as Error).message } };
      }
      return engine.request(channel, input);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      const engine = await current.catch(() => null);
      await engine?.close();
    },
  };
}
