/** Why a chat call failed, in the terms the retry policy needs. */
export type ChatErrorKind =
  'rate-limit' | 'server' | 'timeout' | 'network' | 'auth' | 'request' | 'cancelled';

/** A failed chat call. Its message never contains the API key (see `redact`). */
export class ChatError extends Error {
  readonly kind: ChatErrorKind;
  readonly status: number | null;
  /** Milliseconds the server asked us to wait (Retry-After), when it said. */
  readonly retryAfterMs: number | null;
  constructor(
    kind: ChatErrorKind,
    message: string,
    v: { status?: number | null; retryAfterMs?: number | null } = {},
  ) {
    super(message);
    this.name = 'ChatError';
    this.kind = kind;
    this.status = v.status ?? null;
    this.retryAfterMs = v.retryAfterMs ?? null;
  }
  get retryable(): boolean {
    return (
      this.kind === 'rate-limit' ||
      this.kind === 'server' ||
      this.kind === 'timeout' ||
      this.kind === 'network'
    );
  }
}

/** Replaces every occurrence of each secret in `text`, so SDK messages that echo a key cannot leak it. */
export function redact(text: string, secrets: readonly (string | null | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  return out;
}

/**
 * Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 10.2.3); also the `retry-after-ms`
 * header some OpenAI-compatible servers send. Null when absent or unreadable.
 */
export function parseRetryAfter(
  header: string | null | undefined,
  headerMs?: string | null,
  now = Date.now(),
): number | null {
  if (headerMs != null && headerMs.trim() !== '') {
    const ms = Number(headerMs);
    if (Number.isFinite(ms) && ms >= 0) return ms;
  }
  if (header == null || header.trim() === '') return null;
  const s = Number(header);
  if (Number.isFinite(s)) return s >= 0 ? s * 1000 : null;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

type HeadersLike = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function header(headers: HeadersLike | undefined, name: string): string | null {
  if (!headers) return null;
  if (typeof (headers as { get?: unknown }).get === 'function')
    return (headers as { get(n: string): string | null }).get(name);
  const v = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

/**
 * Maps whatever an SDK threw to a ChatError: HTTP errors carry `status`/`statusCode` and `headers` in all
 * three SDKs; timeouts and aborts are told apart by the caller's signals.
 */
export function toChatError(
  e: unknown,
  ctx: { timedOut: boolean; cancelled: boolean; secrets: readonly (string | null | undefined)[] },
): ChatError {
  if (e instanceof ChatError) return e;
  if (ctx.cancelled) return new ChatError('cancelled', 'cancelled');
  if (ctx.timedOut) return new ChatError('timeout', 'the provider did not answer in time');
  const err = e as {
    status?: unknown;
    statusCode?: unknown;
    headers?: HeadersLike;
    message?: unknown;
    name?: unknown;
  };
  const status =
    typeof err?.status === 'number'
      ? err.status
      : typeof err?.statusCode === 'number'
        ? err.statusCode
        : null;
  const message = redact(String(err?.message ?? e), ctx.secrets).slice(0, 300);
  if (status !== null) {
    const retryAfterMs = parseRetryAfter(
      header(err.headers, 'retry-after'),
      header(err.headers, 'retry-after-ms'),
    );
    const kind =
      status === 429
        ? 'rate-limit'
        : status === 401 || status === 403
          ? 'auth'
          : status >= 500 || status === 408
            ? 'server'
            : 'request';
    return new ChatError(kind, `HTTP ${status}: ${message}`, { status, retryAfterMs });
  }
  const name = String(err?.name ?? '');
  if (/timeout/i.test(name)) return new ChatError('timeout', 'the provider did not answer in time');
  if (/abort/i.test(name)) return new ChatError('cancelled', 'cancelled');
  // An answer the SDK could not read (Mistral's validates every response) will not improve on a retry.
  if (/validation/i.test(name)) return new ChatError('request', `unreadable response: ${message}`);
  return new ChatError('network', message);
}
