import type { Database } from 'better-sqlite3';

/**
 * One recorded edit. `redo` and `undo` are the steps that make and revert it, as plain JSON; the
 * engine's history reads them (src/engine/history), the store only keeps them in order.
 */
export type HistoryRow = {
  id: number;
  scope: string;
  kind: string;
  label: string;
  redo: unknown;
  undo: unknown;
  undone: boolean;
  at: string;
};

type RawRow = {
  id: number;
  scope: string;
  kind: string;
  label: string;
  redo: string;
  undo: string;
  undone: number;
  at: string;
};

const fromRaw = (r: RawRow): HistoryRow => ({
  id: r.id,
  scope: r.scope,
  kind: r.kind,
  label: r.label,
  redo: JSON.parse(r.redo) as unknown,
  undo: JSON.parse(r.undo) as unknown,
  undone: r.undone === 1,
  at: r.at,
});

/** Records an edit just made; the undone ones go, since a new edit means they can no longer be redone. */
export function recordHistory(
  db: Database,
  v: { scope: string; kind: string; label: string; redo: unknown; undo: unknown },
): { id: number; at: string } {
  db.prepare('DELETE FROM history WHERE undone = 1').run();
  const at = new Date().toISOString();
  const info = db
    .prepare('INSERT INTO history (scope, kind, label, redo, undo, undone, at) VALUES (?, ?, ?, ?, ?, 0, ?)')
    .run(v.scope, v.kind, v.label, JSON.stringify(v.redo), JSON.stringify(v.undo), at);
  return { id: Number(info.lastInsertRowid), at };
}

/** The edit undo would revert: the newest not undone (of one scope, when given). */
export function lastDone(db: Database, scope?: string): HistoryRow | undefined {
  const r = (
    scope === undefined
      ? db.prepare('SELECT * FROM history WHERE undone = 0 ORDER BY id DESC LIMIT 1').get()
      : db.prepare('SELECT * FROM history WHERE scope = ? AND undone = 0 ORDER BY id DESC LIMIT 1').get(scope)
  ) as RawRow | undefined;
  return r && fromRaw(r);
}

/** The edit redo would replay: the oldest undone (of one scope, when given). */
export function firstUndone(db: Database, scope?: string): HistoryRow | undefined {
  const r = (
    scope === undefined
      ? db.prepare('SELECT * FROM history WHERE undone = 1 ORDER BY id LIMIT 1').get()
      : db.prepare('SELECT * FROM history WHERE scope = ? AND undone = 1 ORDER BY id LIMIT 1').get(scope)
  ) as RawRow | undefined;
  return r && fromRaw(r);
}

export function markUndone(db: Database, id: number, undone: boolean): void {
  db.prepare('UPDATE history SET undone = ? WHERE id = ?').run(undone ? 1 : 0, id);
}

/** Removes an edit that can no longer be made or reverted. */
export function dropHistoryEntry(db: Database, id: number): void {
  db.prepare('DELETE FROM history WHERE id = ?').run(id);
}

/** Every recorded edit, oldest first (of one scope, when given). */
export function listHistory(db: Database, scope?: string): HistoryRow[] {
  return (
    (scope === undefined
      ? db.prepare('SELECT * FROM history ORDER BY id').all()
      : db.prepare('SELECT * FROM history WHERE scope = ? ORDER BY id').all(scope)) as RawRow[]
  ).map(fromRaw);
}
