import type { ChatProvider } from '../../shared/params';
/** The chat providers Taxonomist can label with. */
export type ProviderName = ChatProvider;

export type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };

export type ChatRequest = {
  messages: ChatMessage[];
  temperature: number;
  maxTokens: number;
  /** Ask for a JSON object where the provider supports a JSON mode. */
  json?: boolean;
};

export type ChatResponse = {
  text: string;
  /** Prompt and completion tokens as the provider counted them; null when it did not say. */
  inputTokens: number | null;
  outputTokens: number | null;
};

/** One chat-completion endpoint with a fixed model. Implementations never log or return the API key. */
export interface ChatModel {
  readonly provider: ProviderName;
  readonly model: string;
  /** The endpoint, when not the provider's default; part of the cache key. */
  readonly baseUrl: string | null;
  complete(request: ChatRequest, options: { signal: AbortSignal }): Promise<ChatResponse>;
}
