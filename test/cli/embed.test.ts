import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTaxonomist, startTaxonomist } from '../support/cli';
import { SAMPLE_CORPUS } from '../support/shared';
import { writeTinyBert } from '../support/tiny-bert';

let dir: string;
let project: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'taxonomist-embed-'));
  project = join(dir, 'arxiv.taxonomist');
  const res = runTaxonomist(['import', SAMPLE_CORPUS, '--project', project, '--limit', '2000']);
  expect(res.code, res.stderr).toBe(0);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const query = <T>(sql: string): T[] => {
  const db = new Database(project, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
};

/** Starts `embed`, sends `signal` once `after` documents are reported committed, and waits for the exit. */
function interrupt(
  args: string[],
  after: number,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child: ChildProcess = startTaxonomist(args);
  let stderr = '';
  let sent = false;
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const line of stderr.split('\n')) {
      if (sent || !line.startsWith('{')) continue;
      const p = (JSON.parse(line) as { progress: { done: number } }).progress;
      if (p.done >= after) {
        sent = true;
        child.kill(signal);
      }
    }
  });
  return new Promise((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig, stderr })));
}

describe('taxonomist embed', () => {
  const args = (limit: number) => [
    'embed',
    '--project',
    project,
    '--model',
    'use-lite',
    '--limit',
    String(limit),
    '--batch-size',
    '8',
    '--workers',
    '2',
    '--progress',
    'json',
  ];

  it('cancels between batches, survives SIGKILL, and a rerun embeds only the missing documents (two workers)', async () => {
    // A commit holds one batch of 8 per worker (16); a report of 24 comes after the first commit.
    const cancelled = await interrupt(args(64), 24, 'SIGINT');
    expect(cancelled.code, cancelled.stderr).toBe(1);
    expect(cancelled.stderr).toMatch(/cancelled after embedding \d+ of 64 documents; run again/);
    const afterCancel = query<{ n: number }>('SELECT count(*) AS n FROM embeddings')[0]!.n;
    expect(afterCancel % 16).toBe(0);
    expect(afterCancel).toBeGreaterThanOrEqual(16);

    const killed = await interrupt(args(64), 24, 'SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    const stored = query<{ n: number }>('SELECT count(*) AS n FROM embeddings')[0]!.n;
    // Progress counts a batch once embedded, a moment before its commit: at most the batches in flight are lost.
    expect(stored).toBeGreaterThanOrEqual(afterCancel + 16);
    expect(stored).toBeLessThan(64);

    const rerun = runTaxonomist([...args(64), '--json']);
    expect(rerun.code, rerun.stderr).toBe(0);
    const summary = JSON.parse(rerun.stdout);
    expect(summary).toMatchObject({
      ok: true,
      model: 'use-lite',
      dims: 512,
      documents: 64,
      skipped: stored,
      embedded: 64 - stored,
      stored: 64,
    });
    const rows = query<{ document_id: number; n: number }>(
      'SELECT document_id, count(*) AS n FROM embeddings GROUP BY document_id ORDER BY document_id',
    );
    expect(rows).toHaveLength(64);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    const firstIds = query<{ id: number }>('SELECT id FROM documents ORDER BY id LIMIT 64').map((r) => r.id);
    expect(rows.map((r) => r.document_id)).toEqual(firstIds);
    expect(query<{ n: number }>('SELECT count(*) AS n FROM embedding_sets')[0]!.n).toBe(1);
    // Each run is a job of the project: Ctrl-C cancelled its job; the killed one's record stays as it was.
    expect(
      query<{ kind: string; status: string }>('SELECT kind, status FROM jobs ORDER BY created_at'),
    ).toEqual([
      { kind: 'import', status: 'finished' },
      { kind: 'embed', status: 'cancelled' },
      { kind: 'embed', status: 'running' },
      { kind: 'embed', status: 'finished' },
    ]);
  }, 60_000);

  it('embeds with a transformers model from a folder, then reuses the stored vectors', () => {
    const modelDir = writeTinyBert(join(dir, 'tiny-bert'));
    const run = () =>
      runTaxonomist(
        [
          'embed',
          '--project',
          project,
          '--model-dir',
          modelDir,
          '--limit',
          '40',
          '--device',
          'cpu',
          '--json',
        ],
        { env: { TAXONOMIST_MODEL_CACHE: join(dir, 'no-cache') } },
      );
    const first = run();
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      model: 'test/tiny-bert',
      dims: 32,
      embedded: 40,
      stored: 40,
    });
    const again = run();
    expect(JSON.parse(again.stdout)).toMatchObject({ embedded: 0, skipped: 40, stored: 40 });
  });

  it('fails fast offline for a model that is not downloaded, naming the offline model', () => {
    const res = runTaxonomist(
      ['embed', '--project', project, '--model', 'jinaai/jina-embeddings-v2-base-en', '--offline', '--json'],
      { env: { TAXONOMIST_MODEL_CACHE: join(dir, 'no-cache') } },
    );
    expect(res.code).toBe(1);
    const out = JSON.parse(res.stdout);
    expect(out.error.message).toMatch(/not in the model cache.*--model use-lite/);
  });

  it('rejects bad options as usage errors', () => {
    expect(runTaxonomist(['embed', '--project', project, '--batch-size', '0']).code).toBe(2);
    expect(runTaxonomist(['embed', '--project', project, '--device', 'tpu']).code).toBe(2);
    expect(runTaxonomist(['embed', '--project', project, '--model', 'not a model!']).code).toBe(2);
  });

  it('lists backends, the model cache, devices and the sets of a project', () => {
    const res = runTaxonomist(['models', '--project', project, '--json'], {
      env: { TAXONOMIST_MODEL_CACHE: join(dir, 'no-cache') },
    });
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.backends.map((b: { name: string }) => b.name)).toEqual(['use-lite', 'transformers', 'http']);
    expect(out.cached).toEqual([]);
    expect(out.devices.map((d: { name: string }) => d.name)).toContain('cpu');
    expect(out.sets.find((s: { model: string }) => s.model === 'use-lite')).toMatchObject({
      dims: 512,
      precision: 'float32',
      count: 64,
    });
  });
});
