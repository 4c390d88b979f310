import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { CORPUS_UPLOAD_ROUTE, channels } from '../shared/contract';
import { toErrorData } from '../shared/errors';
import { CorpusUploads, UploadError } from './corpus-uploads';
import type { EngineClient } from './engine-client';

export type WebHost = { url: string; port: number; token: string; close(): Promise<void> };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};
const MAX_BODY = 10 * 1024 * 1024;
const COOKIE = 'taxonomist_token';

/**
 * Serves the renderer and the contract (POST /api/<channel>, events over a WebSocket at
 * /api/events, corpus file uploads at CORPUS_UPLOAD_ROUTE) on 127.0.0.1 only. Every request needs
 * the session token (query, bearer header or the cookie set when the page is opened with it), and a
 * Host and Origin naming this server, which stops other web pages and DNS-rebinding tricks from
 * driving the engine.
 */
export async function startWebHost(options: {
  engine: EngineClient;
  port?: number;
  rendererDir?: string | null;
  token?: string;
  /** The largest corpus upload (default CORPUS_UPLOAD_MAX_BYTES). */
  maxUploadBytes?: number;
  /** Where the private folder of uploads is made (default: the system's temporary folder). */
  uploadParent?: string;
}): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const tokenBuf = Buffer.from(token);
  const rendererDir = options.rendererDir ? resolve(options.rendererDir) : null;
  let port = 0;
  const uploads = new CorpusUploads(options.maxUploadBytes, options.uploadParent);
  const removeUploads = () => uploads.closeSync();

  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];
  const sameHost = (req: IncomingMessage): boolean => {
    if (!allowedHosts().includes(req.headers.host ?? '')) return false;
    const origin = req.headers.origin;
    return origin === undefined || allowedHosts().some((h) => origin === `http://${h}`);
  };
  const presented = (req: IncomingMessage, url: URL): string | null => {
    const q = url.searchParams.get('token');
    if (q) return q;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) return auth.slice(7);
    const cookie = req.headers.cookie
      ?.split(';')
      .map((c) => c.trim().split('='))
      .find(([k]) => k === COOKIE);
    return cookie?.[1] ?? null;
  };
  const authorised = (req: IncomingMessage, url: URL): boolean => {
    const t = presented(req, url);
    if (!t) return false;
    const b = Buffer.from(t);
    return b.length === tokenBuf.length && timingSafeEqual(b, tokenBuf);
  };
  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(text);
  };
  const forbidden = (res: ServerResponse) =>
    send(res, 403, { ok: false, error: { code: 'USAGE', message: 'forbidden' } });

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!sameHost(req) || !authorised(req, url)) return forbidden(res);

    if (url.pathname === CORPUS_UPLOAD_ROUTE) return receiveUpload(req, res, url);

    if (url.pathname.startsWith('/api/')) {
      const channel = decodeURIComponent(url.pathname.slice(5));
      if (req.method !== 'POST')
        return send(res, 405, { ok: false, error: { code: 'USAGE', message: 'use POST' } });
      if (!(channels as string[]).includes(channel)) {
        return send(res, 404, {
          ok: false,
          error: { code: 'NOT_FOUND', message: `unknown request "${channel}"` },
        });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) req.destroy();
        else chunks.push(c);
      });
      req.on('end', () => {
        let input: unknown;
        try {
          input = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
        } catch {
          return send(res, 400, {
            ok: false,
            error: { code: 'INVALID_INPUT', message: 'the body is not JSON' },
          });
        }
        void options.engine.request(channel, input).then((result) => {
          const status = result.ok
            ? 200
            : result.error.code === 'INVALID_INPUT'
              ? 400
              : result.error.code === 'NOT_FOUND'
                ? 404
                : 200;
          send(res, status, result);
        });
      });
      return;
    }

    if (!rendererDir)
      return send(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'no renderer built' } });
    const rel =
      url.pathname === '/'
        ? 'index.html'
        : normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, '');
    const file = join(rendererDir, rel);
    if (!file.startsWith(rendererDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      return send(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'not found' } });
    }
    const headers: Record<string, string> = {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
    };
    // The page keeps the token as an HttpOnly cookie so its own requests carry it.
    if (url.searchParams.get('token'))
      headers['set-cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  });

  /**
   * Streams an uploaded corpus file to the uploads folder and answers its path. A length over the limit
   * is refused before the body is read; a body without one is counted and cut off at the limit.
   */
  function receiveUpload(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const refuse = (status: number, error: { code: string; message: string }) => {
      // The rest of the body is not wanted: the connection closes once the answer is out.
      res.setHeader('connection', 'close');
      send(res, status, { ok: false, error });
    };
    if (req.method !== 'POST') return refuse(405, { code: 'USAGE', message: 'use POST' });
    const name = url.searchParams.get('name')?.trim();
    if (!name) return refuse(400, { code: 'INVALID_INPUT', message: 'name the uploaded file (?name=)' });
    const length = req.headers['content-length'];
    const declared = length !== undefined && /^\d+$/.test(length) ? Number(length) : null;
    uploads.save(name, req, declared).then(
      (value) => send(res, 200, { ok: true, value }),
      (e: unknown) => refuse(e instanceof UploadError ? e.status : 500, toErrorData(e)),
    );
  }

  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/api/events' || !sameHost(req) || !authorised(req, url)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
    });
  });
  const unsubscribe = options.engine.onEvent((name, payload) => {
    const text = JSON.stringify({ event: name, payload });
    for (const ws of sockets) ws.send(text);
  });

  // A large upload from a slow disk may take longer than Node's default five minutes per request.
  server.requestTimeout = 30 * 60 * 1000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;
  // Uploads are this session's own: gone when the host stops, even if it never closes cleanly.
  process.once('exit', removeUploads);
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      process.off('exit', removeUploads);
      await uploads.close();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
