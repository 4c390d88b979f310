import { ChatError } from './errors';

export type RetryOptions = {
  /** Tries per call, the first included. Default 5. */
  maxAttempts?: number;
  /** First backoff in ms, doubled per try, jittered. Default 1000. */
  baseDelayMs?: number;
  /** Longest backoff in ms. Default 30000. */
  maxDelayMs?: number;
  /** Longest Retry-After we honour in ms; a longer one is capped. Default 60000. */
  maxRetryAfterMs?: number;
};

/** Waits `ms`, or rejects with a cancelled ChatError as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new ChatError('cancelled', 'cancelled'));
    const onAbort = () => {
      clearTimeout(t);
      reject(new ChatError('cancelled', 'cancelled'));
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Calls `fn` until it succeeds, retrying rate limits (429), server errors (5xx), timeouts and network
 * failures with exponential backoff and full jitter; a Retry-After from the server replaces the backoff.
 * Other errors (bad request, bad key, cancellation) are thrown at once.
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  v: {
    signal: AbortSignal;
    random: () => number;
    options?: RetryOptions;
    onRetry?: (e: ChatError, delayMs: number) => void;
  },
): Promise<T> {
  const maxAttempts = v.options?.maxAttempts ?? 5;
  const base = v.options?.baseDelayMs ?? 1000;
  const maxDelay = v.options?.maxDelayMs ?? 30000;
  const maxRetryAfter = v.options?.maxRetryAfterMs ?? 60000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof ChatError) || !e.retryable || attempt >= maxAttempts || v.signal.aborted) throw e;
      const backoff = Math.min(maxDelay, base * 2 ** (attempt - 1)) * (0.5 + 0.5 * v.random());
      const delay = e.retryAfterMs !== null ? Math.min(e.retryAfterMs, maxRetryAfter) : backoff;
      v.onRetry?.(e, delay);
      await sleep(delay, v.signal);
    }
  }
}
