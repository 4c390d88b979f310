import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineService } from '../../src/engine/service';
import { ProjectStore } from '../../src/engine/store';
import { runTaxonomist } from '../support/cli';
import { blobs5d, projectWithProjection } from '../support/cluster-project';
import { addClusterRun } from '../support/taxonomy';
import { addDocumentsWithVectors, clusteredVectors } from '../support/vectors';

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-cli-params-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const corpus = join(dir, 'papers.jsonl');
writeFileSync(
  corpus,
  Array.from({ length: 30 }, (_, i) =>
    JSON.stringify({ id: `p${i}`, title: `Paper ${i}`, abstract: `About topic ${i % 3}, paper ${i}.` }),
  ).join('\n'),
);

/** What the app's `jobs:start` answers for `request`. */
async function appError(request: unknown): Promise<string> {
  const store = ProjectStore.open(':memory:', { create: true });
  try {
    const answer = await new EngineService(store, () => {}).handle('jobs:start', request);
    expect(answer.ok).toBe(false);
    return answer.ok ? '' : answer.error.message;
  } finally {
    store.close();
  }
}

describe('the command line and the app check parameters alike', () => {
  it.each([
    [['--neighbors', '1'], { neighbors: 1 }],
    [['--components', '500'], { components: 500 }],
    [['--min-dist', '11'], { minDist: 11 }],
    [['--sample', '2.5'], { sample: 2.5 }],
  ])("build %j: the app's words, a usage error, and no project made", async (args, params) => {
    const project = join(dir, 'bad.taxonomist');
    const cli = runTaxonomist(['build', corpus, '--project', project, ...args, '--json']);
    expect(cli.code).toBe(2);
    const expected = await appError({ kind: 'build', params: { corpus, ...params } });
    expect(expected).toMatch(/^jobs:start: params\./);
    expect(JSON.parse(cli.stdout)).toEqual({ ok: false, error: { code: 'USAGE', message: expected } });
    expect(existsSync(project)).toBe(false);
  });

  it('build takes --assign-noise inf as before', () => {
    const missing = join(dir, 'missing.jsonl');
    const cli = runTaxonomist([
      'build',
      missing,
      '--project',
      join(dir, 'inf.taxonomist'),
      '--assign-noise',
      'inf',
    ]);
    // Past the parameter checks: it stops at the missing corpus (exit 1), not at a usage error.
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/missing\.jsonl/);
  });

  it("import: the app's words for a bad limit", async () => {
    const project = join(dir, 'bad-import.taxonomist');
    const cli = runTaxonomist(['import', corpus, '--project', project, '--limit', '0']);
    expect(cli.code).toBe(2);
    const expected = await appError({ kind: 'import', params: { path: corpus, limit: 0 } });
    expect(cli.stderr).toBe(`taxonomist: ${expected}\n`);
    expect(existsSync(project)).toBe(false);
  });

  it('the .npy tool takes its limits from the same schema', () => {
    const umap = runTaxonomist(['umap', '--in', 'x.npy', '--out', 'y.npy', '--components', '500']);
    expect(umap.code).toBe(2);
    expect(umap.stderr).toMatch(/--components expects an integer from 1 to 100, got "500"/);
  });

  it("reduce runs as a job: the app's words for a bad value", async () => {
    const project = join(dir, 'reduce-bad.taxonomist');
    projectWithProjection(project, blobs5d(), 5);
    const cli = runTaxonomist(['reduce', '--project', project, '--components', '500', '--spread', '0']);
    expect(cli.code).toBe(2);
    const expected = await appError({ kind: 'reduce', params: { components: 500, spread: 0 } });
    expect(expected).toMatch(/params\.components: .*params\.spread: /);
    expect(cli.stderr).toBe(`taxonomist: ${expected}\n`);
  });

  it("cluster runs as a job: the app's words for a bad value", async () => {
    const project = join(dir, 'cluster-bad.taxonomist');
    projectWithProjection(project, blobs5d(), 5);
    const cli = runTaxonomist(['cluster', '--project', project, '--min-cluster-size', '1']);
    expect(cli.code).toBe(2);
    const expected = await appError({ kind: 'cluster', params: { minClusterSize: 1 } });
    expect(cli.stderr).toBe(`taxonomist: ${expected}\n`);
  });

  it.each([
    ['embed', ['--batch-size', '0', '--workers', '65'], { batchSize: 0, workers: 65 }],
    ['quantize', ['--precision', 'int8', '--calibration', '1'], { precision: 'int8', calibration: 1 }],
    ['label', ['--sample', '0', '--cluster', '2.5'], { sample: 0, clusters: [2.5] }],
    ['label', ['--base-url', 'not a url'], { baseUrl: 'not a url' }],
    ['taxonomy', ['--offline', '--categories', '51'], { provider: 'offline', categories: 51 }],
    ['taxonomy', ['--timeout', '0'], { timeout: 0 }],
  ] as const)(
    "%s runs as a job: the app's words for %j, before the project is opened",
    async (kind, args, params) => {
      const project = join(dir, `${kind}-missing.taxonomist`);
      const cli = runTaxonomist([kind, '--project', project, ...args, '--json']);
      expect(cli.code).toBe(2);
      const expected = await appError({ kind, params });
      expect(expected).toMatch(/^jobs:start: params\./);
      expect(JSON.parse(cli.stdout)).toEqual({ ok: false, error: { code: 'USAGE', message: expected } });
      expect(existsSync(project)).toBe(false);
    },
  );

  it('a quantize job needs its precision, as the command line does', async () => {
    expect(await appError({ kind: 'quantize', params: { calibration: 100 } })).toMatch(/precision/);
    const cli = runTaxonomist(['quantize', '--project', join(dir, 'q.taxonomist')]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/--precision/);
  });

  it('quantize, label and taxonomy run as jobs of the project, as in the app', () => {
    const project = join(dir, 'stages.taxonomist');
    const store = ProjectStore.open(project, { create: true });
    const { documentIds } = addDocumentsWithVectors(store, clusteredVectors(60, 8, 6, 5), 8);
    addClusterRun(
      store,
      documentIds,
      documentIds.map((_, i) => i % 6),
    );
    store.close();
    for (const args of [
      ['quantize', '--precision', 'uint8', '--calibration', '50'],
      ['label'],
      ['taxonomy', '--offline'],
    ]) {
      const res = runTaxonomist([...args, '--project', project, '--json']);
      expect(res.code, res.stderr).toBe(0);
      expect(JSON.parse(res.stdout)).toMatchObject({ ok: true });
    }
    const db = new Database(project, { readonly: true });
    const jobs = db.prepare('SELECT kind, status, params FROM jobs ORDER BY created_at').all() as {
      kind: string;
      status: string;
      params: string;
    }[];
    db.close();
    expect(jobs.map((j) => [j.kind, j.status])).toEqual([
      ['quantize', 'finished'],
      ['label', 'finished'],
      ['taxonomy', 'finished'],
    ]);
    expect(JSON.parse(jobs[0]!.params)).toEqual({ precision: 'uint8', calibration: 50 });
    expect(JSON.parse(jobs[2]!.params)).toEqual({ provider: 'offline' });
  });

  it('cluster selects leaves by default, as build does', () => {
    const project = join(dir, 'cluster.taxonomist');
    projectWithProjection(project, blobs5d(), 5);
    const res = runTaxonomist(['cluster', '--project', project, '--min-cluster-size', '20', '--json']);
    expect(res.code, res.stderr).toBe(0);
    const { runId } = JSON.parse(res.stdout) as { runId: number };
    const db = new Database(project, { readonly: true });
    const params = db.prepare('SELECT params FROM runs WHERE id = ?').pluck().get(runId) as string;
    db.close();
    expect(JSON.parse(params)).toMatchObject({ method: 'leaf' });
    const job = new Database(project, { readonly: true });
    expect(job.prepare('SELECT kind, status FROM jobs').all()).toEqual([
      { kind: 'cluster', status: 'finished' },
    ]);
    job.close();
  });

  it('import runs as a job of the project, as in the app', () => {
    const project = join(dir, 'jobs.taxonomist');
    const res = runTaxonomist(['import', corpus, '--project', project, '--limit', '10', '--json']);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ ok: true, imported: 10 });
    const db = new Database(project, { readonly: true });
    const jobs = db.prepare('SELECT kind, status, params FROM jobs').all() as {
      kind: string;
      status: string;
      params: string;
    }[];
    db.close();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ kind: 'import', status: 'finished' });
    expect(JSON.parse(jobs[0]!.params)).toMatchObject({ path: corpus, limit: 10 });
  });
});
