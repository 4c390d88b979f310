import type { ProviderName } from './chat-model';

/**
 * List prices in US dollars per million tokens (input, output), as published by each provider in 2025,
 * matched by model-name prefix (longest first). An estimate only: unknown and local models cost null.
 */
const PRICES: Record<ProviderName, [prefix: string, input: number, output: number][]> = {
  openai: [
    ['gpt-4o-mini', 0.15, 0.6],
    ['gpt-4o', 2.5, 10],
    ['gpt-4.1-nano', 0.1, 0.4],
    ['gpt-4.1-mini', 0.4, 1.6],
    ['gpt-4.1', 2, 8],
    ['gpt-5-nano', 0.05, 0.4],
    ['gpt-5-mini', 0.25, 2],
    ['gpt-5', 1.25, 10],
  ],
  anthropic: [
    ['claude-3-5-haiku', 0.8, 4],
    ['claude-haiku-4', 1, 5],
    ['claude-sonnet-4', 3, 15],
    ['claude-3-7-sonnet', 3, 15],
    ['claude-opus-4', 15, 75],
  ],
  mistral: [
    ['open-mistral-7b', 0.25, 0.25],
    ['mistral-small', 0.1, 0.3],
    ['mistral-medium', 0.4, 2],
    ['mistral-large', 2, 6],
    ['ministral-8b', 0.1, 0.1],
    ['ministral-3b', 0.04, 0.04],
    ['open-mistral-nemo', 0.15, 0.15],
  ],
};

/** Estimated cost in US dollars of the given token counts, or null when the model's price is unknown. */
export function estimateCost(
  provider: ProviderName,
  model: string,
  inputTokens: number,
  outputTokens: number,
): number | null {
  const rows = [...PRICES[provider]].sort((a, b) => b[0].length - a[0].length);
  const row = rows.find(([prefix]) => model.startsWith(prefix));
  if (!row) return null;
  return (inputTokens * row[1] + outputTokens * row[2]) / 1e6;
}
