import type { Anthropic } from '@anthropic-ai/sdk';
import type { ChatModel, ChatRequest, ChatResponse } from '../chat-model';
import { guardedCall } from './call';
import type { ProviderOptions } from './openai';

/** Claude through the Messages API (`POST /v1/messages`). */
export function anthropicChatModel(o: ProviderOptions): ChatModel {
  let client: Promise<Anthropic> | null = null;
  const getClient = () =>
    (client ??= import('@anthropic-ai/sdk').then(
      ({ Anthropic }) =>
        new Anthropic({
          apiKey: o.apiKey,
          baseURL: o.baseUrl ?? undefined,
          maxRetries: 0,
          timeout: o.timeoutMs + 5000,
        }),
    ));
  return {
    provider: 'anthropic',
    model: o.model,
    baseUrl: o.baseUrl ?? null,
    complete: (req: ChatRequest, { signal }): Promise<ChatResponse> =>
      guardedCall(
        async (s) => {
          // The Messages API takes the system prompt apart from the turns.
          const system = req.messages
            .filter((m) => m.role === 'system')
            .map((m) => m.content)
            .join('\n\n');
          const turns = req.messages
            .filter((m) => m.role !== 'system')
            .map((m) => ({ role: m.role as 'user' | 'assistant', content: m.content }));
          const res = await (
            await getClient()
          ).messages.create(
            {
              model: o.model,
              max_tokens: req.maxTokens,
              // The 1.x SDK's Messages API has no temperature parameter: Claude samples at its own setting.
              ...(system ? { system } : {}),
              messages: turns,
            },
            { signal: s },
          );
          const text = res.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
          return {
            text,
            inputTokens: res.usage?.input_tokens ?? null,
            outputTokens: res.usage?.output_tokens ?? null,
          };
        },
        { signal, timeoutMs: o.timeoutMs, secrets: [o.apiKey] },
      ),
  };
}
