import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { AppError } from '../../shared/errors';
import { latestVersion, migrations } from './migrations';

/** Marks an SQLite file as a Taxonomist project (`PRAGMA application_id`, ASCII "TXNM"). */
export const APPLICATION_ID = 0x54584e4d;

export type OpenProjectOptions = {
  /** Create the file when it does not exist (default false). */
  create?: boolean;
};

const SQLITE_MAGIC = 'SQLite format 3\0';

function checkHeader(path: string): void {
  const size = statSync(path).size;
  if (size === 0) throw new AppError('NOT_A_PROJECT', `${path} is an empty file, not a Taxonomist project`);
  const head = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') !== SQLITE_MAGIC) {
    throw new AppError('NOT_A_PROJECT', `${path} is not a Taxonomist project (not an SQLite database)`);
  }
}

/**
 * A project: one SQLite file, opened only through here. One writer connection, WAL,
 * foreign keys on, schema brought up to date by the numbered migrations.
 */
export class ProjectStore {
  readonly db: Database.Database;
  readonly path: string;
  /** Schema version the file had before this open (0 for a new file). */
  readonly openedAtVersion: number;

  private constructor(db: Database.Database, path: string, openedAtVersion: number) {
    this.db = db;
    this.path = path;
    this.openedAtVersion = openedAtVersion;
  }

  static open(path: string, options: OpenProjectOptions = {}): ProjectStore {
    const inMemory = path === ':memory:';
    const exists = inMemory ? false : existsSync(path);
    if (!inMemory && !exists && !options.create) {
      throw new AppError('NOT_FOUND', `no project at ${path} (create one with: taxonomist init ${path})`);
    }
    if (exists) checkHeader(path);

    let db: Database.Database;
    try {
      db = new Database(path);
    } catch (e) {
      throw new AppError('NOT_A_PROJECT', `cannot open ${path}: ${(e as Error).message}`, { cause: e });
    }
    try {
      db.pragma('busy_timeout = 5000');
      const version = db.pragma('user_version', { simple: true }) as number;
      const appId = db.pragma('application_id', { simple: true }) as number;
      if (appId !== APPLICATION_ID) {
        const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as {
          n: number;
        };
        if (appId !== 0 || version !== 0 || tables.n > 0) {
          throw new AppError('NOT_A_PROJECT', `${path} is an SQLite database but not a Taxonomist project`);
        }
      }
      if (version > latestVersion) {
        throw new AppError(
          'PROJECT_TOO_NEW',
          `${path} was written by a newer version of Taxonomist (schema ${version}; this version knows up to ` +
            `${latestVersion}). Update Taxonomist to open it; the file was left untouched.`,
        );
      }
      if (!inMemory) db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = NORMAL');
      migrate(db, version);
      return new ProjectStore(db, path, version);
    } catch (e) {
      db.close();
      throw e;
    }
  }

  /** Runs `fn` in one transaction (BEGIN IMMEDIATE): all of it lands, or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** The schema version the file is at (`PRAGMA user_version`). */
export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every migration newer than `from`, each in its own transaction with its `user_version`. */
export function migrate(db: Database.Database, from: number): void {
  for (const m of migrations) {
    if (m.version <= from) continue;
    db.transaction(() => {
      m.up(db);
      if (from === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    from = m.version;
  }
}

/** Rewrites the file to give the space of deleted rows back (outside any transaction). */
export function vacuum(db: Database.Database): void {
  db.exec('VACUUM');
}

/**
 * A transaction that spans awaits, which better-sqlite3's `transaction` cannot: BEGIN IMMEDIATE
 * here, then `commitTransaction`, or `rollbackTransaction` on the way out when it did not land.
 */
export function beginTransaction(db: Database.Database): void {
  db.exec('BEGIN IMMEDIATE');
}

export function commitTransaction(db: Database.Database): void {
  db.exec('COMMIT');
}

/** Rolls back the open transaction, if one is still open (a failed statement may have ended it). */
export function rollbackTransaction(db: Database.Database): void {
  if (db.inTransaction) db.exec('ROLLBACK');
}
