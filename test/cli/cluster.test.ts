import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readNpy, writeNpy } from '../../src/engine/io/npy';
import { adjustedRandIndex } from '../../src/engine/algorithms/metrics';
import { runTaxonomist } from '../support/cli';
import { blobs5d, projectWithProjection } from '../support/cluster-project';
import { sharedFile, withoutShared } from '../support/shared';

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-cli-cluster-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('taxonomist hdbscan', () => {
  it.skipIf(withoutShared)('clusters a .npy file like the reference library and writes the labels', () => {
    const labelsOut = join(dir, 'labels.npy');
    const res = runTaxonomist([
      'hdbscan',
      '--in',
      sharedFile('reference/hdbscan/umapjs-5k-k15.points.npy'),
      '--min-cluster-size',
      '100',
      '--method',
      'leaf',
      '--labels-out',
      labelsOut,
      '--json',
    ]);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as { clusters: number; noiseFraction: number; seconds: number };
    expect(out.clusters).toBe(21);
    expect(out.noiseFraction).toBeCloseTo(0.0822, 4);
    expect(out.seconds).toBeGreaterThan(0);
    const labels = readNpy(labelsOut);
    expect(labels.shape).toEqual([5000]);
    const ref = readNpy(sharedFile('reference/hdbscan/umapjs-5k-k15.labels-leaf.npy')).data as Int32Array;
    expect(adjustedRandIndex(labels.data as Int32Array, ref)).toBeGreaterThanOrEqual(0.999);
  });

  it('fails clearly on bad input and bad arguments', () => {
    const nan = join(dir, 'nan.npy');
    const pts = blobs5d();
    pts[3 * 5] = NaN;
    writeNpy(nan, pts, [260, 5]);
    const bad = runTaxonomist(['hdbscan', '--in', nan, '--min-cluster-size', '20', '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(bad.stderr).toMatch(/point 3 has a non-finite coordinate/);
    const usage = runTaxonomist(['hdbscan', '--in', nan, '--min-cluster-size', 'x']);
    expect(usage.code).toBe(2);
    const method = runTaxonomist(['hdbscan', '--in', nan, '--min-cluster-size', '5', '--method', 'dbscan']);
    expect(method.code).toBe(2);
  });
});

describe('taxonomist cluster and compare', () => {
  it('stores cluster runs of the latest 5-d projection and compares two of them', () => {
    const project = join(dir, 'p.taxonomist');
    const reduceId = projectWithProjection(project, blobs5d(), 5);
    const eom = runTaxonomist([
      'cluster',
      '--project',
      project,
      '--min-cluster-size',
      '20',
      '--method',
      'eom',
      '--json',
    ]);
    expect(eom.code, eom.stderr).toBe(0);
    const a = JSON.parse(eom.stdout) as { runId: number; clusters: number; inputRunId: number };
    expect(a).toMatchObject({ ok: true, clusters: 3, inputRunId: reduceId });
    const assigned = runTaxonomist([
      'cluster',
      '--project',
      project,
      '--min-cluster-size',
      '20',
      '--method',
      'leaf',
      '--assign-noise',
      'inf',
    ]);
    expect(assigned.code, assigned.stderr).toBe(0);
    expect(assigned.stdout).toMatch(/run #\d+: \d+ clusters over 260 documents/);
    expect(assigned.stdout).toMatch(/coverage 100\.00%/);
    const b = Number(/run #(\d+)/.exec(assigned.stdout)![1]);
    const cmp = runTaxonomist(['compare', '--project', project, '--runs', `${a.runId},${b}`, '--json']);
    expect(cmp.code, cmp.stderr).toBe(0);
    const c = JSON.parse(cmp.stdout) as {
      ari: number;
      nmi: number;
      clustersA: number;
      noiseFractionB: number;
    };
    expect(c).toMatchObject({ ok: true, clustersA: 3, noiseFractionB: 0 });
    expect(c.ari).toBeGreaterThan(0.5);
    const human = runTaxonomist(['compare', '--project', project, '--runs', `${a.runId},${b}`]);
    expect(human.stdout).toMatch(/ARI \d\.\d{4} {2}NMI \d\.\d{4}/);
    expect(runTaxonomist(['compare', '--project', project, '--runs', '1']).code).toBe(2);
    const notCluster = runTaxonomist(['compare', '--project', project, '--runs', `${a.runId},${reduceId}`]);
    expect(notCluster.code).toBe(1);
    expect(notCluster.stderr).toMatch(/not a cluster run/);
  });
});
