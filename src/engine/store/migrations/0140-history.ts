import type { Database } from 'better-sqlite3';

export const version = 140;
export const name = 'history';

export function up(db: Database): void {
  db.exec(`
    -- The project's one history of curator edits, whichever part of it they change (a taxonomy, a
    -- topic's label or lock, documents moved between topics). Undo reverts the newest entry not yet
    -- undone, redo replays the oldest undone one; a new edit drops the undone ones.
    CREATE TABLE history (
      id INTEGER PRIMARY KEY,
      scope TEXT NOT NULL,            -- what the edit changed: 'taxonomy:3', 'topics:12', 'labels:12'
      kind TEXT NOT NULL,             -- the command's kind: 'taxonomy-edit', 'topic-rename', ...
      label TEXT NOT NULL,            -- how the Undo button names it: 'rename “Speech” to “Talk”'
      redo TEXT NOT NULL,             -- JSON step that makes the edit
      undo TEXT NOT NULL,             -- JSON step that reverts it
      undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
      at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX history_scope ON history(scope, id);

    -- The edits recorded per taxonomy and per cluster run before, kept in their order.
    INSERT INTO history (id, scope, kind, label, redo, undo, undone, at)
      SELECT id, scope, 'taxonomy-edit', 'edit the taxonomy',
        json_object('kind', 'taxonomy', 'taxonomyId', CAST(substr(scope, 10) AS INTEGER), 'call', json(command)),
        json_object('kind', 'taxonomy', 'taxonomyId', CAST(substr(scope, 10) AS INTEGER), 'call', json(inverse)),
        undone, at
      FROM edit_history WHERE scope LIKE 'taxonomy:%';
    INSERT INTO history (id, scope, kind, label, redo, undo, undone, at)
      SELECT id, scope, 'move-documents', 'move documents',
        json_object('kind', 'assign', 'runId', CAST(substr(scope, 8) AS INTEGER),
          'entries', json_extract(command, '$.args.entries')),
        json_object('kind', 'assign', 'runId', CAST(substr(scope, 8) AS INTEGER),
          'entries', json_extract(inverse, '$.args.entries')),
        undone, at
      FROM edit_history WHERE scope LIKE 'topics:%';
    DROP TABLE edit_history;
  `);
}
