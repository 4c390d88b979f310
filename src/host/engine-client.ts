import type { Worker } from 'node:worker_threads';
import type { EventName, Result } from '../shared/contract';
import { AppError } from '../shared/errors';
import { startScriptWorker } from '../engine/worker-script';
import type { EngineStart, FromEngine, ToEngine } from './engine-protocol';

/** A running engine as its host sees it: requests in, `Result`s and events out. */
export type EngineClient = {
  request(channel: string, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: (name: EventName, payload: unknown) => void): () => void;
  close(): Promise<void>;
};

/**
 * The host's end of the line to one engine, whatever carries it: a worker thread (the web host, the
 * CLI) or Electron's utility process (the desktop shell).
 */
export type EngineTransport = {
  post(message: ToEngine): void;
  onMessage(listener: (message: FromEngine) => void): void;
  /** Called once when the engine has gone, with its exit code and, if it died of one, the error. */
  onExit(listener: (code: number, error?: Error) => void): void;
  /** Ends the engine at once. */
  kill(): void;
};

/** One engine of one project, plus what its host needs to notice it crashing. */
export type EngineConnection = EngineClient & {
  /** Called once if the engine ends without being closed, after everything in flight was failed. */
  onCrash(listener: (code: number) => void): void;
};

export type ConnectOptions = {
  /** What requests in flight and running jobs fail with when the engine dies. */
  crashMessage?: (code: number) => string;
  /** How long `close()` waits for the engine to shut its project before ending it. */
  closeGraceMs?: number;
};

const CLOSE_GRACE_MS = 10_000;

/**
 * Talks to the engine at the other end of `transport`; resolves once the engine has opened its
 * project, rejects with NOT_A_PROJECT when it cannot. Requests after the engine is gone (closed or
 * crashed) answer INTERNAL at once instead of waiting forever; a crash also fails the requests in
 * flight and tells listeners `job:failed` for the jobs that were running (the next engine on the
 * project marks them failed in the store too).
 */
export function connectEngine(
  transport: EngineTransport,
  options: ConnectOptions = {},
): Promise<EngineConnection> {
  const crashMessage = options.crashMessage ?? ((code) => `the engine stopped (exit code ${code})`);
  let next = 1;
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const listeners = new Set<(name: EventName, payload: unknown) => void>();
  const crashListeners = new Set<(code: number) => void>();
  const running = new Set<string>();
  let dead: string | null = null;
  let exited = false;
  let closing = false;
  let gone: Promise<void> | null = null;
  let markGone = () => {};

  const emit = (name: EventName, payload: unknown) => {
    for (const l of listeners) l(name, payload);
  };
  const failAll = (message: string) => {
    dead = message;
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'INTERNAL', message } });
    pending.clear();
  };

  const client: EngineConnection = {
    request(channel, input) {
      if (dead) return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: dead } });
      const id = next++;
      return new Promise((done) => {
        pending.set(id, done);
        transport.post({ type: 'request', id, channel, input });
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onCrash(listener) {
      crashListeners.add(listener);
    },
    async close() {
      if (exited) return;
      closing = true;
      if (!gone) {
        gone = new Promise<void>((r) => (markGone = r));
        transport.post({ type: 'shutdown' });
        // An engine too busy to shut its project in time is ended: the store survives a cut-off writer.
        const timer = setTimeout(() => transport.kill(), options.closeGraceMs ?? CLOSE_GRACE_MS);
        timer.unref?.();
        void gone.then(() => clearTimeout(timer));
      }
      await gone;
    },
  };

  return new Promise((resolve, reject) => {
    let opened = false;
    transport.onMessage((m) => {
      if (m.type === 'ready') {
        opened = true;
        resolve(client);
      } else if (m.type === 'fatal') {
        reject(new AppError('NOT_A_PROJECT', m.message));
        transport.kill();
      } else if (m.type === 'response') {
        pending.get(m.id)?.(m.result);
        pending.delete(m.id);
      } else if (m.type === 'event') {
        const jobId = (m.payload as { jobId?: string } | null)?.jobId;
        if (jobId && m.name === 'job:progress') running.add(jobId);
        else if (jobId && m.name.startsWith('job:')) running.delete(jobId);
        emit(m.name, m.payload);
      }
    });
    transport.onExit((code, error) => {
      exited = true;
      markGone();
      if (closing || code === 0) {
        failAll('the engine was closed');
        return;
      }
      const message = error ? `the engine failed: ${error.message}` : crashMessage(code);
      failAll(message);
      if (!opened) {
        reject(error ?? new Error(`the engine stopped while opening its project (exit code ${code})`));
        return;
      }
      for (const jobId of running) emit('job:failed', { jobId, code: 'INTERNAL', message });
      running.clear();
      for (const l of crashListeners) l(code);
    });
  });
}

/** The line to an engine in a worker thread. */
export function workerTransport(worker: Worker): EngineTransport {
  let error: Error | undefined;
  worker.on('error', (e) => (error = e));
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => void worker.on('message', listener),
    onExit: (listener) => void worker.once('exit', (code) => listener(code, error)),
    kill: () => void worker.terminate(),
  };
}

/**
 * The engine's worker-thread entry: beside this file once bundled (out/cli/engine-worker.js), or the
 * TypeScript source under a TypeScript loader (tests, development).
 */
export function newEngineWorker(workerData: EngineStart): Worker {
  return startScriptWorker(
    new URL('./engine-worker.js', import.meta.url),
    new URL('./engine-worker.ts', import.meta.url),
    { workerData },
  );
}

/** Starts the engine in a worker thread on `projectPath`; resolves once it has opened the project. */
export function startEngineWorker(options: EngineStart): Promise<EngineConnection> {
  return connectEngine(workerTransport(newEngineWorker(options)));
}
