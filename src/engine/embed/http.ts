import { AppError } from '../../shared/errors';
import type { Embedder, EmbedOptions } from './embedder';
import { l2NormalizeRows, throwIfAborted } from './embedder';

export type HttpEmbedderOptions = {
  /** Base URL (`http://host:8080`, `.../v1`) or the full `/v1/embeddings` URL. */
  url: string;
  /** The request's `model` field; some servers (TEI) ignore it. */
  model?: string;
  /** Sent as `Authorization: Bearer <key>`. */
  apiKey?: string;
  /** Expected vector length; learnt from the first answer when not given. */
  dims?: number;
  /** Texts per request (default 64). */
  batchSize?: number;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Retries per request on 429, 5xx, network errors and timeouts (default 5). */
  retries?: number;
  /** Per-request timeout (default 120 s). */
  timeoutMs?: number;
  /** First back-off when the server gives no Retry-After; doubles per retry (default 1 s). */
  retryBaseMs?: number;
  /** Longest Retry-After honoured (default 120 s). */
  maxRetryAfterMs?: number;
};

/** `http://h:1/` -> `http://h:1/v1/embeddings`; a URL already ending in /embeddings is kept. */
export function embeddingsUrl(url: string): string {
  const u = url.replace(/\/+$/, '');
  if (/\/embeddings$/.test(u)) return u;
  if (/\/v1$/.test(u)) return `${u}/embeddings`;
  return `${u}/v1/embeddings`;
}

/** Milliseconds a Retry-After header asks for (delta-seconds or an HTTP date), or null. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const s = Number(value.trim());
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : Math.max(0, t - now);
}

class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

const sleep = (ms: number, signal: AbortSignal | undefined): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

const decodeBase64Floats = (s: string): number[] => {
  const b = Buffer.from(s, 'base64');
  return Array.from(new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4));
};

/**
 * Any OpenAI-compatible embeddings endpoint (OpenAI, Text Embeddings Inference, vLLM, Ollama,
 * Mistral): texts go out in batches with a bounded number of requests in flight; 429 and 5xx answers
 * are retried after the server's Retry-After or an exponential back-off. Vectors are L2-normalised
 * here, since not every server does it.
 */
export function createHttpEmbedder(options: HttpEmbedderOptions): Embedder {
  const endpoint = embeddingsUrl(options.url);
  const parsed = new URL(endpoint);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new AppError('USAGE', `an embeddings endpoint must be http(s), got ${options.url}`);
  const retries = options.retries ?? 5;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const retryBase = options.retryBaseMs ?? 1000;
  const maxRetryAfter = options.maxRetryAfterMs ?? 120_000;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const where = `${parsed.host}${parsed.pathname}`;

  const embedder: Embedder = {
    model: `http:${endpoint}${options.model ? `#${options.model}` : ''}`,
    revision: 'remote',
    dtype: 'remote',
    dims: options.dims ?? null,
    maxTokens: null,
    normalized: true,
    concurrency,
    defaultBatchSize: options.batchSize ?? 64,
    embed,
    async dispose() {},
  };

  /** One request, no retries: the vectors of `texts`, row-major. */
  async function request(texts: readonly string[], signal: AbortSignal | undefined): Promise<number[][]> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let res: Response;
    let body: string;
    try {
      res = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
        },
        body: JSON.stringify({
          input: texts,
          ...(options.model ? { model: options.model } : {}),
          encoding_format: 'float',
        }),
        signal: combined,
      });
      body = await res.text();
    } catch (e) {
      if (signal?.aborted) throw e;
      if (timeout.aborted) throw new RetryableError(`${where} did not answer within ${timeoutMs / 1000} s`);
      throw new RetryableError(`cannot reach ${where}: ${(e as Error).message}`);
    }
    if (res.status === 429 || res.status >= 500) {
      throw new RetryableError(
        `${where} answered ${res.status} ${res.statusText}: ${body.slice(0, 200)}`,
        parseRetryAfter(res.headers.get('retry-after')),
      );
    }
    if (!res.ok) {
      throw new AppError(
        'INVALID_INPUT',
        `${where} answered ${res.status} ${res.statusText}` +
          (res.status === 401 || res.status === 403 ? ' (check the API key)' : '') +
          `: ${body.slice(0, 300)}`,
      );
    }
    let json: { data?: { embedding?: number[] | string; index?: number }[] };
    try {
      json = JSON.parse(body) as typeof json;
    } catch {
      throw new AppError('INVALID_INPUT', `${where} did not answer JSON: ${body.slice(0, 200)}`);
    }
    const data = json.data;
    if (!Array.isArray(data) || data.length !== texts.length) {
      throw new AppError(
        'INVALID_INPUT',
        `${where} answered ${Array.isArray(data) ? data.length : 'no'} embeddings for ${texts.length} texts`,
      );
    }
    const rows: number[][] = new Array<number[]>(texts.length);
    data.forEach((item, i) => {
      const e = item.embedding;
      const v = typeof e === 'string' ? decodeBase64Floats(e) : e;
      if (!Array.isArray(v))
        throw new AppError('INVALID_INPUT', `${where} answered an item without an embedding`);
      rows[item.index ?? i] = v;
    });
    return rows;
  }

  async function withRetries(texts: readonly string[], signal: AbortSignal | undefined): Promise<number[][]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(texts, signal);
      } catch (e) {
        if (!(e instanceof RetryableError)) throw e;
        if (attempt >= retries)
          throw new AppError('INVALID_INPUT', `${e.message} (gave up after ${retries + 1} attempts)`);
        const wait =
          e.retryAfterMs != null ? Math.min(e.retryAfterMs, maxRetryAfter) : retryBase * 2 ** attempt;
        await sleep(wait, signal);
      }
    }
  }

  async function embed(texts: readonly string[], opts: EmbedOptions = {}): Promise<Float32Array> {
    if (texts.length === 0) return new Float32Array(0);
    const batch = Math.max(1, opts.batchSize ?? embedder.defaultBatchSize);
    const starts: number[] = [];
    for (let i = 0; i < texts.length; i += batch) starts.push(i);
    const results: number[][][] = new Array<number[][]>(starts.length);
    // One failed request stops the others, so nothing of a failed call is kept.
    const stop = new AbortController();
    const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
    let next = 0;
    let done = 0;
    const worker = async (): Promise<void> => {
      while (next < starts.length) {
        throwIfAborted(signal);
        const k = next++;
        const part = texts.slice(starts[k]!, starts[k]! + batch);
        results[k] = await withRetries(part, signal);
        done += part.length;
        opts.onProgress?.(done);
      }
    };
    const workers = Array.from({ length: Math.min(concurrency, starts.length) }, worker);
    try {
      await Promise.all(workers);
    } catch (e) {
      stop.abort();
      await Promise.allSettled(workers);
      throw e;
    }

    const rows = results.flat();
    const dims = embedder.dims ?? rows[0]?.length ?? 0;
    const bad = rows.findIndex((r) => r.length !== dims);
    if (bad >= 0 || dims === 0) {
      throw new AppError(
        'INVALID_INPUT',
        `${where} answered a ${rows[bad]?.length ?? 0}-dimensional vector for text ${bad + 1} of ${rows.length}; ` +
          `expected ${dims} dimensions. Nothing of this batch was stored.`,
      );
    }
    embedder.dims = dims;
    const out = new Float32Array(rows.length * dims);
    rows.forEach((r, i) => out.set(r, i * dims));
    return l2NormalizeRows(out, dims);
  }

  return embedder;
}
