import type { Database } from 'better-sqlite3';

export const version = 70;
export const name = 'jobs';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE jobs (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      params TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'finished', 'failed', 'cancelled')),
      progress TEXT,                  -- JSON: last progress event
      result TEXT,
      error TEXT,                     -- JSON { code, message }
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX jobs_status ON jobs(status);
  `);
}
