import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerOptions } from 'node:worker_threads';
import { AppError } from '../shared/errors';
import type { ErrorCode } from '../shared/errors';

/**
 * A worker thread on `bundled` (the script built beside the bundle: out/cli, out/main) when it exists,
 * else on the TypeScript `source` through tsx (tests, development). Worker threads do not inherit the
 * parent's loader hooks (Node 20 also ignores `--import tsx` in their execArgv), so tsx is registered
 * inside the worker before the source is imported.
 */
export function startScriptWorker(bundled: URL, source: URL, options: WorkerOptions = {}): Worker {
  if (existsSync(fileURLToPath(bundled))) return new Worker(bundled, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(source.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

/** What a one-job worker answers: its result in a 'done' message, or an 'error' with the error's code. */
export type WorkerAnswer = { type: string };

/**
 * The answer of a worker started for one job: resolves with `done`'s value of its 'done' message,
 * rejects with the code of an 'error' message, hands every other message (progress, interim results)
 * to `onMessage`. Aborting `signal` terminates the worker and rejects with CANCELLED at once; so does
 * a signal aborted already. The worker ends with the answer. Post the request after calling this.
 */
export function workerAnswer<M extends WorkerAnswer, T>(
  worker: Worker,
  o: {
    /** The worker as an error names it when it stops without answering: 'the clustering worker'. */
    name: string;
    signal?: AbortSignal | undefined;
    onMessage?: (m: M) => void;
    done: (m: M) => T;
  },
): Promise<T> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      o.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      fn();
    };
    const onAbort = () => finish(() => reject(new AppError('CANCELLED', 'cancelled')));
    if (o.signal?.aborted) {
      onAbort();
      return;
    }
    o.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: M) => {
      if (m.type === 'done') finish(() => resolve(o.done(m)));
      else if (m.type === 'error') {
        const { code, message } = (m as unknown as { error: { code: string; message: string } }).error;
        finish(() => reject(new AppError(code as ErrorCode, message)));
      } else o.onMessage?.(m);
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) =>
      finish(() => reject(new AppError('INTERNAL', `${o.name} stopped unexpectedly (exit code ${code})`))),
    );
  });
}
