import type { Database } from 'better-sqlite3';

export const version = 50;
export const name = 'taxonomy';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE taxonomies (
      id INTEGER PRIMARY KEY,
      run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
      name TEXT NOT NULL,
      source TEXT NOT NULL,           -- llm | offline | human | imported
      provenance TEXT,
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE taxonomy_nodes (
      id INTEGER PRIMARY KEY,
      taxonomy_id INTEGER NOT NULL REFERENCES taxonomies(id) ON DELETE CASCADE,
      parent_id INTEGER REFERENCES taxonomy_nodes(id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      label TEXT NOT NULL,
      definition TEXT,
      flags TEXT,                     -- JSON: e.g. { "noEvidence": true, "unplaced": true }
      topic_id INTEGER REFERENCES topics(id) ON DELETE SET NULL
    ) STRICT;
    CREATE INDEX taxonomy_nodes_parent ON taxonomy_nodes(taxonomy_id, parent_id, position);

    CREATE TABLE taxonomy_node_clusters (
      node_id INTEGER NOT NULL REFERENCES taxonomy_nodes(id) ON DELETE CASCADE,
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      cluster_id INTEGER NOT NULL,
      PRIMARY KEY (node_id, run_id, cluster_id)
    ) STRICT, WITHOUT ROWID;

    -- Registered edit commands with their inverses, so undo/redo survives a restart.
    CREATE TABLE edit_history (
      id INTEGER PRIMARY KEY,
      scope TEXT NOT NULL,            -- e.g. 'taxonomy:3', 'topics:12'
      command TEXT NOT NULL,          -- JSON { name, args }
      inverse TEXT NOT NULL,          -- JSON { name, args }
      undone INTEGER NOT NULL DEFAULT 0,
      at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX edit_history_scope ON edit_history(scope, id);
  `);
}
