import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runTaxonomist } from '../support/cli';
import { SAMPLE_CORPUS } from '../support/shared';

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Stage = { stage: string; skipped: boolean };

describe('taxonomist build', () => {
  it('runs the whole pipeline offline, writes a taxonomy in which every cluster appears once, and skips unchanged stages', () => {
    const corpus = SAMPLE_CORPUS;
    const project = join(dir, 'cscl.taxonomist');
    const args = [
      'build',
      corpus,
      '--project',
      project,
      '--limit',
      '400',
      '--model',
      'use-lite',
      '--offline',
      '--neighbors',
      '15',
      '--min-cluster-size',
      '10',
      '--json',
    ];
    const first = runTaxonomist(args);
    expect(first.code, first.stderr).toBe(0);
    const s = JSON.parse(first.stdout) as {
      documents: number;
      stages: Stage[];
      outputs: { markdown: string; csv: string };
    };
    expect(s.documents).toBe(400);
    expect(s.stages.map((x) => x.stage)).toEqual([
      'import',
      'embed',
      'quantize',
      'reduce',
      'cluster',
      'label',
      'taxonomy',
    ]);
    expect(s.stages.every((x) => !x.skipped)).toBe(true);

    // Every cluster of the run is a topic line of the outline, exactly once.
    const db = new Database(project, { readonly: true });
    const run = db
      .prepare("SELECT id FROM runs WHERE kind = 'cluster' ORDER BY id DESC LIMIT 1")
      .pluck()
      .get() as number;
    const clusters = db.prepare('SELECT count(*) FROM clusters WHERE run_id = ?').pluck().get(run) as number;
    const placed = db
      .prepare(
        'SELECT cluster_id, count(*) AS n FROM taxonomy_node_clusters WHERE run_id = ? GROUP BY cluster_id',
      )
      .all(run) as { cluster_id: number; n: number }[];
    db.close();
    expect(clusters).toBeGreaterThan(1);
    expect(placed).toHaveLength(clusters);
    expect(placed.every((p) => p.n === 1)).toBe(true);
    const outline = readFileSync(s.outputs.markdown, 'utf8').trim().split('\n');
    expect(outline.every((l) => /^\.{1,3} \S/.test(l))).toBe(true);
    expect(readFileSync(s.outputs.csv, 'utf8').split('\n')[0]).toMatch(/^document_id,/);

    // Unchanged: everything skipped. New clustering parameters: clustering and what follows it rerun.
    const again = JSON.parse(runTaxonomist(args).stdout) as { stages: Stage[] };
    expect(again.stages.every((x) => x.skipped)).toBe(true);
    const changed = runTaxonomist(args.map((a) => (a === '10' ? '12' : a)));
    expect(changed.code, changed.stderr).toBe(0);
    expect(
      (JSON.parse(changed.stdout) as { stages: Stage[] }).stages.map((x) => [x.stage, x.skipped]),
    ).toEqual([
      ['import', true],
      ['embed', true],
      ['quantize', true],
      ['reduce', true],
      ['cluster', false],
      ['label', false],
      ['taxonomy', false],
    ]);
  }, 600_000);
});
