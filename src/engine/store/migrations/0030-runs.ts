import type { Database } from 'better-sqlite3';

export const version = 30;
export const name = 'runs';

export function up(db: Database): void {
  db.exec(`
    -- A run is one execution of a stage (reduce, cluster, label, taxonomy) with every parameter kept.
    CREATE TABLE runs (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL,
      name TEXT,
      params TEXT NOT NULL,           -- JSON, every parameter
      input_run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
      embedding_set_id INTEGER REFERENCES embedding_sets(id) ON DELETE SET NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed', 'cancelled')),
      metrics TEXT,                   -- JSON
      error TEXT,
      created_at TEXT NOT NULL,
      started_at TEXT,
      finished_at TEXT
    ) STRICT;

    -- Coordinates of a reduce run: float32 n x dims, rows in the order of document_ids (int32).
    CREATE TABLE projections (
      run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
      dims INTEGER NOT NULL,
      count INTEGER NOT NULL,
      document_ids BLOB NOT NULL,
      coords BLOB NOT NULL
    ) STRICT;

    CREATE TABLE clusters (
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      cluster_id INTEGER NOT NULL,
      size INTEGER NOT NULL,
      persistence REAL,
      exemplars TEXT,                 -- JSON array of document ids
      PRIMARY KEY (run_id, cluster_id)
    ) STRICT;

    CREATE TABLE assignments (
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      cluster_id INTEGER NOT NULL,    -- -1 = noise
      probability REAL,
      outlier_score REAL,
      was_noise INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (run_id, document_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX assignments_cluster ON assignments(run_id, cluster_id);

    -- The HDBSCAN condensed tree of a cluster run, as typed-array BLOBs.
    CREATE TABLE condensed_trees (
      run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
      parents BLOB NOT NULL,
      children BLOB NOT NULL,
      lambdas BLOB NOT NULL,
      sizes BLOB NOT NULL
    ) STRICT;
  `);
}
