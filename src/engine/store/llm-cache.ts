import type { Database } from 'better-sqlite3';

export type CachedResponse = {
  key: string;
  provider: string;
  model: string;
  /** The request as sent (messages and parameters), never an API key. */
  request: string;
  response: string;
  inputTokens: number | null;
  outputTokens: number | null;
  createdAt: string;
};

type RawCached = {
  key: string;
  provider: string;
  model: string;
  request: string;
  response: string;
  input_tokens: number | null;
  output_tokens: number | null;
  created_at: string;
};

export function getCachedResponse(db: Database, key: string): CachedResponse | undefined {
  const r = db.prepare('SELECT * FROM llm_cache WHERE key = ?').get(key) as RawCached | undefined;
  return (
    r && {
      key: r.key,
      provider: r.provider,
      model: r.model,
      request: r.request,
      response: r.response,
      inputTokens: r.input_tokens,
      outputTokens: r.output_tokens,
      createdAt: r.created_at,
    }
  );
}

/** Stores one response at once (its own statement, so a killed process keeps every answer received). */
export function putCachedResponse(db: Database, v: Omit<CachedResponse, 'createdAt'>): void {
  db.prepare(
    `INSERT OR REPLACE INTO llm_cache (key, provider, model, request, response, input_tokens, output_tokens, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    v.key,
    v.provider,
    v.model,
    v.request,
    v.response,
    v.inputTokens,
    v.outputTokens,
    new Date().toISOString(),
  );
}

export function countCachedResponses(db: Database): number {
  return (db.prepare('SELECT count(*) AS n FROM llm_cache').get() as { n: number }).n;
}
