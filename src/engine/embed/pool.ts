import { availableParallelism, freemem, totalmem } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import type { ErrorCode } from '../../shared/errors';
import { startScriptWorker } from '../worker-script';
import { createEmbedder } from './create-embedder';
import type { CreateEmbedderOptions, EmbedderSpec } from './create-embedder';
import type { EmbedWorkerMessage, EmbedWorkerRequest } from './embed-worker';
import type { EmbedOptions, Embedder, EmbedderInfo } from './embedder';

/**
 * Memory one embedding worker takes, as measured with USE-Lite (its own V8 heap, the TensorFlow.js
 * backend and the model): two workers embedding 2,000 papers peaked at 930 MB of resident memory, the
 * model in the main thread alone at 536 MB. The default number of workers never asks for more than half
 * of the free memory.
 */
export const WORKER_MEMORY_BYTES = 400 * 1024 * 1024;

/**
 * Workers by default: every core on a machine of two, one core left for the app's window and engine on
 * larger ones, and no more than half the free memory holds (WORKER_MEMORY_BYTES each); at least one.
 */
export function defaultEmbedWorkers(
  cores = availableParallelism(),
  free = Math.min(freemem(), totalmem()),
): number {
  const byCores = cores <= 2 ? cores : cores - 1;
  const byMemory = Math.floor(free / 2 / WORKER_MEMORY_BYTES);
  return Math.max(1, Math.min(byCores, byMemory));
}

/** The worker script beside the bundle (out/cli, out/main), else the TypeScript source. */
const startWorker = (): Worker =>
  startScriptWorker(
    new URL('./embed-worker.js', import.meta.url),
    new URL('./embed-worker.ts', import.meta.url),
  );

type Slot = {
  worker: Worker;
  busy: boolean;
  /** The request this worker is on: its place in the call and how to finish it. */
  job: { id: number; resolve: (v: Float32Array) => void; reject: (e: Error) => void } | null;
};

/**
 * An Embedder that runs `workers` copies of the model given by `spec`, one per worker thread, and spreads
 * each call's batches over them: batch k of a call goes to whichever worker is free, and its vectors land
 * at batch k's place, so the result is what one model embedding the same batches would give. A worker
 * that dies fails the call (and every later one) with a message naming it; aborting a call's signal
 * terminates every worker at once.
 */
