import type { Database } from 'better-sqlite3';

export type RunStatus = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

export type Run = {
  id: number;
  kind: string;
  name: string | null;
  params: Record<string, unknown>;
  inputRunId: number | null;
  embeddingSetId: number | null;
  status: RunStatus;
  metrics: Record<string, unknown> | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

type RawRun = {
  id: number;
  kind: string;
  name: string | null;
  params: string;
  input_run_id: number | null;
  embedding_set_id: number | null;
  status: RunStatus;
  metrics: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
};

const fromRaw = (r: RawRun): Run => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  params: JSON.parse(r.params) as Record<string, unknown>,
  inputRunId: r.input_run_id,
  embeddingSetId: r.embedding_set_id,
  status: r.status,
  metrics: r.metrics == null ? null : (JSON.parse(r.metrics) as Record<string, unknown>),
  error: r.error,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

/** Records a new run (status `running`) with every parameter it was given. */
export function createRun(
  db: Database,
  v: {
    kind: string;
    params: Record<string, unknown>;
    name?: string | null;
    inputRunId?: number | null;
    embeddingSetId?: number | null;
  },
): number {
  const now = new Date().toISOString();
  const info = db
    .prepare(
      `INSERT INTO runs (kind, name, params, input_run_id, embedding_set_id, status, created_at, started_at)
       VALUES (?, ?, ?, ?, ?, 'running', ?, ?)`,
    )
    .run(
      v.kind,
      v.name ?? null,
      JSON.stringify(v.params),
      v.inputRunId ?? null,
      v.embeddingSetId ?? null,
      now,
      now,
    );
  return Number(info.lastInsertRowid);
}

export function finishRun(
  db: Database,
  id: number,
  v: {
    status: Exclude<RunStatus, 'pending' | 'running'>;
    metrics?: Record<string, unknown> | null;
    error?: string | null;
  },
): void {
  db.prepare('UPDATE runs SET status = ?, metrics = ?, error = ?, finished_at = ? WHERE id = ?').run(
    v.status,
    v.metrics == null ? null : JSON.stringify(v.metrics),
    v.error ?? null,
    new Date().toISOString(),
    id,
  );
}

export function getRun(db: Database, id: number): Run | undefined {
  const r = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RawRun | undefined;
  return r && fromRaw(r);
}

/** Runs, newest first; only those of `kind` when given. */
export function listRuns(db: Database, kind?: string): Run[] {
  const rows = (
    kind
      ? db.prepare('SELECT * FROM runs WHERE kind = ? ORDER BY id DESC').all(kind)
      : db.prepare('SELECT * FROM runs ORDER BY id DESC').all()
  ) as RawRun[];
  return rows.map(fromRaw);
}
