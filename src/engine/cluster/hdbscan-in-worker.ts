import type { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import { hdbscan } from '../algorithms/hdbscan';
import type { HdbscanOptions, HdbscanResult } from '../algorithms/hdbscan';
import { startScriptWorker, workerAnswer } from '../worker-script';
import type { HdbscanWorkerMessage, HdbscanWorkerRequest } from './hdbscan-worker';

/** The worker script: `hdbscan-worker.js` beside the bundle (out/cli, out/main), else the TypeScript source. */
const startWorker = (): Worker =>
  startScriptWorker(
    new URL('./hdbscan-worker.js', import.meta.url),
    new URL('./hdbscan-worker.ts', import.meta.url),
  );

/**
 * Up to this many points HDBSCAN runs on the calling thread, where it takes about 0.1 s of CPU (5-d,
 * min_cluster_size 100; 0.2 to 0.3 s at 5,000 points), too little to wait for a cancel and less than a
 * worker's start from source (tests); a cancel is still seen between its phases. Larger inputs go to a
 * worker thread that a cancel terminates at once.
 */
export const IN_THREAD_MAX_POINTS = 2_000;

export type HdbscanRunContext = {
  signal?: AbortSignal;
  onProgress?: HdbscanOptions['onProgress'];
  /** Where to run: by size (default), or always on one side. */
  where?: 'auto' | 'thread' | 'worker';
};

const cancelled = () => new AppError('CANCELLED', 'cancelled');

/**
 * HDBSCAN of `points` (n x dims, row-major; not modified: a worker gets a copy) where a cancel reaches
 * it: aborting `signal` rejects with CANCELLED at once, terminating the worker. The result is the
 * same, bit for bit, on either side.
 */
export function hdbscanCancellable(
  points: Float32Array | Float64Array,
  n: number,
  dims: number,
  options: Omit<HdbscanOptions, 'onProgress' | 'isCancelled'>,
  ctx: HdbscanRunContext = {},
): Promise<HdbscanResult> {
  const where = ctx.where ?? 'auto';
  if (where === 'thread' || (where === 'auto' && n <= IN_THREAD_MAX_POINTS)) {
    return new Promise((resolve, reject) => {
      try {
        if (ctx.signal?.aborted) throw cancelled();
        resolve(
          hdbscan(points, n, dims, {
            ...options,
            ...(ctx.onProgress ? { onProgress: ctx.onProgress } : {}),
            isCancelled: () => ctx.signal?.aborted ?? false,
          }),
        );
      } catch (e) {
        reject(e);
      }
    });
  }
  if (ctx.signal?.aborted) return Promise.reject(cancelled());
  const worker = startWorker();
  const answer = workerAnswer(worker, {
    name: 'the clustering worker',
    signal: ctx.signal,
    onMessage: (m: HdbscanWorkerMessage) => {
      if (m.type === 'progress') ctx.onProgress?.(m.stage, m.done, m.total);
    },
    done: (m) => (m as Extract<HdbscanWorkerMessage, { type: 'done' }>).result,
  });
  const copy = points.slice();
  const req: HdbscanWorkerRequest = { points: copy, n, dims, options };
  worker.postMessage(req, [copy.buffer as ArrayBuffer]);
  return answer;
}
