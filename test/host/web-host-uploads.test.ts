import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_UPLOAD_ROUTE, uploadTooLarge } from '../../src/shared/contract';
import { startEngineWorker, startWebHost } from '../../src/host';
import type { EngineClient, WebHost } from '../../src/host';
import { uploadFileName } from '../../src/host/corpus-uploads';

// Corpus uploads to the web host (the import wizard's Browse… and drop zone in a browser), against a
// host with a small limit so that refusals are cheap to provoke.
const LIMIT = 64 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'taxonomist-uploads-test-'));
const parent = join(dir, 'tmp');
mkdirSync(parent);
let engine: EngineClient;
let host: WebHost;
let base: string;

beforeAll(async () => {
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Taxonomist</title>');
  engine = await startEngineWorker({ projectPath: join(dir, 'up.taxonomist'), create: true });
  host = await startWebHost({ engine, rendererDir: dir, maxUploadBytes: LIMIT, uploadParent: parent });
  base = `http://127.0.0.1:${host.port}`;
});
afterAll(async () => {
  await host?.close();
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Reply = {
  ok: boolean;
  value?: { path: string; name: string; bytes: number };
  error?: { code: string; message: string };
};
const auth = () => ({ authorization: `Bearer ${host.token}` });
const uploadUrl = (name: string) => `${base}${CORPUS_UPLOAD_ROUTE}?name=${encodeURIComponent(name)}`;

async function upload(name: string, body: Uint8Array<ArrayBuffer>, headers: Record<string, string> = auth()) {
  const res = await fetch(uploadUrl(name), {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...headers },
    body,
  });
  return { status: res.status, body: (await res.json()) as Reply };
}

/** The files in the host's uploads folder (none before the first upload). */
const stored = (): string[] =>
  readdirSync(parent, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));

/** A raw request, for what fetch will not send: a declared length it never meets, or no length at all. */
function rawUpload(
  name: string,
  options: { declared?: number; chunks: Buffer[] },
): Promise<{ status: number; body: Reply }> {
  return new Promise((resolve, reject) => {
    const req = request(
      uploadUrl(name),
      {
        method: 'POST',
        headers: {
          ...auth(),
          'content-type': 'application/octet-stream',
          ...(options.declared !== undefined ? { 'content-length': String(options.declared) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Reply }));
      },
    );
    // The host may close the connection while the rest is still on its way: that is the point.
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && e.code !== 'ECONNRESET') reject(e);
    });
    const write = (i: number) => {
      if (i === options.chunks.length) {
        if (options.declared === undefined) req.end();
        return;
      }
      req.write(options.chunks[i], () => setTimeout(() => write(i + 1), 2));
    };
    write(0);
  });
}

const jsonl = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({ id: `u${i}`, title: `Uploaded paper ${i}`, abstract: `About ${i}` }),
  ).join('\n');

