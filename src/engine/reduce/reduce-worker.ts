// Worker-thread entry: runs UMAP layouts off the calling thread. Bundled as out/cli/reduce-worker.js;
// started from source (tests) through tsx. Protocol: one request in, progress/layout/done|error out.
import { parentPort } from 'node:worker_threads';
import { toErrorData } from '../../shared/errors';
import type { Progress } from '../../shared/progress';
import type { TransformInput, UmapRunOptions, UmapRunResult, VectorInput } from './umap-run';
import { runUmaps } from './umap-run';

export type ReduceWorkerRequest = {
  data: VectorInput;
  n: number;
  d: number;
  layouts: UmapRunOptions[];
  transform?: TransformInput;
};

export type ReduceWorkerMessage =
  | { type: 'progress'; progress: Progress }
  | { type: 'layout'; index: number; epoch: number; total: number; embedding: Float32Array }
  | { type: 'done'; results: UmapRunResult[] }
  | { type: 'error'; error: { code: string; message: string } };

const port = parentPort;
if (port) {
  port.once('message', (req: ReduceWorkerRequest) => {
    let index = 0;
    const post = (m: ReduceWorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
    runUmaps(
      req.data,
      req.n,
      req.d,
      req.layouts,
      {
        progress: (progress) => post({ type: 'progress', progress }),
        onLayout: (epoch, total, embedding) => {
          post({ type: 'layout', index, epoch, total, embedding: Float32Array.from(embedding) });
          if (epoch === total) index++;
        },
      },
      true,
      req.transform,
    )
      .then((all) => {
        // The fitted models stay here: the caller needs only the layouts and their figures.
        const results = all.map(({ model: _model, ...r }) => r);
        post(
          { type: 'done', results },
          results.flatMap((r) => [
            r.embedding.buffer as ArrayBuffer,
            ...(r.transformed ? [r.transformed.buffer as ArrayBuffer] : []),
          ]),
        );
      })
      .catch((e: unknown) => post({ type: 'error', error: toErrorData(e) }));
  });
}
