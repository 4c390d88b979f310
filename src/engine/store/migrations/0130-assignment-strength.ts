import type { Database } from 'better-sqlite3';

export const version = 130;
export const name = 'assignment-strength';

export function up(db: Database): void {
  db.exec(`
    -- How strongly a document belongs to its topic, 0..1: HDBSCAN's membership probability for the
    -- documents it clustered, the assignment's confidence for noise documents given a topic afterwards.
    -- NULL for runs made before it was kept (readers fall back to the probability).
    ALTER TABLE assignments ADD COLUMN strength REAL;
  `);
}
