import { toChatError } from '../errors';

/**
 * Runs one SDK call under the caller's signal plus a timeout of our own, so every provider times out and
 * cancels the same way whatever its SDK does, and errors come back as ChatError with secrets removed.
 */
export async function guardedCall<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  v: { signal: AbortSignal; timeoutMs: number; secrets: readonly (string | null | undefined)[] },
): Promise<T> {
  const timer = new AbortController();
  const handle = setTimeout(() => timer.abort(), v.timeoutMs);
  const signal = AbortSignal.any([v.signal, timer.signal]);
  try {
    return await fn(signal);
  } catch (e) {
    throw toChatError(e, { timedOut: timer.signal.aborted, cancelled: v.signal.aborted, secrets: v.secrets });
  } finally {
    clearTimeout(handle);
  }
}
