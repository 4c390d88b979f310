import type { Database } from 'better-sqlite3';

export const version = 20;
export const name = 'embeddings';

export function up(db: Database): void {
  db.exec(`
    -- One set per (model, revision, precision, text template). Quantized sets point at the float32
    -- set they came from and keep the calibration ranges, so vectors added later quantize the same.
    CREATE TABLE embedding_sets (
      id INTEGER PRIMARY KEY,
      model TEXT NOT NULL,
      revision TEXT NOT NULL,
      dtype TEXT NOT NULL,
      precision TEXT NOT NULL CHECK (precision IN ('float32', 'int8', 'uint8', 'binary', 'ubinary')),
      dims INTEGER NOT NULL,
      text_template TEXT NOT NULL,
      normalized INTEGER NOT NULL,
      source_set_id INTEGER REFERENCES embedding_sets(id) ON DELETE CASCADE,
      calibration BLOB,               -- float32 [min0..min(d-1), max0..max(d-1)]
      calibration_info TEXT,          -- JSON: { method, size, seed }
      created_at TEXT NOT NULL,
      UNIQUE (model, revision, dtype, precision, text_template, source_set_id)
    ) STRICT;

    CREATE TABLE embeddings (
      set_id INTEGER NOT NULL REFERENCES embedding_sets(id) ON DELETE CASCADE,
      document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      text_hash BLOB NOT NULL,        -- sha256 of the embedded text: a changed text is re-embedded
      vector BLOB NOT NULL,
      PRIMARY KEY (set_id, document_id)
    ) STRICT, WITHOUT ROWID;
  `);
}
