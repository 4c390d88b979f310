import { describe, expect, it } from 'vitest';
import {
  ChatError,
  createChatModel,
  estimateCost,
  extractJson,
  parseRetryAfter,
  redact,
  runPool,
  withRetry,
} from '../../../src/engine/llm';

describe('parseRetryAfter', () => {
  it('reads seconds, HTTP dates and retry-after-ms', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(
      parseRetryAfter('Fri, 27 Nov 2026 10:00:05 GMT', null, Date.parse('Fri, 27 Nov 2026 10:00:00 GMT')),
    ).toBe(5000);
    expect(parseRetryAfter('1', '250')).toBe(250);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

describe('extractJson', () => {
  it('finds the object in plain JSON, fences and prose', () => {
    expect(extractJson('{"label": "A"}')).toEqual({ label: 'A' });
    expect(extractJson('```json\n{"label": "B"}\n```')).toEqual({ label: 'B' });
    expect(extractJson('The label is {"label": "C {x}"} as asked. {"other": 1}')).toEqual({ label: 'C {x}' });
    expect(() => extractJson('no json here')).toThrow(/no JSON object/);
    expect(() => extractJson('[1, 2]')).toThrow(/no JSON object/);
  });
});

describe('withRetry', () => {
  const never = new AbortController().signal;

  it('retries retryable errors with backoff and stops at the attempt limit', async () => {
    let calls = 0;
    const delays: number[] = [];
    await expect(
      withRetry(
        () => {
          calls++;
          return Promise.reject(new ChatError('server', 'HTTP 503', { status: 503 }));
        },
        {
          signal: never,
          random: () => 0.5,
          options: { maxAttempts: 3, baseDelayMs: 4 },
          onRetry: (_e, d) => delays.push(d),
        },
      ),
    ).rejects.toThrow('HTTP 503');
    expect(calls).toBe(3);
    expect(delays).toEqual([3, 6]);
  });

  it('does not retry a bad request, and honours a capped Retry-After', async () => {
    let calls = 0;
    await expect(
      withRetry(
        () => {
          calls++;
          return Promise.reject(new ChatError('request', 'HTTP 400', { status: 400 }));
        },
        { signal: never, random: Math.random },
      ),
    ).rejects.toThrow('HTTP 400');
    expect(calls).toBe(1);
    const delays: number[] = [];
    let n = 0;
    const v = await withRetry(
      () =>
        ++n === 1
          ? Promise.reject(new ChatError('rate-limit', '429', { retryAfterMs: 99_000 }))
          : Promise.resolve('ok'),
      {
        signal: never,
        random: Math.random,
        options: { maxRetryAfterMs: 5 },
        onRetry: (_e, d) => delays.push(d),
      },
    );
    expect(v).toBe('ok');
    expect(delays).toEqual([5]);
  });

  it('stops waiting when cancelled', async () => {
    const abort = new AbortController();
    const p = withRetry(() => Promise.reject(new ChatError('rate-limit', '429', { retryAfterMs: 60_000 })), {
      signal: abort.signal,
      random: Math.random,
    });
    setTimeout(() => abort.abort(), 10);
    await expect(p).rejects.toMatchObject({ kind: 'cancelled' });
  });
});

describe('runPool', () => {
  it('keeps at most `concurrency` calls in flight and visits every item', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await runPool(
      [1, 2, 3, 4, 5, 6, 7],
      3,
      async (x) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((ok) => setTimeout(ok, 5));
        seen.push(x);
        inFlight--;
      },
      new AbortController().signal,
    );
    expect(peak).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('keys and cost', () => {
  it('redacts secrets, and asks for a key only where one is needed', () => {
    expect(redact('key sk-abcdef in text sk-abcdef', ['sk-abcdef'])).toBe(
      'key [redacted] in text [redacted]',
    );
    expect(() => createChatModel({ provider: 'anthropic' }, {})).toThrow(/set ANTHROPIC_API_KEY/);
    expect(createChatModel({ provider: 'mistral' }, { MISTRAL_API_KEY: 'k-123' }).model).toBe(
      'open-mistral-7b',
    );
    expect(createChatModel({ provider: 'openai', baseUrl: 'http://127.0.0.1:1/v1' }, {}).provider).toBe(
      'openai',
    );
  });

  it('estimates cost from list prices by model prefix', () => {
    expect(estimateCost('openai', 'gpt-4o-2024-08-06', 1e6, 1e6)).toBe(12.5);
    expect(estimateCost('openai', 'gpt-4o-mini', 1e6, 0)).toBe(0.15);
    expect(estimateCost('openai', 'llama3.1:8b', 1000, 1000)).toBeNull();
  });
});
