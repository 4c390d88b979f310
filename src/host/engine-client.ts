import type { Worker } from 'node:worker_threads';
import type { EventName, Result } from '../shared/contract';
import { AppError } from '../shared/errors';
import { startScriptWorker } from '../engine/worker-script';
import type { FromEngine, ToEngine } from './engine-protocol';

export type EngineClient = {
  request(channel: string, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: (name: EventName, payload: unknown) => void): () => void;
  close(): Promise<void>;
};

/**
 * The engine's worker-thread entry: beside this file once bundled (out/cli/engine-worker.js), or the
 * TypeScript source under a TypeScript loader (tests, development).
 */
export function newEngineWorker(workerData: unknown): Worker {
  return startScriptWorker(
    new URL('./engine-worker.js', import.meta.url),
    new URL('./engine-worker.ts', import.meta.url),
    { workerData },
  );
}

/** Starts the engine in a worker thread on `projectPath`; resolves once it has opened the project. */
export function startEngineWorker(options: {
  projectPath: string;
  create?: boolean;
  version?: string;
}): Promise<EngineClient> {
  const worker = newEngineWorker(options);
  let next = 1;
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const listeners = new Set<(name: EventName, payload: unknown) => void>();
  let dead: string | null = null;
  let exited = false;

  const failAll = (message: string) => {
    dead = message;
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'INTERNAL', message } });
    pending.clear();
  };

  return new Promise((resolve, reject) => {
    worker.on('message', (m: FromEngine) => {
      if (m.type === 'ready') {
        resolve({
          request(channel, input) {
            if (dead) return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: dead } });
            const id = next++;
            return new Promise((done) => {
              pending.set(id, done);
              worker.postMessage({ type: 'request', id, channel, input } satisfies ToEngine);
            });
          },
          onEvent(listener) {
            listeners.add(listener);
            return () => listeners.delete(listener);
          },
          async close() {
            if (exited) return;
            const gone = new Promise((r) => worker.once('exit', r));
            worker.postMessage({ type: 'shutdown' } satisfies ToEngine);
            await gone;
          },
        });
      } else if (m.type === 'fatal') {
        reject(new AppError('NOT_A_PROJECT', m.message));
        void worker.terminate();
      } else if (m.type === 'response') {
        pending.get(m.id)?.(m.result);
        pending.delete(m.id);
      } else if (m.type === 'event') {
        for (const l of listeners) l(m.name, m.payload);
      }
    });
    worker.on('error', (e) => {
      failAll(`the engine failed: ${e.message}`);
      reject(e);
    });
    worker.on('exit', (code) => {
      exited = true;
      // Requests after the engine is gone (closed or crashed) answer at once instead of waiting forever.
      failAll(code === 0 ? 'the engine was closed' : `the engine stopped (exit code ${code})`);
    });
  });
}
