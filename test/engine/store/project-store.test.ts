import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { APPLICATION_ID, latestVersion, migrations, ProjectStore } from '../../../src/engine/store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'taxonomist-store-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : `not an AppError: ${String(e)}`;
  }
  return undefined;
};

describe('ProjectStore', () => {
  it('creates a project in WAL mode with foreign keys on and the latest schema', () => {
    const path = join(dir, 'p.taxonomist');
    const store = ProjectStore.open(path, { create: true });
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('user_version', { simple: true })).toBe(latestVersion);
    expect(store.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(store.openedAtVersion).toBe(0);
    store.close();
    const again = ProjectStore.open(path);
    expect(again.openedAtVersion).toBe(latestVersion);
    again.close();
  });

  it('refuses a missing file unless asked to create it', () => {
    expect(codeOf(() => ProjectStore.open(join(dir, 'nope.taxonomist')))).toBe('NOT_FOUND');
  });

  it('refuses a file written by a newer version, with a clear message, and leaves it untouched', () => {
    const path = join(dir, 'future.taxonomist');
    ProjectStore.open(path, { create: true }).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${latestVersion + 10}`);
    raw.close();
    const before = readFileSync(path);
    let message = '';
    try {
      ProjectStore.open(path);
    } catch (e) {
      expect((e as AppError).code).toBe('PROJECT_TOO_NEW');
      message = (e as Error).message;
    }
    expect(message).toMatch(/newer version of Taxonomist/);
    expect(message).toContain(String(latestVersion + 10));
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses files that are not projects: text, empty, a foreign SQLite database', () => {
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hello, this is not a database at all........');
    expect(codeOf(() => ProjectStore.open(text))).toBe('NOT_A_PROJECT');
    const empty = join(dir, 'empty.taxonomist');
    writeFileSync(empty, '');
    expect(codeOf(() => ProjectStore.open(empty))).toBe('NOT_A_PROJECT');
    const foreign = join(dir, 'other.db');
    const raw = new Database(foreign);
    raw.exec('CREATE TABLE t (a)');
    raw.close();
    expect(codeOf(() => ProjectStore.open(foreign))).toBe('NOT_A_PROJECT');
  });

  it('upgrades an older project file step by step, keeping its data', () => {
    const path = join(dir, 'old.taxonomist');
    const raw = new Database(path);
    raw.pragma('journal_mode = WAL');
    // As the first released schema would have left it.
    migrations[0]!.up(raw);
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    raw.pragma('user_version = 10');
    raw.exec("INSERT INTO settings VALUES ('textTemplate', '{title}')");
    raw.close();
    const store = ProjectStore.open(path);
    expect(store.openedAtVersion).toBe(10);
    expect(store.db.pragma('user_version', { simple: true })).toBe(latestVersion);
    expect(store.db.prepare("SELECT value FROM settings WHERE key = 'textTemplate'").get()).toEqual({
      value: '{title}',
    });
    store.close();
  });

  it('commits a transaction as a whole or not at all', () => {
    const store = ProjectStore.open(':memory:', { create: true });
    const put = store.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    expect(() =>
      store.transaction(() => {
        put.run('a', '1');
        put.run('a', '2');
      }),
    ).toThrow();
    expect(store.db.prepare('SELECT count(*) AS n FROM settings').get()).toEqual({ n: 0 });
    store.close();
  });
});
