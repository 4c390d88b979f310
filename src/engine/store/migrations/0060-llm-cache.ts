import type { Database } from 'better-sqlite3';

export const version = 60;
export const name = 'llm-cache';

export function up(db: Database): void {
  db.exec(`
    -- Keyed by a hash of provider + model + prompt + parameters: a re-run costs nothing.
    -- API keys are never part of the request text stored here.
    CREATE TABLE llm_cache (
      key TEXT PRIMARY KEY,
      provider TEXT NOT NULL,
      model TEXT NOT NULL,
      request TEXT NOT NULL,
      response TEXT NOT NULL,
      input_tokens INTEGER,
      output_tokens INTEGER,
      created_at TEXT NOT NULL
    ) STRICT;
  `);
}
