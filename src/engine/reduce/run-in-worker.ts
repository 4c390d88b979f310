import type { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import type { ErrorCode } from '../../shared/errors';
import type { Progress } from '../../shared/progress';
import { startScriptWorker } from '../worker-script';
import type { ReduceWorkerMessage, ReduceWorkerRequest } from './reduce-worker';
import type { TransformInput, UmapRunOptions, UmapRunResult, VectorInput } from './umap-run';

/** The worker script: `reduce-worker.js` beside the bundle (out/cli, out/main), else the TypeScript source. */
const startWorker = (): Worker =>
  startScriptWorker(
    new URL('./reduce-worker.js', import.meta.url),
    new URL('./reduce-worker.ts', import.meta.url),
  );

export type WorkerContext = {
  progress?: (p: Progress) => void;
  signal?: AbortSignal;
  /** New points to place into every fitted layout (their data is transferred too). */
  transform?: TransformInput;
  /** Interim layouts (a copy each), every `layoutEvery` epochs of the layout at `index`. */
  onLayout?: (index: number, epoch: number, total: number, embedding: Float32Array) => void;
};

/**
 * Runs `runUmaps` in a worker thread. `data` is transferred (the caller's array is detached).
 * Aborting `signal` terminates the worker and rejects with CANCELLED.
 */
export function umapInWorker(
  data: VectorInput,
  n: number,
  d: number,
  layouts: UmapRunOptions[],
  ctx: WorkerContext = {},
): Promise<UmapRunResult[]> {
  return new Promise((resolve, reject) => {
    if (ctx.signal?.aborted) {
      reject(new AppError('CANCELLED', 'cancelled'));
      return;
    }
    const worker = startWorker();
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      ctx.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      fn();
    };
    const onAbort = () => finish(() => reject(new AppError('CANCELLED', 'cancelled')));
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: ReduceWorkerMessage) => {
      if (m.type === 'progress') ctx.progress?.(m.progress);
      else if (m.type === 'layout') ctx.onLayout?.(m.index, m.epoch, m.total, m.embedding);
      else if (m.type === 'done') finish(() => resolve(m.results));
      else finish(() => reject(new AppError(m.error.code as ErrorCode, m.error.message)));
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) =>
      finish(() =>
        reject(new AppError('INTERNAL', `the reduce worker stopped unexpectedly (exit code ${code})`)),
      ),
    );
    const req: ReduceWorkerRequest = {
      data,
      n,
      d,
      layouts,
      ...(ctx.transform ? { transform: ctx.transform } : {}),
    };
    const transfer = [data.buffer as ArrayBuffer];
    if (ctx.transform && ctx.transform.data.buffer !== data.buffer)
      transfer.push(ctx.transform.data.buffer as ArrayBuffer);
    worker.postMessage(req, transfer);
  });
}
