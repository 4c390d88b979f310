import type { Database } from 'better-sqlite3';

export const version = 120;
export const name = 'taxonomy-documents';

export function up(db: Database): void {
  db.exec(`
    -- Documents a curator moved between topics by hand; wins over the node of the document's cluster.
    CREATE TABLE taxonomy_document_nodes (
      taxonomy_id INTEGER NOT NULL REFERENCES taxonomies(id) ON DELETE CASCADE,
      document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      node_id INTEGER NOT NULL REFERENCES taxonomy_nodes(id) ON DELETE CASCADE,
      PRIMARY KEY (taxonomy_id, document_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX taxonomy_document_nodes_node ON taxonomy_document_nodes(node_id);
  `);
}
