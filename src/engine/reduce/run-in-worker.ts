import type { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import type { Progress } from '../../shared/progress';
import { startScriptWorker, workerAnswer } from '../worker-script';
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
  if (ctx.signal?.aborted) return Promise.reject(new AppError('CANCELLED', 'cancelled'));
  const worker = startWorker();
  const answer = workerAnswer(worker, {
    name: 'the reduce worker',
    signal: ctx.signal,
    onMessage: (m: ReduceWorkerMessage) => {
      if (m.type === 'progress') ctx.progress?.(m.progress);
      else if (m.type === 'layout') ctx.onLayout?.(m.index, m.epoch, m.total, m.embedding);
    },
    done: (m) => (m as Extract<ReduceWorkerMessage, { type: 'done' }>).results,
  });
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
  return answer;
}
