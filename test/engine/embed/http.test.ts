import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpEmbedder,
  embedDocuments,
  embeddingsUrl,
  parseRetryAfter,
} from '../../../src/engine/embed';
import { ProjectStore } from '../../../src/engine/store';

type Request = { body: { input: string[]; model?: string }; headers: IncomingMessage['headers']; at: number };
type Handler = (req: Request, res: ServerResponse, n: number) => void;

let server: Server;
let base: string;
let handler: Handler;
let requests: Request[] = [];
let inFlight = 0;
let maxInFlight = 0;
const hanging: ServerResponse[] = [];

/** An 8-d vector derived from the text, so answers can be checked. */
const vectorFor = (text: string, dims = 8): number[] =>
  Array.from({ length: dims }, (_, j) => (((text.length + 1) * (j + 1)) % 7) + 1);

const answer = (res: ServerResponse, input: string[], dims = 8, order?: number[]) => {
  const idx = order ?? input.map((_, i) => i);
  res.setHeader('content-type', 'application/json');
  res.end(
    JSON.stringify({
      object: 'list',
      model: 'test',
      data: idx.map((i) => ({ object: 'embedding', index: i, embedding: vectorFor(input[i]!, dims) })),
    }),
  );
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const r: Request = { body: JSON.parse(raw) as Request['body'], headers: req.headers, at: Date.now() };
      requests.push(r);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      res.on('close', () => inFlight--);
      // A short delay lets concurrent requests overlap.
      setTimeout(() => handler(r, res, requests.length), 20);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  for (const r of hanging.splice(0)) r.destroy();
  requests = [];
  maxInFlight = 0;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('OpenAI-compatible embeddings endpoint', () => {
  it('resolves the endpoint path and Retry-After values', () => {
    expect(embeddingsUrl('http://h:1')).toBe('http://h:1/v1/embeddings');
    expect(embeddingsUrl('http://h:1/v1/')).toBe('http://h:1/v1/embeddings');
    expect(embeddingsUrl('http://h:1/api/embeddings')).toBe('http://h:1/api/embeddings');
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter(null)).toBeNull();
  });

  it('sends batches with the key and model, keeps order, bounds concurrency and normalises', async () => {
    handler = (r, res) => answer(res, r.body.input, 8, r.body.input.map((_, i) => i).reverse());
    const e = createHttpEmbedder({ url: base, model: 'm1', apiKey: 'sekret', concurrency: 2 });
    const texts = Array.from({ length: 10 }, (_, i) => `text ${'x'.repeat(i)}`);
    const done: number[] = [];
    const v = await e.embed(texts, { batchSize: 3, onProgress: (d) => done.push(d) });
    expect(requests.map((r) => r.body.input.length).sort()).toEqual([1, 3, 3, 3]);
    expect(requests[0]!.body.model).toBe('m1');
    expect(requests[0]!.headers.authorization).toBe('Bearer sekret');
    expect(maxInFlight).toBe(2);
    expect(e.dims).toBe(8);
    expect(done.at(-1)).toBe(10);
    texts.forEach((t, i) => {
      const want = vectorFor(t);
      const norm = Math.hypot(...want);
      for (let j = 0; j < 8; j++) expect(v[i * 8 + j]).toBeCloseTo(want[j]! / norm, 6);
    });
  });

  it('waits as long as Retry-After says after a 429, then retries', async () => {
    handler = (r, res, n) => {
      if (n === 1) {
        res.statusCode = 429;
        res.setHeader('retry-after', '1');
        res.end('slow down');
      } else answer(res, r.body.input);
    };
    const e = createHttpEmbedder({ url: base, retryBaseMs: 1 });
    const v = await e.embed(['a', 'b']);
    expect(v).toHaveLength(16);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('retries a 500 with back-off, and gives up with the status after the last retry', async () => {
    handler = (r, res, n) => {
      if (n === 1) {
        res.statusCode = 500;
        res.end('oops');
      } else answer(res, r.body.input);
    };
    const e = createHttpEmbedder({ url: base, retryBaseMs: 5, retries: 2 });
    expect(await e.embed(['a'])).toHaveLength(8);
    expect(requests).toHaveLength(2);

    requests = [];
    handler = (_r, res) => {
      res.statusCode = 503;
      res.end('down');
    };
    await expect(e.embed(['a'])).rejects.toThrow(/answered 503.*gave up after 3 attempts/);
    expect(requests).toHaveLength(3);
  });

  it('does not retry a client error', async () => {
    handler = (_r, res) => {
      res.statusCode = 401;
      res.end('bad key');
    };
    await expect(createHttpEmbedder({ url: base }).embed(['a'])).rejects.toThrow(/401.*check the API key/);
    expect(requests).toHaveLength(1);
  });

  it('times out a request that gets no answer', async () => {
    handler = (_r, res) => hanging.push(res);
    const e = createHttpEmbedder({ url: base, timeoutMs: 200, retries: 1, retryBaseMs: 1 });
    await expect(e.embed(['a'])).rejects.toThrow(/did not answer within 0.2 s.*gave up after 2 attempts/);
    expect(requests).toHaveLength(2);
  });

  it('rejects an answer of the wrong dimension with a clear error and stores nothing', async () => {
    const store = ProjectStore.open(':memory:', { create: true });
    store.db
      .exec(`INSERT INTO imports (source_path, format, compressed, mapping, text_template, rows_read, imported, duplicate_ids,
      duplicate_texts, rejected, rejections, started_at, finished_at) VALUES ('f', 'jsonl', 0, '{}', 't', 0, 0, 0, 0, 0, '[]', '', '')`);
    const ins = store.db.prepare(
      `INSERT INTO documents (import_id, ext_id, title, abstract, content_hash, source_line) VALUES (1, ?, ?, 'A', ?, 1)`,
    );
    for (let i = 0; i < 6; i++) ins.run(`d${i}`, `T${i}`, Buffer.from([i]));
    // The third request's answer has one 5-d vector among 8-d ones.
    handler = (r, res, n) => {
      if (n !== 3) return answer(res, r.body.input);
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          data: r.body.input.map((t, i) => ({ index: i, embedding: vectorFor(t, i === 1 ? 5 : 8) })),
        }),
      );
    };
    const e = createHttpEmbedder({ url: base, concurrency: 3 });
    await expect(embedDocuments(store, { embedder: e, batchSize: 2 })).rejects.toThrow(
      /5-dimensional vector for text \d of 6; expected 8 dimensions/,
    );
    expect((store.db.prepare('SELECT count(*) AS n FROM embeddings').get() as { n: number }).n).toBe(0);
    store.close();
  });
});
