import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { getCachedResponse, putCachedResponse } from '../store/llm-cache';
import type { ChatModel, ChatRequest, ChatResponse } from './chat-model';
import type { RetryOptions } from './retry';
import { withRetry } from './retry';
import type { ChatError } from './errors';

/** What a run spent: requests sent, answers served from the cache, tokens the provider counted. */
export type ChatUsage = {
  requests: number;
  cacheHits: number;
  retries: number;
  inputTokens: number;
  outputTokens: number;
};

export const emptyUsage = (): ChatUsage => ({
  requests: 0,
  cacheHits: 0,
  retries: 0,
  inputTokens: 0,
  outputTokens: 0,
});

/** The cache key: provider + endpoint + model + the whole request (messages and parameters). */
export function cacheKey(model: ChatModel, request: ChatRequest): { key: string; text: string } {
  const text = JSON.stringify({
    provider: model.provider,
    baseUrl: model.baseUrl,
    model: model.model,
    messages: request.messages,
    temperature: request.temperature,
    maxTokens: request.maxTokens,
    json: request.json ?? false,
  });
  return { key: createHash('sha256').update(text).digest('hex'), text };
}

/**
 * A chat call that first looks in the project's llm_cache, else calls the model with retries and stores
 * the answer as soon as it arrives: a re-run costs nothing, and a killed run keeps what it received.
 */
export async function cachedComplete(
  db: Database,
  model: ChatModel,
  request: ChatRequest,
  v: {
    signal: AbortSignal;
    random: () => number;
    usage: ChatUsage;
    retry?: RetryOptions;
    onRetry?: (e: ChatError, delayMs: number) => void;
    /** Ask the model even when the cache holds an answer (which the new answer then replaces). */
    refresh?: boolean;
  },
): Promise<ChatResponse & { cached: boolean }> {
  const { key, text } = cacheKey(model, request);
  const hit = v.refresh ? undefined : getCachedResponse(db, key);
  if (hit) {
    v.usage.cacheHits++;
    return { text: hit.response, inputTokens: hit.inputTokens, outputTokens: hit.outputTokens, cached: true };
  }
  const res = await withRetry(
    () => {
      v.usage.requests++;
      return model.complete(request, { signal: v.signal });
    },
    {
      signal: v.signal,
      random: v.random,
      ...(v.retry ? { options: v.retry } : {}),
      onRetry: (e, d) => {
        v.usage.retries++;
        v.onRetry?.(e, d);
      },
    },
  );
  v.usage.inputTokens += res.inputTokens ?? 0;
  v.usage.outputTokens += res.outputTokens ?? 0;
  putCachedResponse(db, {
    key,
    provider: model.provider,
    model: model.model,
    request: text,
    response: res.text,
    inputTokens: res.inputTokens,
    outputTokens: res.outputTokens,
  });
  return { ...res, cached: false };
}
