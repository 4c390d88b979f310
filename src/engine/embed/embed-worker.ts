// Worker-thread entry of the embedding pool: one embedding model per worker. Bundled as
// out/cli/embed-worker.js; started from source (tests) through tsx. Protocol: `init` (spec and options)
// answered by `ready` (the model's info) or `error`; then `embed` requests, each answered by `done`
// (the vectors, transferred) or `error`.
import { parentPort } from 'node:worker_threads';
import { toErrorData } from '../../shared/errors';
import { createEmbedder } from './create-embedder';
import type { CreateEmbedderOptions, EmbedderSpec } from './create-embedder';
import type { Embedder, EmbedderInfo } from './embedder';

export type EmbedWorkerRequest =
  | { type: 'init'; spec: EmbedderSpec; options: CreateEmbedderOptions }
  | { type: 'embed'; id: number; texts: string[]; batchSize: number };

export type EmbedWorkerMessage =
  | { type: 'ready'; info: EmbedderInfo }
  | { type: 'done'; id: number; vectors: Float32Array; dims: number | null }
  | { type: 'error'; id: number | null; error: { code: string; message: string } };

const port = parentPort;
if (port) {
  let model: Embedder | null = null;
  const post = (m: EmbedWorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  port.on('message', (req: EmbedWorkerRequest) => {
    if (req.type === 'init') {
      createEmbedder(req.spec, req.options)
        .then((m) => {
          model = m;
          const { embed: _embed, dispose: _dispose, ...info } = m;
          post({ type: 'ready', info });
        })
        .catch((e: unknown) => post({ type: 'error', id: null, error: toErrorData(e) }));
      return;
    }
    if (!model) {
      post({ type: 'error', id: req.id, error: { code: 'INTERNAL', message: 'the model is not loaded' } });
      return;
    }
    model
      .embed(req.texts, { batchSize: req.batchSize })
      .then((vectors) =>
        post({ type: 'done', id: req.id, vectors, dims: model!.dims }, [vectors.buffer as ArrayBuffer]),
      )
      .catch((e: unknown) => post({ type: 'error', id: req.id, error: toErrorData(e) }));
  });
}
