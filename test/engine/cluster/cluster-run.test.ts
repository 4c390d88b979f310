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

  it('clusters the latest 5-d projection and stores clusters, assignments and the condensed tree', async () => {
    const store = ProjectStore.open(path);
    try {
      const s = await clusterProject(
        store,
        { minClusterSize: 20, method: 'eom', assignNoise: 'none' },
        stageContext(),
      );
      expect(s).toMatchObject({ inputRunId: reduceId, documents: 260, clusters: 3, assignedNoise: 0 });
      expect(s.noiseFraction).toBeGreaterThan(0);
      expect(s.coverage).toBeCloseTo(1 - s.noiseFraction);
      const run = getRun(store.db, s.runId)!;
      expect(run).toMatchObject({ kind: 'cluster', status: 'done', inputRunId: reduceId });
      expect(run.params).toMatchObject({
        minClusterSize: 20,
        minSamples: 20,
        method: 'eom',
        clusterSelectionEpsilon: 0,
        allowSingleCluster: false,
        assignNoise: 'none',
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

  it('assigns noise when asked, keeping the noise flag, and compares runs', async () => {
    const store = ProjectStore.open(path);
    try {
      const leaf = await clusterProject(store, { minClusterSize: 20, method: 'leaf' }, stageContext());
      const all = await clusterProject(
        store,
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

  it('by default gives noise the nearest topic in the embedding space, with its strength, else by the layout', async () => {
    const store = ProjectStore.open(path);
    try {
      // No embeddings behind this projection: the layout's centroids within 3 radii stand in.
      const fallback = await clusterProject(store, { minClusterSize: 20, method: 'eom' }, stageContext());
      expect(getRun(store.db, fallback.runId)!.params).toMatchObject({ assignNoise: 'embedding' });
      const none = await clusterProject(
        store,
        { minClusterSize: 20, method: 'eom', assignNoise: 'none' },
        stageContext(),
      );
      const three = await clusterProject(
        store,
        { minClusterSize: 20, method: 'eom', assignNoise: 3 },
        stageContext(),
      );
      expect(Array.from(loadAssignments(store.db, fallback.runId).clusterIds)).toEqual(
        Array.from(loadAssignments(store.db, three.runId).clusterIds),
      );
      expect(fallback.coverage).toBeGreaterThanOrEqual(none.coverage);
    } finally {
      store.close();
    }

    // Embeddings: the blobs shifted off the origin (so that cosines mean something); the far-off points of
    // the layout are, in the embedding space, copies of members of the first blob.
    const withVectors = join(dir, 'vectors.taxonomist');
    const coords = blobs5d();
    const vectors = coords.map((v, i) => {
      const row = Math.floor(i / 5);
      const source = row < 240 ? i : (row - 240) * 5 + (i % 5);
      return (i % 5 === 1 ? 10 : 0) + coords[source]!;
    });
    projectWithProjection(withVectors, coords, 5, vectors);
    const s2 = ProjectStore.open(withVectors);
    try {
      const r = await clusterProject(s2, { minClusterSize: 20, method: 'eom' }, stageContext());
      const a = loadAssignments(s2.db, r.runId);
      expect(r.assignedNoise).toBeGreaterThan(0);
      expect(r.coverage).toBeCloseTo((260 - r.noiseFraction * 260 + r.assignedNoise) / 260);
      for (let i = 0; i < 260; i++) {
        const strength = a.strengths![i]!;
        if (a.clusterIds[i]! < 0) expect(Number.isNaN(strength)).toBe(true);
        else expect(strength).toBeGreaterThanOrEqual(0);
        if (a.clusterIds[i]! >= 0) expect(strength).toBeLessThanOrEqual(1);
        // HDBSCAN's own answer stays: its members keep their probability, assigned ones their flag.
        if (a.wasNoise[i] === 0 && a.clusterIds[i]! >= 0) expect(strength).toBeCloseTo(a.probabilities![i]!);
      }
      expect(a.wasNoise.reduce((x, y) => x + y, 0)).toBe(Math.round(r.noiseFraction * 260));
    } finally {
      s2.close();
    }
  });

  it('says what is missing when there is no 5-d projection, and records failed runs', async () => {
    const store = ProjectStore.open(join(dir, 'empty.taxonomist'), { create: true });
    try {
      await expect(
        clusterProject(store, { minClusterSize: 5, method: 'eom' }, stageContext()),
      ).rejects.toThrow(/no finished reduce run/);
    } finally {
      store.close();
    }
    const small = join(dir, 'small.taxonomist');
    projectWithProjection(small, blobs5d().subarray(0, 50), 5);
    const s2 = ProjectStore.open(small);
    try {
      await expect(clusterProject(s2, { minClusterSize: 20, method: 'eom' }, stageContext())).rejects.toThrow(
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
