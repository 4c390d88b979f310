import { AppError } from '../../shared/errors';
import type { ChatModel, ProviderName } from './chat-model';
import { anthropicChatModel } from './providers/anthropic';
import { mistralChatModel } from './providers/mistral';
import { openaiChatModel } from './providers/openai';
import { CHAT_PROVIDER_INFO, CHAT_PROVIDERS } from '../../shared/params';

export const PROVIDERS: readonly ProviderName[] = CHAT_PROVIDERS;

/** Default models: the case study labelled with Mistral-7B-Instruct. */
export const DEFAULT_MODELS: Record<ProviderName, string> = {
  mistral: 'open-mistral-7b',
  anthropic: 'claude-sonnet-4-5',
  openai: 'gpt-4o',
};

/** The environment variable that holds each provider's API key. */
export const API_KEY_ENV = Object.fromEntries(
  CHAT_PROVIDERS.map((p) => [p, CHAT_PROVIDER_INFO[p].env]),
) as Record<ProviderName, string>;

export type ChatModelConfig = {
  provider: ProviderName;
  model?: string | null;
  baseUrl?: string | null;
  /** From the application's settings; else the provider's environment variable. Never stored in a project. */
  apiKey?: string | null;
  timeoutMs?: number;
};

/** The API key for a provider: the given one, else its environment variable. */
export function resolveApiKey(
  provider: ProviderName,
  given: string | null | undefined,
  env: Record<string, string | undefined> = process.env,
): string | null {
  const k = given ?? env[API_KEY_ENV[provider]];
  return k && k.trim() ? k.trim() : null;
}

/**
 * A ChatModel for the configuration. A missing key is an error, except for an OpenAI-compatible server
 * at a custom base URL (Ollama, vLLM, llama.cpp, LM Studio), which usually needs none.
 */
export function createChatModel(
  c: ChatModelConfig,
  env: Record<string, string | undefined> = process.env,
): ChatModel {
  const apiKey =
    resolveApiKey(c.provider, c.apiKey, env) ?? (c.provider === 'openai' && c.baseUrl ? 'not-needed' : null);
  if (!apiKey) {
    throw new AppError(
      'INVALID_INPUT',
      `no API key for ${c.provider}: set ${API_KEY_ENV[c.provider]} (or label offline with --provider keywords)`,
    );
  }
  const o = {
    model: c.model ?? DEFAULT_MODELS[c.provider],
    apiKey,
    baseUrl: c.baseUrl ?? null,
    timeoutMs: c.timeoutMs ?? 60000,
  };
  if (c.provider === 'mistral') return mistralChatModel(o);
  if (c.provider === 'anthropic') return anthropicChatModel(o);
  return openaiChatModel(o);
}
