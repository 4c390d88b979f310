import type { Database } from 'better-sqlite3';
import type { AppErrorData } from '../../shared/errors';
import type { Job, JobKind } from '../../shared/contract';
import type { Progress } from '../../shared/progress';

type RawJob = {
  id: string;
  kind: JobKind;
  params: string;
  status: Job['status'];
  progress: string | null;
  result: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
};

const fromRaw = (r: RawJob): Job => ({
  id: r.id,
  kind: r.kind,
  params: JSON.parse(r.params) as Record<string, unknown>,
  status: r.status,
  progress: r.progress ? (JSON.parse(r.progress) as Progress) : null,
  result: r.result ? (JSON.parse(r.result) as unknown) : null,
  error: r.error ? (JSON.parse(r.error) as AppErrorData) : null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function insertJob(db: Database, id: string, kind: JobKind, params: Record<string, unknown>): void {
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO jobs (id, kind, params, status, created_at, updated_at) VALUES (?, ?, ?, 'queued', ?, ?)`,
  ).run(id, kind, JSON.stringify(params), now, now);
}

export function updateJob(
  db: Database,
  id: string,
  v: { status?: Job['status']; progress?: Progress | null; result?: unknown; error?: AppErrorData | null },
): void {
  const sets: string[] = ['updated_at = ?'];
  const args: unknown[] = [new Date().toISOString()];
  const set = (column: string, value: unknown) => {
    sets.push(`${column} = ?`);
    args.push(value);
  };
  if (v.status !== undefined) set('status', v.status);
  if (v.progress !== undefined) set('progress', v.progress ? JSON.stringify(v.progress) : null);
  if (v.result !== undefined) set('result', JSON.stringify(v.result ?? null));
  if (v.error !== undefined) set('error', v.error ? JSON.stringify(v.error) : null);
  db.prepare(`UPDATE jobs SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
}

export function getJob(db: Database, id: string): Job | undefined {
  const r = db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as RawJob | undefined;
  return r && fromRaw(r);
}

export function listJobs(db: Database, limit = 100): Job[] {
  return (
    db.prepare('SELECT * FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ?').all(limit) as RawJob[]
  ).map(fromRaw);
}

/** Jobs a previous engine left queued or running: it died, so they failed. Returns how many. */
export function failInterruptedJobs(db: Database): number {
  const error: AppErrorData = {
    code: 'INTERNAL',
    message:
      'the engine stopped while this job was running; nothing it had finished was lost, start it again to resume',
  };
  return db
    .prepare(
      `UPDATE jobs SET status = 'failed', error = ?, updated_at = ? WHERE status IN ('queued', 'running')`,
    )
    .run(JSON.stringify(error), new Date().toISOString()).changes;
}
