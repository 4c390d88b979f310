import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { channels } from '../../src/shared/contract';
import { startEngineWorker, startWebHost } from '../../src/host';
import type { EngineClient, WebHost } from '../../src/host';

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-web-'));
let engine: EngineClient;
let host: WebHost;
let base: string;

beforeAll(async () => {
  const renderer = join(dir, 'renderer');
  rmSync(renderer, { recursive: true, force: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Taxonomist</title>');
  engine = await startEngineWorker({ projectPath: join(dir, 'web.taxonomist'), create: true });
  host = await startWebHost({ engine, rendererDir: dir });
  base = `http://127.0.0.1:${host.port}`;
});
afterAll(async () => {
  await host?.close();
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

// Answers are checked field by field below; a loose type keeps that readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
type Reply = { ok: boolean; value?: Loose; error?: { code: string; message: string } };
type Message = { event: string; payload: Loose };

const auth = () => ({ authorization: `Bearer ${host.token}` });
async function call(channel: string, body: unknown, headers: Record<string, string> = auth()) {
  const res = await fetch(`${base}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as Reply,
  };
}

function corpus(name: string, n: number): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    Array.from({ length: n }, (_, i) =>
      JSON.stringify({ id: `${name}-${i}`, title: `Title ${name} ${i}`, abstract: `Abstract ${i}` }),
    ).join('\n'),
  );
  return path;
}

function events(): Promise<{ socket: WebSocket; messages: Message[] }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=${host.token}`);
    const messages: Message[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    socket.on('open', () => resolve({ socket, messages }));
    socket.on('error', reject);
  });
}

const until = async (check: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('web host', () => {
  it('serves on 127.0.0.1 with a session token in the URL', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
  });

  it('refuses requests without the token, with a foreign Host or Origin (403)', async () => {
    expect((await fetch(`${base}/`)).status).toBe(403);
    expect((await call('project:info', {}, {})).status).toBe(403);
    expect((await call('project:info', {}, { authorization: 'Bearer nope' })).status).toBe(403);
    expect((await call('project:info', {}, { ...auth(), origin: 'http://evil.example' })).status).toBe(403);
    // fetch will not forge Host; a raw request does.
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: `/?token=${host.token}`,
          headers: { host: 'evil.example' },
        },
        (res) => resolve(res.statusCode ?? 0),
      ).end();
    });
    expect(status).toBe(403);
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`);
    await expect(new Promise((_, reject) => ws.on('error', reject))).rejects.toThrow(/403/);
  });

  it('serves the page with the token and sets it as a cookie for the page’s own requests', async () => {
    const page = await fetch(host.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/Taxonomist/);
    const cookie = page.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    const viaCookie = await call('project:info', {}, { cookie: cookie.split(';')[0]! });
    expect(viaCookie).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('routes every request of the contract', async () => {
    for (const channel of channels) {
      const res = await call(channel, {});
      expect(res.body.error?.message ?? '', channel).not.toMatch(/unknown request/);
      expect(res.status, channel).not.toBe(403);
    }
    expect(await call('nope:nothing', {})).toMatchObject({
      status: 404,
      body: { error: { message: 'unknown request "nope:nothing"' } },
    });
  });

  it('answers an invalid payload with 400 and changes nothing', async () => {
    const before = await call('jobs:list', {});
    const bad = await call('jobs:start', { kind: 'import', params: { path: 7 } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const notJson = await fetch(`${base}/api/jobs:start`, { method: 'POST', headers: auth(), body: '{oops' });
    expect(notJson.status).toBe(400);
    expect((await call('jobs:list', {})).body).toEqual(before.body);
  });

  it('pushes job progress over the WebSocket and finishes the job', async () => {
    const { socket, messages } = await events();
    const started = await call('jobs:start', {
      kind: 'import',
      params: { path: corpus('ws.jsonl', 20_000) },
    });
    expect(started.status).toBe(200);
    const jobId = started.body.value.jobId as string;
    await until(() => messages.some((m) => m.event === 'job:finished' && m.payload.jobId === jobId));
    const progress = messages.filter((m) => m.event === 'job:progress' && m.payload.jobId === jobId);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]!.payload.progress).toMatchObject({ stage: 'import' });
    expect((await call('project:info', {})).body.value.documents).toBe(20_000);
    socket.close();
  });

  it('cancels a running job within one batch; nothing of it is kept', async () => {
    const { socket, messages } = await events();
    const before = (await call('project:info', {})).body.value.documents as number;
    const started = await call('jobs:start', {
      kind: 'import',
      params: { path: corpus('cancel.jsonl', 200_000) },
    });
    const jobId = started.body.value.jobId as string;
    await until(() => messages.some((m) => m.event === 'job:progress' && m.payload.jobId === jobId));
    expect((await call('jobs:cancel', { jobId })).body).toEqual({ ok: true, value: { cancelled: true } });
    await until(() => messages.some((m) => m.event === 'job:cancelled' && m.payload.jobId === jobId));
    expect((await call('jobs:get', { jobId })).body.value.status).toBe('cancelled');
    expect((await call('project:info', {})).body.value.documents).toBe(before);
    socket.close();
  });
});

describe('the favicon', () => {
  it('is named by the page and served as an image, laid out as the renderer build lays it out', async () => {
    // The build copies src/renderer/public beside index.html (out/renderer); the same here.
    const source = new URL('../../src/renderer/', import.meta.url);
    const built = join(dir, 'built-renderer');
    cpSync(new URL('public/', source), built, { recursive: true });
    cpSync(new URL('index.html', source), join(built, 'index.html'));
    const own = await startWebHost({ engine, rendererDir: built });
    try {
      const page = await fetch(own.url);
      const link = /<link\s+rel="icon"[^>]*>/.exec(await page.text())?.[0] ?? '';
      expect(link).toMatch(/type="image\/svg\+xml"/);
      const href = /href="([^"]+)"/.exec(link)?.[1];
      expect(href).toBe('/favicon.svg');
      const icon = await fetch(new URL(href!, own.url), {
        headers: { authorization: `Bearer ${own.token}` },
      });
      expect(icon.status).toBe(200);
      expect(icon.headers.get('content-type')).toBe('image/svg+xml');
      const svg = await icon.text();
      expect(svg).toBe(readFileSync(new URL('public/favicon.svg', source), 'utf8'));
      expect(svg).toContain('fill="#1f6f66"');
      // Like every other request, it needs the session.
      expect((await fetch(new URL(href!, own.url).href.replace(/\?.*$/, ''))).status).toBe(403);
    } finally {
      await own.close();
    }
  });
});

describe('the engine worker after it has stopped', () => {
  it('answers requests at once with an error, and closing twice is harmless', async () => {
    const own = await startEngineWorker({ projectPath: join(dir, 'closed.taxonomist'), create: true });
    expect((await own.request('project:info', {})).ok).toBe(true);
    await own.close();
    await expect(own.request('project:info', {})).resolves.toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'the engine was closed' },
    });
    await own.close();
  });
});