export async function createEmbedderPool(
  spec: EmbedderSpec,
  workers: number,
  options: CreateEmbedderOptions = {},
  start: () => Worker = startWorker,
): Promise<Embedder> {
  if (!Number.isInteger(workers) || workers < 1)
    throw new AppError(
      'INVALID_INPUT',
      `the number of embedding workers must be an integer >= 1, got ${workers}`,
    );
  let failure: Error | null = null;
  let nextId = 0;
  const slots: Slot[] = [];
  const fail = (e: Error) => {
    failure ??= e;
    for (const s of slots) {
      s.job?.reject(failure);
      s.job = null;
      void s.worker.terminate();
    }
  };

  // Start every worker and wait until each has its model; the first one's info describes the pool.
  const infos = await Promise.all(
    Array.from({ length: workers }, (_, index) => {
      const worker = start();
      const slot: Slot = { worker, busy: false, job: null };
      slots.push(slot);
      return new Promise<EmbedderInfo>((resolve, reject) => {
        let ready = false;
        worker.on('message', (m: EmbedWorkerMessage) => {
          if (m.type === 'ready') {
            ready = true;
            resolve(m.info);
          } else if (m.type === 'done') {
            const job = slot.job;
            slot.job = null;
            slot.busy = false;
            job?.resolve(m.vectors);
          } else {
            const e = new AppError(m.error.code as ErrorCode, m.error.message);
            if (!ready) reject(e);
            else {
              const job = slot.job;
              slot.job = null;
              slot.busy = false;
              job?.reject(e);
            }
          }
        });
        worker.on('error', (e) => {
          const err = new AppError('INTERNAL', `embedding worker ${index + 1} failed: ${e.message}`);
          if (!ready) reject(err);
          fail(err);
        });
        worker.on('exit', (code) => {
          const err = new AppError(
            'INTERNAL',
            `embedding worker ${index + 1} stopped unexpectedly (exit code ${code}); nothing of its batch was stored`,
          );
          if (!ready) reject(err);
          if (!failure) fail(err);
        });
        const init: EmbedWorkerRequest = { type: 'init', spec, options };
        worker.postMessage(init);
      });
    }),
  ).catch(async (e: unknown) => {
    failure ??= e instanceof Error ? e : new Error(String(e));
    await Promise.all(slots.map((s) => s.worker.terminate()));
    throw e;
  });
  const info = infos[0]!;

  const send = (slot: Slot, texts: string[], batchSize: number): Promise<Float32Array> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      slot.busy = true;
      slot.job = { id, resolve, reject };
      const req: EmbedWorkerRequest = { type: 'embed', id, texts, batchSize };
      slot.worker.postMessage(req);
    });

  return {
    ...info,
    concurrency: workers,
    async embed(texts: readonly string[], o: EmbedOptions = {}): Promise<Float32Array> {
      if (failure) throw failure;
      const batch = Math.max(1, o.batchSize ?? info.defaultBatchSize);
      const batches: number[] = [];
      for (let i = 0; i < texts.length; i += batch) batches.push(i);
      const dims = info.dims;
      const parts: Float32Array[] = new Array(batches.length);
      let done = 0;
      let next = 0;
      return new Promise<Float32Array>((resolve, reject) => {
        let settled = false;
        const finish = (fn: () => void) => {
          if (settled) return;
          settled = true;
          o.signal?.removeEventListener('abort', onAbort);
          fn();
        };
        const onAbort = () => {
          fail(new AppError('CANCELLED', 'cancelled'));
          finish(() => reject(new AppError('CANCELLED', 'cancelled')));
        };
        if (o.signal?.aborted) return onAbort();
        o.signal?.addEventListener('abort', onAbort, { once: true });
        const feed = (slot: Slot) => {
          if (settled || next >= batches.length) return;
          const k = next++;
          const start = batches[k]!;
          const part = texts.slice(start, start + batch);
          send(slot, part, batch).then(
            (vectors) => {
              parts[k] = vectors;
              done += part.length;
              o.onProgress?.(done);
              if (done === texts.length) {
                const width = dims ?? (part.length ? vectors.length / part.length : 0);
                const out = new Float32Array(texts.length * width);
                batches.forEach((s, j) => out.set(parts[j]!, s * width));
                finish(() => resolve(out));
              } else feed(slot);
            },
            (e: Error) => finish(() => reject(e)),
          );
        };
        if (texts.length === 0) return finish(() => resolve(new Float32Array(0)));
        for (const slot of slots) feed(slot);
      });
    },
    async dispose() {
      failure ??= new AppError('INTERNAL', 'the embedding pool was disposed');
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

/** Options a worker can receive: everything but the callbacks, which stay in the calling thread. */
function cloneable(options: CreateEmbedderOptions): CreateEmbedderOptions {
  const { log: _log, onDownload: _onDownload, ...transformers } = options.transformers ?? {};
  return { ...(options.http ? { http: options.http } : {}), transformers };
}

/**
 * The embedder a stage runs: a pool of `workers` (default defaultEmbedWorkers() for USE-Lite; 1 for a
 * transformers model) or, with one worker or an HTTP endpoint (it keeps its own requests in flight), the
 * model in this thread. A transformers model in one session gets one ONNX Runtime thread per core unless
 * told otherwise: on 2 cores that was 2.95 times the old path and 11% faster than two single-threaded
 * workers, with one model in memory (bench/embed.mjs, case base); in a pool the cores are shared out.
 * A transformers model is loaded here first when the pool needs it, so that a download happens once,
 * with progress.
 */
export async function openEmbedder(
  spec: EmbedderSpec,
  options: CreateEmbedderOptions = {},
  workers?: number,
): Promise<Embedder> {
  const count =
    spec.backend === 'http' ? 1 : (workers ?? (spec.backend === 'use-lite' ? defaultEmbedWorkers() : 1));
  if (count <= 1) {
    if (spec.backend !== 'transformers' || options.transformers?.threads)
      return createEmbedder(spec, options);
    return createEmbedder(spec, {
      ...options,
      transformers: { ...options.transformers, threads: availableParallelism() },
    });
  }
  if (spec.backend === 'transformers') await (await createEmbedder(spec, options)).dispose();
  const poolOptions = cloneable(options);
  if (poolOptions.transformers) {
    poolOptions.transformers.allowRemote = false;
    // The cores shared out: each worker's session gets its part of them.
    poolOptions.transformers.threads ??= Math.max(1, Math.floor(availableParallelism() / count));
  }
  return createEmbedderPool(spec, count, poolOptions);
}
