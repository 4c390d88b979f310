// Reads a project file without opening it as a project (no migrations, no writer): for lists of
// recent projects, which must not change the files they describe.
import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';

let sqlite: typeof Database | null | undefined;
/**
 * SQLite, loaded on first use: the desktop shell's main process reaches this module through the
 * recent-projects list, and a native module that fails to load there must cost the Home screen its
 * counts, not the app its start.
 */
function loadSqlite(): typeof Database | null {
  if (sqlite === undefined) {
    try {
      sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof Database;
    } catch {
      sqlite = null;
    }
  }
  return sqlite;
}

/** Counts documents through a read-only connection; null for anything that is not a readable project. */
export function peekDocumentCount(path: string): number | null {
  const Sqlite = loadSqlite();
  if (!Sqlite) return null;
  let db: Database.Database | null = null;
  try {
    db = new Sqlite(path, { readonly: true, fileMustExist: true, timeout: 250 });
    const row = db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number };
    return row.n;
  } catch {
    return null;
  } finally {
    db?.close();
  }
}
