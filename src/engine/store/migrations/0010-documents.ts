import type { Database } from 'better-sqlite3';

export const version = 10;
export const name = 'documents';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE imports (
      id INTEGER PRIMARY KEY,
      source_path TEXT NOT NULL,
      format TEXT NOT NULL,
      compressed INTEGER NOT NULL,
      mapping TEXT NOT NULL,          -- JSON: field -> source column
      text_template TEXT NOT NULL,
      rows_read INTEGER NOT NULL,
      imported INTEGER NOT NULL,
      duplicate_ids INTEGER NOT NULL,
      duplicate_texts INTEGER NOT NULL,
      rejected INTEGER NOT NULL,
      rejections TEXT NOT NULL,       -- JSON: first rejections, { line, reason }
      started_at TEXT NOT NULL,
      finished_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE documents (
      id INTEGER PRIMARY KEY,
      import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      ext_id TEXT NOT NULL UNIQUE,
      title TEXT NOT NULL,
      abstract TEXT NOT NULL,
      year INTEGER,
      authors TEXT,                   -- JSON array of strings
      categories TEXT,                -- JSON array of strings
      venue TEXT,
      url TEXT,
      extra TEXT,                     -- JSON object of unmapped columns
      content_hash BLOB NOT NULL,     -- sha256/16 of normalised title + abstract
      source_line INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX documents_import ON documents(import_id);
    CREATE INDEX documents_content_hash ON documents(content_hash);
  `);
}
