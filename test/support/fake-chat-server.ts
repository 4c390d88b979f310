import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type WireProtocol = 'openai' | 'mistral' | 'anthropic';

/** What the fake answers to one request: a reply text, an HTTP error, or silence. */
export type FakeReply =
  { text: string } | { status: number; headers?: Record<string, string>; body?: string } | { hang: true };

export type FakeRequest = {
  path: string;
  headers: IncomingMessage['headers'];
  body: {
    model?: string;
    system?: string;
    messages: { role: string; content: string }[];
    temperature?: number;
    [k: string]: unknown;
  };
  /** 1-based count of requests so far, this one included. */
  n: number;
};

export type FakeChatServer = {
  /** Base URL for the SDK of the protocol (OpenAI's includes /v1; Mistral's and Anthropic's do not). */
  baseUrl: string;
  requests: FakeRequest[];
  close: () => Promise<void>;
};

/** The conversation's last user turn, whatever the protocol. */
export const lastUserText = (r: FakeRequest): string =>
  [...r.body.messages].reverse().find((m) => m.role === 'user')?.content ?? '';

function success(protocol: WireProtocol, model: string, text: string, n: number): unknown {
  if (protocol === 'anthropic')
    return {
      id: `msg_${n}`,
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 100, output_tokens: 10 },
    };
  // Mistral's SDK validates id, object, created, model, usage and choices strictly.
  return {
    id: `cmpl-${n}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [
      { index: 0, message: { role: 'assistant', content: text, tool_calls: null }, finish_reason: 'stop' },
    ],
    usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 },
  };
}

/**
 * A chat server on 127.0.0.1 speaking one provider's wire protocol: `POST /v1/chat/completions`
 * (OpenAI, Mistral) or `POST /v1/messages` (Anthropic). `reply` decides each answer; `delayMs` delays all.
 */
export async function startFakeChatServer(
  protocol: WireProtocol,
  reply: (r: FakeRequest) => FakeReply | Promise<FakeReply>,
  options: { delayMs?: number } = {},
): Promise<FakeChatServer> {
  const requests: FakeRequest[] = [];
  const expected = protocol === 'anthropic' ? '/v1/messages' : '/v1/chat/completions';
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        if (req.method !== 'POST' || req.url !== expected) {
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as FakeRequest['body'];
        const r: FakeRequest = { path: req.url, headers: req.headers, body, n: requests.length + 1 };
        requests.push(r);
        if (options.delayMs) await new Promise((ok) => setTimeout(ok, options.delayMs));
        const out = await reply(r);
        if ('hang' in out) {
          hanging.add(res);
          res.on('close', () => hanging.delete(res));
          return;
        }
        if ('text' in out) {
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify(success(protocol, body.model ?? 'fake', out.text, r.n)));
          return;
        }
        res
          .writeHead(out.status, { 'content-type': 'application/json', ...out.headers })
          .end(out.body ?? JSON.stringify({ error: { message: `fake error ${out.status}`, type: 'error' } }));
      })();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  const root = `http://127.0.0.1:${port}`;
  return {
    baseUrl: protocol === 'openai' ? `${root}/v1` : root,
    requests,
    close: () =>
      new Promise<void>((ok) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
