import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readNpy, writeNpy } from '../../src/engine/io/npy';
import { listRuns, loadProjection, ProjectStore } from '../../src/engine/store';
import { clusterLayoutRepulsion, STRONG_REPULSION_MAX_POINTS } from '../../src/engine/reduce';
import { runTaxonomist } from '../support/cli';
import { addDocumentsWithVectors, clusteredVectors } from '../support/vectors';

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-cli-umap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('taxonomist umap / reduce', () => {
  it('lays out a .npy matrix in the bundled worker and reports its figures as JSON', () => {
    const x = join(dir, 'x.npy');
    const y = join(dir, 'y.npy');
    writeNpy(x, clusteredVectors(400, 24, 4), [400, 24]);
    const args = [
      'umap',
      '--in',
      x,
      '--out',
      y,
      '--components',
      '5',
      '--neighbors',
      '20',
      '--min-dist',
      '0.1',
    ];
    const r = runTaxonomist([...args, '--metric', 'cosine', '--seed', '42', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      n: 400,
      components: 5,
      seconds: expect.any(Number),
      knnSeconds: expect.any(Number),
      quality: { k: 15, knnPreservation: expect.any(Number) },
    });
    const out = readNpy(y);
    expect(out.dtype).toBe('f4');
    expect(out.shape).toEqual([400, 5]);
    // Same seed, same layout.
    const y2 = join(dir, 'y2.npy');
    expect(
      runTaxonomist(['umap', '--in', x, '--out', y2, '--components', '5', '--neighbors', '20']).code,
    ).toBe(0);
    expect(Array.from(readNpy(y2).data as Float32Array)).toEqual(Array.from(out.data as Float32Array));
    // A 5-d layout of 400 points repels harder by default (auto), a 2-d one as umap-learn.
    expect(JSON.parse(r.stdout).repulsionStrength).toBe(3);
    // The SGD's parameters reach the worker: each one gives another layout.
    for (const extra of [
      ['--repulsion-strength', '1'],
      ['--negative-sample-rate', '3'],
      ['--learning-rate', '0.5'],
    ]) {
      const y3 = join(dir, 'y3.npy');
      const args3 = ['umap', '--in', x, '--out', y3, '--components', '5', '--neighbors', '20', ...extra];
      const r3 = runTaxonomist([...args3, '--json']);
      expect(r3.code).toBe(0);
      if (extra[0] === '--repulsion-strength') expect(JSON.parse(r3.stdout).repulsionStrength).toBe(1);
      expect(Array.from(readNpy(y3).data as Float32Array), extra[0]).not.toEqual(
        Array.from(out.data as Float32Array),
      );
    }
  });

  it('searches neighbours approximately on request, reports its recall, and places new rows', () => {
    const all = clusteredVectors(660, 24, 4, 8);
    const x = join(dir, 'ax.npy');
    const fresh = join(dir, 'anew.npy');
    writeNpy(x, all.subarray(0, 600 * 24), [600, 24]);
    // Rows 600.. continue the same clusters (row i belongs to cluster i % 4).
    writeNpy(fresh, all.subarray(600 * 24), [60, 24]);
    const y = join(dir, 'ay.npy');
    const ynew = join(dir, 'aynew.npy');
    const r = runTaxonomist([
      'umap',
      '--in',
      x,
      '--out',
      y,
      '--neighbors',
      '15',
      '--knn',
      'approximate',
      '--init',
      'pca',
      '--transform',
      fresh,
      '--transform-out',
      ynew,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { knn: { method: string; recall: number; recallSample: number } };
    expect(report).toMatchObject({
      n: 600,
      transformed: 60,
      knn: { method: 'approximate', recallSample: 600 },
    });
    expect(report.knn.recall).toBeGreaterThan(0.9);
    const layout = readNpy(y).data as Float32Array;
    const placed = readNpy(ynew);
    expect(placed.shape).toEqual([60, 2]);
    // Each placed row lands nearer its own cluster's centre than any other cluster's.
    const centre = (c: number) => {
      let sx = 0;
      let sy = 0;
      for (let i = c; i < 600; i += 4) {
        sx += layout[i * 2]!;
        sy += layout[i * 2 + 1]!;
      }
      return [sx / 150, sy / 150] as const;
    };
    const centres = [0, 1, 2, 3].map(centre);
    const p = placed.data as Float32Array;
    let right = 0;
    for (let t = 0; t < 60; t++) {
      const dists = centres.map(([cx, cy]) => Math.hypot(p[t * 2]! - cx, p[t * 2 + 1]! - cy));
      if (dists.indexOf(Math.min(...dists)) === (600 + t) % 4) right++;
    }
    expect(right).toBeGreaterThanOrEqual(57);
    const half = runTaxonomist(['umap', '--in', x, '--out', y, '--transform', fresh]);
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/--transform and --transform-out go together/);
  });

  it('repels harder in clustering layouts up to the size where it helps, as umap-learn above', () => {
    expect(clusterLayoutRepulsion(400, 5)).toBe(3);
    expect(clusterLayoutRepulsion(STRONG_REPULSION_MAX_POINTS, 3)).toBe(3);
    expect(clusterLayoutRepulsion(STRONG_REPULSION_MAX_POINTS + 1, 5)).toBe(1);
    expect(clusterLayoutRepulsion(400, 2)).toBe(1);
  });

  it('explains bad input and bad arguments', () => {
    const x = join(dir, 'small.npy');
    writeNpy(x, clusteredVectors(30, 8, 2), [30, 8]);
    const few = runTaxonomist(['umap', '--in', x, '--out', join(dir, 'o.npy'), '--neighbors', '100']);
    expect(few.code).toBe(1);
    expect(few.stderr).toMatch(/needs more than 100 points, got 30/);
    const bad = runTaxonomist(['umap', '--in', x, '--out', join(dir, 'o.npy'), '--neighbors', 'x']);
    expect(bad.code).toBe(2);
    for (const [flag, value] of [
      ['--repulsion-strength', '-1'],
      ['--negative-sample-rate', '0'],
      ['--learning-rate', '0'],
    ]) {
      const r = runTaxonomist(['umap', '--in', x, '--out', join(dir, 'o.npy'), flag!, value!]);
      expect(r.code, flag).toBe(2);
      expect(r.stderr).toContain(flag!);
    }
  });

  it('reduces a project to a 5-d and a 2-d run', () => {
    const project = join(dir, 'p.taxonomist');
    const store = ProjectStore.open(project, { create: true });
    addDocumentsWithVectors(store, clusteredVectors(300, 16, 3), 16);
    store.close();
    const r = runTaxonomist([
      'reduce',
      '--project',
      project,
      '--components',
      '5',
      '--neighbors',
      '30',
      '--min-dist',
      '0.1',
      '--metric',
      'cosine',
      '--seed',
      '42',
      '--map-neighbors',
      '15',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: true, n: 300 });
    expect(out.runs.map((x: { components: number }) => x.components)).toEqual([5, 2]);
    const check = ProjectStore.open(project);
    const runs = listRuns(check.db, 'reduce');
    expect(runs.map((x) => x.status)).toEqual(['done', 'done']);
    // The clustering layout repels harder than the map, which keeps umap-learn's setting.
    const repulsion = (id: number) => runs.find((x) => x.id === id)!.params.repulsionStrength;
    expect(out.runs.map((x: { runId: number }) => repulsion(x.runId))).toEqual([3, 1]);
    expect(loadProjection(check.db, out.runs[0].runId)!.dims).toBe(5);
    expect(loadProjection(check.db, out.runs[1].runId)!.dims).toBe(2);
    check.close();
  });
});
