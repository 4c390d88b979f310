import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterProject, compareClusterRuns } from '../../../src/engine/cluster';
import { stageContext } from '../../../src/engine/context';
import { blobs5d, projectWithProjection } from '../../support/cluster-project';
import {
  getRun,
  listClusters,
  loadAssignments,
  loadCondensedTree,
  ProjectStore,
} from '../../../src/engine/store';

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-cluster-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cluster runs in a project', () => {
  const path = join(dir, 'p.taxonomist');
  const reduceId = projectWithProjection(path, blobs5d(), 5);

  it('clusters the latest 5-d projection and stores clusters, assignments and the condensed tree', () => {
    const store = ProjectStore.open(path);
    try {
      const s = clusterProject(store.db, { minClusterSize: 20, method: 'eom' }, stageContext());
      expect(s).toMatchObject({ inputRunId: reduceId, documents: 260, clusters: 3, assignedNoise: 0 });
      expect(s.noiseFraction).toBeGreaterThan(0);
      expect(s.coverage).toBeCloseTo(1 - s.noiseFraction);
      const run = getRun(store.db, s.runId)!;
      expect(run).toMatchObject({ kind: 'cluster', status: 'done', inputRunId: reduceId });
      expect(run.params).toMatchObject({
        minClusterSize: 20,
        minSamples: 20,
        method: 'eom',
        assignNoise: null,
      });
      expect(run.metrics).toMatchObject({ clusters: 3 });
      const clusters = listClusters(store.db, s.runId);
      expect(clusters.map((c) => c.size)).toEqual([80, 80, 80]);
      expect(clusters.every((c) => c.exemplars.length > 0 && c.persistence! > 0)).toBe(true);
      const a = loadAssignments(store.db, s.runId);
      expect(a.documentIds.length).toBe(260);
      // The projection lists documents in reverse: document 1 is the last row, a far-off point.
      expect(a.clusterIds[0]).toBe(-1);
      expect(a.wasNoise[0]).toBe(1);
      const tree = loadCondensedTree(store.db, s.runId)!;
      expect(tree.parents.length).toBe(tree.children.length);
      expect(Math.min(...tree.parents)).toBe(260);
    } finally {
      store.close();
    }
  });

  it('assigns noise when asked, keeping the noise flag, and compares runs', () => {
    const store = ProjectStore.open(path);
    try {
      const leaf = clusterProject(store.db, { minClusterSize: 20, method: 'leaf' }, stageContext());
      const all = clusterProject(
        store.db,
        { minClusterSize: 20, method: 'eom', assignNoise: Infinity },
        stageContext(),
      );
      expect(all.coverage).toBe(1);
      expect(all.assignedNoise).toBe(Math.round(all.noiseFraction * 260));
      const a = loadAssignments(store.db, all.runId);
      expect(a.clusterIds.every((c) => c >= 0)).toBe(true);
      expect(a.wasNoise.reduce((x, y) => x + y, 0)).toBe(all.assignedNoise);
      const cmp = compareClusterRuns(store.db, leaf.runId, all.runId);
      expect(cmp).toMatchObject({ runA: leaf.runId, runB: all.runId, sharedDocuments: 260, clustersB: 3 });
      expect(cmp.noiseFractionB).toBe(0);
      expect(cmp.overlap.length).toBe(cmp.clustersA);
      expect(cmp.ari).toBeGreaterThan(0.5);
      expect(() => compareClusterRuns(store.db, leaf.runId, reduceId)).toThrow(/not a cluster run/);
      expect(() => compareClusterRuns(store.db, leaf.runId, 999)).toThrow(/no run 999/);
    } finally {
      store.close();
    }
  });

  it('says what is missing when there is no 5-d projection, and records failed runs', () => {
    const store = ProjectStore.open(join(dir, 'empty.taxonomist'), { create: true });
    try {
      expect(() => clusterProject(store.db, { minClusterSize: 5, method: 'eom' }, stageContext())).toThrow(
        /no finished reduce run/,
      );
    } finally {
      store.close();
    }
    const small = join(dir, 'small.taxonomist');
    projectWithProjection(small, blobs5d().subarray(0, 50), 5);
    const s2 = ProjectStore.open(small);
    try {
      expect(() => clusterProject(s2.db, { minClusterSize: 20, method: 'eom' }, stageContext())).toThrow(
        /10 points cannot hold/,
      );
      const failed = s2.db.prepare("SELECT status FROM runs WHERE kind = 'cluster'").get() as {
        status: string;
      };
      expect(failed.status).toBe('failed');
    } finally {
      s2.close();
    }
  });
});
