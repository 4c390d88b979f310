import { createHash } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { StageContext } from '../context';
import { stageContext } from '../context';
import { DEFAULT_TEXT_TEMPLATE, renderText } from '../corpus/text-template';
import { progressTracker } from '../progress';
import type { EmbeddingSet, ProjectStore } from '../store';
import {
  countVectors,
  ensureEmbeddingSet,
  findEmbeddingSet,
  getSetting,
  listDocuments,
  putVectorBatch,
  storedTextHashes,
} from '../store';
import type { Embedder } from './embedder';

export type EmbedDocumentsOptions = {
  /** Texts per model call; default the embedder's. */
  batchSize?: number;
  /** Consider only the first `limit` documents (by id). */
  limit?: number;
  /** Defaults to the project's `textTemplate` setting. */
  textTemplate?: string;
  /**
   * Batch texts of similar length together (default: when the embedder pads its batches), within
   * windows of LENGTH_WINDOW documents; vectors are stored by document either way.
   */
  bucketByLength?: boolean;
};

/** An embedding run's parameters: the (opened) embedder, and what to embed how. */
export type EmbedParams = EmbedDocumentsOptions & { embedder: Embedder };

/**
 * Documents sorted by length together: fixed windows in document order, so the batches (and so the
 * vectors, to the last bit) do not depend on how many workers embed them.
 */
export const LENGTH_WINDOW = 1024;

export type EmbedDocumentsSummary = {
  setId: number | null;
  model: string;
  revision: string;
  dtype: string;
  dims: number | null;
  textTemplate: string;
  /** Documents considered. */
  documents: number;
  /** Of those, already stored with the same text (skipped). */
  skipped: number;
  /** Embedded and stored by this run. */
  embedded: number;
  /** Rows in the set afterwards. */
  stored: number;
  seconds: number;
  /** Embedded documents per second of this run. */
  docsPerSecond: number | null;
};

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Embeds the project's documents into the float32 set keyed by (model, revision, dtype, text
 * template). Documents whose sha256(text) is already stored are skipped; every batch commits in its
 * own transaction, so a cancel or crash loses at most the batch in flight and a rerun does the rest.
 * Cancelling (ctx.signal) takes effect between batches.
 */
export async function embedDocuments(
  store: ProjectStore,
  params: EmbedParams,
  context: Partial<StageContext> = {},
): Promise<EmbedDocumentsSummary> {
  const { embedder, ...options } = params;
  const ctx = stageContext(context);
  const started = performance.now();
  const db = store.db;
  const template = options.textTemplate ?? getSetting(db, 'textTemplate') ?? DEFAULT_TEXT_TEMPLATE;
  const batchSize = Math.max(1, options.batchSize ?? embedder.defaultBatchSize);
  const key = {
    model: embedder.model,
    revision: embedder.revision,
    dtype: embedder.dtype,
    precision: 'float32' as const,
    textTemplate: template,
  };

  const docs = listDocuments(db, { limit: options.limit ?? -1 });
  let set: EmbeddingSet | undefined = findEmbeddingSet(db, key);
  const stored = set ? storedTextHashes(db, set.id) : new Map<number, Buffer>();
  const todo: { id: number; text: string; hash: Buffer }[] = [];
  for (const d of docs) {
    const text = renderText(template, d);
    const hash = sha256(text);
    const have = stored.get(d.id);
    if (!have || !have.equals(hash)) todo.push({ id: d.id, text, hash });
  }
  if (options.bucketByLength ?? embedder.padded === true)
    for (let w = 0; w < todo.length; w += LENGTH_WINDOW) {
      const window = todo.slice(w, w + LENGTH_WINDOW);
      window.sort((a, b) => a.text.length - b.text.length || a.id - b.id);
      todo.splice(w, window.length, ...window);
    }
  const skipped = docs.length - todo.length;
  ctx.log('info', `${docs.length} documents, ${skipped} already embedded, ${todo.length} to embed`);

  const tracker = progressTracker('embed', ctx.progress, { total: todo.length, unit: 'documents' });
  const message = skipped ? `${skipped} already stored` : undefined;
  tracker.update(0, { force: true, ...(message ? { message } : {}) });
  // Remote backends run several requests at once; a commit then covers all of them.
  const commitSize = batchSize * Math.max(1, embedder.concurrency);
  const write = (ids: number[], hashes: Buffer[], vectors: Float32Array) =>
    putVectorBatch(db, set!.id, ids, hashes, vectors);

  let done = 0;
  for (let start = 0; start < todo.length; start += commitSize) {
    // In-process backends (tfjs WebAssembly) resolve only through microtasks; without this turn of
    // the event loop a SIGINT handler would not run until the whole corpus was done.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (ctx.signal.aborted) {
      throw new AppError(
        'CANCELLED',
        `cancelled after embedding ${done} of ${todo.length} documents; run again to embed the rest`,
      );
    }
    const chunk = todo.slice(start, start + commitSize);
    const vectors = await embedder
      .embed(
        chunk.map((c) => c.text),
        {
          batchSize,
          signal: ctx.signal,
          onProgress: (d) => tracker.update(done + d, message ? { message } : {}),
        },
      )
      .catch((e: unknown) => {
        // A pool stops its workers mid-commit on a cancel: what was committed stays, the rest is redone.
        if (e instanceof AppError && e.code === 'CANCELLED')
          throw new AppError(
            'CANCELLED',
            `cancelled after embedding ${done} of ${todo.length} documents; run again to embed the rest`,
          );
        throw e;
      });
    const dims = embedder.dims;
    if (!dims || vectors.length !== chunk.length * dims) {
      throw new AppError(
        'INVALID_INPUT',
        `${embedder.model} returned ${vectors.length} values for ${chunk.length} texts` +
          (dims ? ` of ${dims} dimensions` : ''),
      );
    }
    set ??= ensureEmbeddingSet(db, { ...key, dims, normalized: embedder.normalized });
    if (set.dims !== dims) {
      throw new AppError(
        'INVALID_INPUT',
        `${embedder.model} now returns ${dims}-dimensional vectors, but the stored set has ${set.dims}; ` +
          'nothing was stored',
      );
    }
    write(
      chunk.map((c) => c.id),
      chunk.map((c) => c.hash),
      vectors,
    );
    done += chunk.length;
    tracker.update(done, { force: done === todo.length, ...(message ? { message } : {}) });
  }

  const seconds = (performance.now() - started) / 1000;
  return {
    setId: set?.id ?? null,
    model: key.model,
    revision: key.revision,
    dtype: key.dtype,
    dims: set?.dims ?? embedder.dims,
    textTemplate: template,
    documents: docs.length,
    skipped,
    embedded: done,
    stored: set ? countVectors(db, set.id) : 0,
    seconds,
    docsPerSecond: done && seconds > 0 ? done / seconds : null,
  };
}
