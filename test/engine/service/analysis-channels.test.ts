import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DiagnosticsWire, RunsComparisonWire } from '../../../src/shared/analysis';
import { int32FromBase64 } from '../../../src/shared/binary';
import type { EventName, Job } from '../../../src/shared/contract';
import { clusterProject, compareClusterRuns } from '../../../src/engine/cluster';
import { stageContext } from '../../../src/engine/context';
import { EngineService } from '../../../src/engine/service';
import { coarsenHistogram, diagnosticsStaleness } from '../../../src/engine/service/analysis';
import {
  deleteEmbeddingSet,
  ensureEmbeddingSet,
  getEmbeddingSet,
  listRuns,
  loadAssignments,
  ProjectStore,
  putVectors,
  saveGeneratedTopic,
} from '../../../src/engine/store';
import { blobs5d, projectWithProjection } from '../../support/cluster-project';
import { addDocumentsWithVectors, clusteredVectors, float32SetKey } from '../../support/vectors';

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-analysis-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function ok<T>(svc: EngineService, channel: string, input: unknown): Promise<T> {
  const r = await svc.handle(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

describe('runs:compare', () => {
  const path = join(dir, 'compare.taxonomist');
  const reduceId = projectWithProjection(path, blobs5d(), 5);

  it('answers ARI, NMI, the matching with labels and sizes, and per-document clusters of both runs', async () => {
    const store = ProjectStore.open(path);
    try {
      const eom = await clusterProject(store, { minClusterSize: 20, method: 'eom' }, stageContext());
      const leaf = await clusterProject(store, { minClusterSize: 8, method: 'leaf' }, stageContext());
      saveGeneratedTopic(store.db, {
        runId: eom.runId,
        clusterId: 0,
        label: 'First blob',
        description: null,
        source: 'keywords',
        keyphrases: [],
        provenance: {},
      });
      const svc = new EngineService(store, () => {});
      const c = await ok<RunsComparisonWire>(svc, 'runs:compare', { a: eom.runId, b: leaf.runId });
      const engine = compareClusterRuns(store.db, eom.runId, leaf.runId);
      expect(c.ari).toBeCloseTo(engine.ari, 12);
      expect(c.nmi).toBeCloseTo(engine.nmi, 12);
      expect(c.ari).toBeGreaterThan(0);
      expect(c.ari).toBeLessThanOrEqual(1);
      expect(c.runA).toMatchObject({ id: eom.runId, clusters: 3, params: { method: 'eom' } });
      expect(c.runB).toMatchObject({ id: leaf.runId, params: { method: 'leaf' } });
      expect(c.sharedDocuments).toBe(260);
      expect(c.matches.length).toBeGreaterThan(0);
      expect(c.matches).toEqual(engine.matches);
      expect(c.clustersA[0]).toMatchObject({ clusterId: 0, label: 'First blob' });
      expect(c.clustersA[1]!.label).toBeNull();
      expect(c.clustersB.every((r) => r.label === null)).toBe(true);

      const docs = int32FromBase64(c.documentIds);
      const la = int32FromBase64(c.clusterIdsA);
      const lb = int32FromBase64(c.clusterIdsB);
      expect([docs.length, la.length, lb.length]).toEqual([260, 260, 260]);
      expect(Array.from(docs)).toEqual([...docs].sort((x, y) => x - y));
      const stored = loadAssignments(store.db, leaf.runId);
      expect(Array.from(lb)).toEqual(Array.from(stored.clusterIds));
      // Sizes over the shared documents agree with the per-document arrays and the overlaps.
      for (const ref of c.clustersA) expect(la.filter((x) => x === ref.clusterId).length).toBe(ref.size);
      for (const m of c.matches) {
        let both = 0;
        for (let i = 0; i < la.length; i++) if (la[i] === m.a && lb[i] === m.b) both++;
        expect(both).toBe(m.overlap);
        const union = c.clustersA[m.a]!.size + c.clustersB[m.b]!.size - m.overlap;
        expect(m.jaccard).toBeCloseTo(m.overlap / union, 12);
      }

      const same = await ok<RunsComparisonWire>(svc, 'runs:compare', { a: eom.runId, b: eom.runId });
      expect(same.ari).toBeCloseTo(1, 12);
      expect(same.splits).toEqual([]);
      expect(await svc.handle('runs:compare', { a: eom.runId, b: reduceId })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', message: expect.stringMatching(/not a cluster run/) },
      });
      expect(await svc.handle('runs:compare', { a: eom.runId, b: 999 })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
      expect(await svc.handle('runs:compare', { a: eom.runId })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
    } finally {
      store.close();
    }
  });
});

describe('the diagnose job and diagnostics:get', () => {
  it('runs as a job with progress, stores its result as a run, and answers the newest', async () => {
    const store = ProjectStore.open(':memory:', { create: true });
    const events: [EventName, unknown][] = [];
    const svc = new EngineService(store, (name, payload) => events.push([name, payload]));
    const n = 300;
    const d = 32;
    addDocumentsWithVectors(store, clusteredVectors(n, d, 5, 3), d);
    expect(await ok<DiagnosticsWire | null>(svc, 'diagnostics:get', {})).toBeNull();

    const { jobId } = await ok<{ jobId: string }>(svc, 'jobs:start', {
      kind: 'diagnose',
      params: { calibration: 100, queries: 60, titles: 8, seed: 7 },
    });
    await svc.idle();
    const job = await ok<Job>(svc, 'jobs:get', { jobId });
    expect(job).toMatchObject({ kind: 'diagnose', status: 'finished', error: null });
    expect(events.some(([e, p]) => e === 'job:progress' && (p as { jobId: string }).jobId === jobId)).toBe(
      true,
    );
    expect(events.find(([e]) => e === 'job:finished')).toBeDefined();

    const r = (await ok<DiagnosticsWire | null>(svc, 'diagnostics:get', {}))!;
    expect(r).not.toBeNull();
    expect(r.set).toMatchObject({ dims: d, documents: n });
    expect(r.histogram.counts).toHaveLength(50);
    expect(r.histogram.counts.reduce((a, b) => a + b, 0)).toBe(n * d);
    expect(r.histogram.min).toBeLessThan(r.histogram.max);
    expect(r.calibrationCoverage).toBeGreaterThan(90);
    expect(r.calibrationCoverage).toBeLessThanOrEqual(100);
    expect(r.calibration).toMatchObject({ size: 100 });
    expect(r.precisions.map((p) => p.precision)).toEqual(['float32', 'int8', 'uint8', 'binary', 'ubinary']);
    expect(r.precisions[0]).toMatchObject({ bytes: n * d * 4, recallAt10: 1, compression: 0 });
    expect(r.precisions[1]!.bytes).toBe(n * d);
    expect(r.precisions[1]!.recallAt10).toBeGreaterThan(0.5);
    expect(r.precisions[3]!.reconstructionError).toBeNull();
    expect(r.projected.length).toBeGreaterThan(0);
    expect(r.neighbours).toEqual({ queries: 60, k: 10, seed: 7 });
    const { titles, matrix } = r.titleSimilarity;
    expect(titles).toHaveLength(8);
    expect(titles.every((t) => /^Title \d+$/.test(t))).toBe(true);
    expect(matrix).toHaveLength(8);
    for (let i = 0; i < 8; i++) {
      expect(matrix[i]).toHaveLength(8);
      expect(matrix[i]![i]).toBeCloseTo(1, 3);
      for (let j = 0; j < 8; j++) expect(matrix[i]![j]).toBe(matrix[j]![i]);
    }
    const runs = listRuns(store.db, 'diagnose');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: r.runId, status: 'done' });

    // The same seed gives the same figures; a second job becomes the newest.
    await ok(svc, 'jobs:start', {
      kind: 'diagnose',
      params: { calibration: 100, queries: 60, titles: 8, seed: 7 },
    });
    await svc.idle();
    const again = (await ok<DiagnosticsWire | null>(svc, 'diagnostics:get', {}))!;
    expect(again.runId).toBeGreaterThan(r.runId);
    expect(again.titleSimilarity).toEqual(r.titleSimilarity);
    expect(again.precisions.map((p) => p.recallAt10)).toEqual(r.precisions.map((p) => p.recallAt10));
    store.close();
  });

  it('says when the stored diagnostics no longer describe the embeddings', async () => {
    const store = ProjectStore.open(':memory:', { create: true });
    const svc = new EngineService(store, () => undefined);
    const d = 16;
    const { setId } = addDocumentsWithVectors(store, clusteredVectors(120, d, 3, 1), d);
    await ok(svc, 'jobs:start', { kind: 'diagnose', params: { calibration: 50, queries: 20, titles: 4 } });
    await svc.idle();
    type View = DiagnosticsWire & { stale: string | null };
    expect((await ok<View>(svc, 'diagnostics:get', {})).stale).toBeNull();
    // More documents embedded into the same set.
    addDocumentsWithVectors(store, clusteredVectors(30, d, 3, 2), d);
    expect((await ok<View>(svc, 'diagnostics:get', {})).stale).toBe(
      `set ${setId} holds 150 embeddings now, 120 when diagnosed`,
    );
    // A newer float32 set (another model) would be the one diagnosed now.
    const other = ensureEmbeddingSet(store.db, float32SetKey('other-model', d));
    putVectors(store.db, other.id, [1], null, new Float32Array(d).fill(0.25));
    const set = getEmbeddingSet(store.db, setId)!;
    expect(diagnosticsStaleness(store.db, { id: setId, model: set.model, dims: d, documents: 150 })).toBe(
      `newer embeddings exist (set ${other.id}, other-model)`,
    );
    deleteEmbeddingSet(store.db, setId);
    expect((await ok<View>(svc, 'diagnostics:get', {})).stale).toBe(
      `embedding set ${setId} has been deleted since`,
    );
    store.close();
  });

  it('fails the job with a clear error when there are no embeddings, and keeps no result', async () => {
    const store = ProjectStore.open(':memory:', { create: true });
    const svc = new EngineService(store, () => {});
    expect(await svc.handle('jobs:start', { kind: 'diagnose', params: { queries: 0 } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    const { jobId } = await ok<{ jobId: string }>(svc, 'jobs:start', { kind: 'diagnose', params: {} });
    await svc.idle();
    const job = await ok<Job>(svc, 'jobs:get', { jobId });
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/embedding/i);
    expect(listRuns(store.db, 'diagnose')[0]).toMatchObject({ status: 'failed' });
    expect(await ok(svc, 'diagnostics:get', {})).toBeNull();
    store.close();
  });
});

describe('coarsenHistogram', () => {
  it('sums neighbouring bins and keeps the total', () => {
    expect(coarsenHistogram([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([6, 15, 7]);
    expect(coarsenHistogram([], 5)).toEqual([]);
  });
});

describe('cancelling the diagnose job', () => {
  it('stops between query chunks and keeps no result', async () => {
    const store = ProjectStore.open(':memory:', { create: true });
    let cancelled = false;
    const svc: EngineService = new EngineService(store, (name, payload) => {
      // Cancel as soon as the search reports progress: the request must get through mid-job.
      if (name === 'job:progress' && !cancelled) {
        cancelled = true;
        void svc.handle('jobs:cancel', { jobId: (payload as { jobId: string }).jobId });
      }
    });
    addDocumentsWithVectors(store, clusteredVectors(600, 32, 5, 4), 32);
    const { jobId } = await ok<{ jobId: string }>(svc, 'jobs:start', {
      kind: 'diagnose',
      params: { queries: 600 },
    });
    await svc.idle();
    const job = await ok<Job>(svc, 'jobs:get', { jobId });
    expect(job.status).toBe('cancelled');
    expect(job.progress === null || job.progress.done < job.progress.total!).toBe(true);
    expect(listRuns(store.db, 'diagnose')[0]).toMatchObject({ status: 'cancelled' });
    expect(await ok(svc, 'diagnostics:get', {})).toBeNull();
    store.close();
  });
});
