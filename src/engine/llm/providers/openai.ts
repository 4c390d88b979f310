import type { OpenAI } from 'openai';
import type { ChatModel, ChatRequest, ChatResponse } from '../chat-model';
import { guardedCall } from './call';

export type ProviderOptions = { model: string; apiKey: string; baseUrl?: string | null; timeoutMs: number };

/** Any OpenAI-compatible chat-completions endpoint (OpenAI, Ollama, vLLM, llama.cpp server, LM Studio). */
export function openaiChatModel(o: ProviderOptions): ChatModel {
  // Retries are ours (backoff honouring Retry-After), so the SDK's are off; its timeout is a backstop.
  // The SDK loads on first use, so commands that never label do not pay for it.
  let client: Promise<OpenAI> | null = null;
  const getClient = () =>
    (client ??= import('openai').then(
      ({ OpenAI }) =>
        new OpenAI({
          apiKey: o.apiKey,
          baseURL: o.baseUrl ?? undefined,
          maxRetries: 0,
          timeout: o.timeoutMs + 5000,
        }),
    ));
  return {
    provider: 'openai',
    model: o.model,
    baseUrl: o.baseUrl ?? null,
    complete: (req: ChatRequest, { signal }): Promise<ChatResponse> =>
      guardedCall(
        async (s) => {
          const res = await (
            await getClient()
          ).chat.completions.create(
            {
              model: o.model,
              messages: req.messages,
              temperature: req.temperature,
              max_tokens: req.maxTokens,
              ...(req.json ? { response_format: { type: 'json_object' as const } } : {}),
            },
            { signal: s },
          );
          return {
            text: res.choices[0]?.message?.content ?? '',
            inputTokens: res.usage?.prompt_tokens ?? null,
            outputTokens: res.usage?.completion_tokens ?? null,
          };
        },
        { signal, timeoutMs: o.timeoutMs, secrets: [o.apiKey] },
      ),
  };
}
