import type { Database } from 'better-sqlite3';

export const version = 40;
export const name = 'topics';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE topics (
      id INTEGER PRIMARY KEY,
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      cluster_id INTEGER NOT NULL,
      label TEXT NOT NULL,
      description TEXT,
      source TEXT NOT NULL CHECK (source IN ('llm', 'keywords', 'human')),
      locked INTEGER NOT NULL DEFAULT 0,
      keyphrases TEXT,                -- JSON array of { term, score }
      provenance TEXT,                -- JSON: model, prompt hash, sampled document ids, time
      updated_at TEXT NOT NULL,
      UNIQUE (run_id, cluster_id)
    ) STRICT;

    CREATE TABLE topic_edits (
      id INTEGER PRIMARY KEY,
      topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
      field TEXT NOT NULL,
      old_value TEXT,
      new_value TEXT,
      source TEXT NOT NULL,
      at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX topic_edits_topic ON topic_edits(topic_id);
  `);
}