describe('corpus uploads to the web host', () => {
  it('needs the session token, like every other request', async () => {
    const none = await upload('papers.jsonl', Buffer.from(jsonl(3)), {});
    expect(none.status).toBe(403);
    expect(
      (await upload('papers.jsonl', Buffer.from(jsonl(3)), { authorization: 'Bearer nope' })).status,
    ).toBe(403);
    expect(
      (await upload('papers.jsonl', Buffer.from(jsonl(3)), { ...auth(), origin: 'http://evil.example' }))
        .status,
    ).toBe(403);
    expect(stored()).toEqual([]);
  });

  it('stores a gzip file byte for byte in a private folder, and the importer previews it by that path', async () => {
    const gz = gzipSync(jsonl(40));
    // Bytes a text decoding would mangle are in every gzip header; check they survive.
    expect(gz[0]).toBe(0x1f);
    expect(gz[1]).toBe(0x8b);
    const { status, body } = await upload('papers.jsonl.gz', gz);
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, value: { name: 'papers.jsonl.gz', bytes: gz.length } });
    const path = body.value!.path;
    expect(path.startsWith(parent)).toBe(true);
    expect(Buffer.compare(readFileSync(path), gz)).toBe(0);
    // Only this user can look into the uploads (POSIX permissions).
    if (process.platform !== 'win32') {
      expect(statSync(dirname(dirname(path))).mode & 0o077).toBe(0);
      expect(statSync(path).mode & 0o077).toBe(0);
    }

    const preview = await fetch(`${base}/api/import:preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth() },
      body: JSON.stringify({ path }),
    });
    const answer = (await preview.json()) as { ok: boolean; value: Record<string, unknown> };
    expect(answer).toMatchObject({
      ok: true,
      value: {
        path,
        file: 'papers.jsonl.gz',
        format: 'jsonl',
        compressed: true,
        validation: { accepted: 40 },
      },
    });
  });

  it('keeps each upload apart, under its own file name only', async () => {
    const a = await upload('../../etc/passwd.csv', Buffer.from('title\nA\n'));
    const b = await upload('C:\\Users\\me\\papers.csv', Buffer.from('title\nB\n'));
    expect(a.body.value!.name).toBe('passwd.csv');
    expect(b.body.value!.name).toBe('papers.csv');
    expect(dirname(a.body.value!.path)).not.toBe(dirname(b.body.value!.path));
    expect(a.body.value!.path.startsWith(parent)).toBe(true);
    expect(uploadFileName('..')).toBe('corpus');
    expect(uploadFileName('a\u0000b?.csv')).toBe('a_b_.csv');
  });

  it('refuses a declared length over the limit before reading the body, naming the limit', async () => {
    const before = stored();
    const declared = 10 * 1024 * 1024;
    const { status, body } = await rawUpload('huge.jsonl.gz', { declared, chunks: [Buffer.alloc(1024, 1)] });
    expect(status).toBe(413);
    expect(body).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: uploadTooLarge('huge.jsonl.gz', declared, LIMIT) },
    });
    expect(body.error!.message).toMatch(/^huge\.jsonl\.gz is 10 MiB, over the 64 KiB limit for uploads/);
    expect(stored()).toEqual(before);
  });

  it('counts a body sent without a length, stops at the limit and keeps nothing of it', async () => {
    const before = stored();
    const chunks = Array.from({ length: 20 }, () => Buffer.alloc(8 * 1024, 7));
    const { status, body } = await rawUpload('stream.csv', { chunks });
    expect(status).toBe(413);
    expect(body.error).toEqual({ code: 'INVALID_INPUT', message: uploadTooLarge('stream.csv', null, LIMIT) });
    expect(body.error!.message).toMatch(/^stream\.csv is over the 64 KiB limit/);
    // The partial file goes once the refusal is out.
    expect(stored()).toEqual(before);
  });

  it('takes a file of exactly the limit', async () => {
    const { status, body } = await upload('edge.csv', Buffer.alloc(LIMIT, 0x41));
    expect(status).toBe(200);
    expect(body.value!.bytes).toBe(LIMIT);
  });

  it('answers a wrong method or a missing name in words', async () => {
    const get = await fetch(uploadUrl('x.csv'), { headers: auth() });
    expect(get.status).toBe(405);
    const unnamed = await fetch(`${base}${CORPUS_UPLOAD_ROUTE}`, {
      method: 'POST',
      headers: auth(),
      body: 'a',
    });
    expect(unnamed.status).toBe(400);
    expect(((await unnamed.json()) as Reply).error?.message).toMatch(/name the uploaded file/);
  });

  it('removes every upload when the host closes', async () => {
    const own = await startWebHost({ engine, rendererDir: dir, uploadParent: parent });
    const res = await fetch(`http://127.0.0.1:${own.port}${CORPUS_UPLOAD_ROUTE}?name=a.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${own.token}` },
      body: 'title\nA\n',
    });
    const { path } = ((await res.json()) as Reply).value!;
    expect(existsSync(path)).toBe(true);
    await own.close();
    expect(existsSync(path)).toBe(false);
    expect(existsSync(dirname(dirname(path)))).toBe(false);
  });
});
