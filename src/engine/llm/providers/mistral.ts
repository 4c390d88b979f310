import type { Mistral } from '@mistralai/mistralai';
import type { ChatModel, ChatRequest, ChatResponse } from '../chat-model';
import { guardedCall } from './call';
import type { ProviderOptions } from './openai';

/** Mistral's chat completions (`POST /v1/chat/completions`). */
export function mistralChatModel(o: ProviderOptions): ChatModel {
  let client: Promise<Mistral> | null = null;
  const getClient = () =>
    (client ??= import('@mistralai/mistralai').then(
      ({ Mistral }) =>
        new Mistral({
          apiKey: o.apiKey,
          ...(o.baseUrl ? { serverURL: o.baseUrl } : {}),
          retryConfig: { strategy: 'none' },
          timeoutMs: o.timeoutMs + 5000,
        }),
    ));
  return {
    provider: 'mistral',
    model: o.model,
    baseUrl: o.baseUrl ?? null,
    complete: (req: ChatRequest, { signal }): Promise<ChatResponse> =>
      guardedCall(
        async (s) => {
          const res = await (
            await getClient()
          ).chat.complete(
            {
              model: o.model,
              messages: req.messages,
              temperature: req.temperature,
              maxTokens: req.maxTokens,
              ...(req.json ? { responseFormat: { type: 'json_object' as const } } : {}),
            },
            { signal: s },
          );
          const content = res.choices[0]?.message?.content;
          const text =
            typeof content === 'string'
              ? content
              : Array.isArray(content)
                ? content.map((c) => (c.type === 'text' ? c.text : '')).join('')
                : '';
          return {
            text,
            inputTokens: res.usage?.promptTokens ?? null,
            outputTokens: res.usage?.completionTokens ?? null,
          };
        },
        { signal, timeoutMs: o.timeoutMs, secrets: [o.apiKey] },
      ),
  };
}
