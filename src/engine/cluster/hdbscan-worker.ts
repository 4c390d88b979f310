// Worker-thread entry: runs HDBSCAN off the calling thread, so that a cancel (which terminates the
// worker) takes effect at once instead of after the spanning tree. Bundled as out/cli/hdbscan-worker.js;
// started from source (tests) through tsx. Protocol: one request in, progress/done|error out.
import { parentPort } from 'node:worker_threads';
import { toErrorData } from '../../shared/errors';
import { hdbscan } from '../algorithms/hdbscan';
import type { HdbscanOptions, HdbscanResult } from '../algorithms/hdbscan';

export type HdbscanWorkerRequest = {
  points: Float32Array | Float64Array;
  n: number;
  dims: number;
  options: Omit<HdbscanOptions, 'onProgress' | 'isCancelled'>;
};

export type HdbscanWorkerMessage =
  | { type: 'progress'; stage: string; done: number; total: number }
  | { type: 'done'; result: HdbscanResult }
  | { type: 'error'; error: { code: string; message: string } };

/** Every typed array of a result, to hand over without copying. */
const resultBuffers = (r: HdbscanResult): ArrayBuffer[] =>
  [
    r.labels,
    r.probabilities,
    r.outlierScores,
    r.persistence,
    r.exemplarOffsets,
    r.exemplars,
    r.clusterNodes,
    r.condensedTree.parents,
    r.condensedTree.children,
    r.condensedTree.lambdas,
    r.condensedTree.sizes,
    r.coreDistances,
  ].map((a) => a.buffer as ArrayBuffer);

// The algorithm reports every few thousand rows; the caller throttles again, this only spares messages.
const PROGRESS_EVERY_MS = 50;

const port = parentPort;
if (port) {
  port.once('message', (req: HdbscanWorkerRequest) => {
    const post = (m: HdbscanWorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
    let last = -Infinity;
    let lastStage = '';
    try {
      const result = hdbscan(req.points, req.n, req.dims, {
        ...req.options,
        onProgress: (stage, done, total) => {
          const now = performance.now();
          if (stage === lastStage && now - last < PROGRESS_EVERY_MS) return;
          last = now;
          lastStage = stage;
          post({ type: 'progress', stage, done, total });
        },
      });
      // Distinct buffers only: the condensed tree's arrays are the hierarchy's own.
      post({ type: 'done', result }, [...new Set(resultBuffers(result))]);
    } catch (e) {
      post({ type: 'error', error: toErrorData(e) });
    }
  });
}
