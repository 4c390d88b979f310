import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineService } from '../../../src/engine/service';
import { assignmentScope } from '../../../src/engine/curation';
import { ProjectStore, recordHistory } from '../../../src/engine/store';
import { float32FromBase64, fromBase64, int32FromBase64 } from '../../../src/shared/binary';
import type {
  MapDataWire,
  MoveDocumentsResultWire,
  RequestOutput,
  TopicView,
} from '../../../src/shared/contract';
import type { AssignedFixture } from '../../support/assigned-project';
import {
  ASSIGNED_STRENGTHS,
  ASSIGNED_TOPICS,
  CORE_PER_TOPIC,
  NOISE,
  addAssignedFixture,
} from '../../support/assigned-project';

type Page = RequestOutput<'topics:assigned-documents'>;
const ok = <T>(r: unknown): T => {
  if (!(r as { ok: boolean }).ok) throw new Error(JSON.stringify(r));
  return (r as { value: T }).value;
};

let store: ProjectStore;
let svc: EngineService;
let fx: AssignedFixture;
beforeEach(() => {
  store = ProjectStore.open(':memory:', { create: true });
  fx = addAssignedFixture(store);
  svc = new EngineService(store, () => {});
});
afterEach(() => store.close());

const ASSIGNED = ASSIGNED_STRENGTHS.length;
const topics = async () =>
  new Map(
    ok<{ topics: TopicView[] }>(await svc.handle('topics:list', {})).topics.map((t) => [t.clusterId, t]),
  );
const counts = async (c: number) => {
  const t = (await topics()).get(c)!;
  return { size: t.size, core: t.core, assigned: t.assigned };
};
const page = async (clusterId: number, more: { offset?: number; limit?: number } = {}) =>
  ok<Page>(await svc.handle('topics:assigned-documents', { runId: fx.clusterRunId, clusterId, ...more }));
const move = async (documentIds: number[], clusterId: number) =>
  ok<MoveDocumentsResultWire>(
    await svc.handle('topics:move-documents', { runId: fx.clusterRunId, documentIds, clusterId }),
  );
const row = (doc: number) =>
  store.db
    .prepare(
      'SELECT cluster_id AS cluster, was_noise AS wasNoise, strength FROM assignments WHERE run_id = ? AND document_id = ?',
    )
    .get(fx.clusterRunId, doc) as { cluster: number; wasNoise: number; strength: number | null };
/** The documents of topic c that HDBSCAN called noise, in document order. */
const assignedOf = (c: number) =>
  fx.documentIds.filter((_, i) => fx.clusterIds[i] === c && fx.wasNoise[i] === 1);

describe('core and assigned documents of a topic', () => {
  it('topics:list counts core and assigned documents; they add up to the size', async () => {
    const all = await topics();
    expect(all.size).toBe(ASSIGNED_TOPICS.length);
    for (const t of all.values())
      expect(t).toMatchObject({ size: CORE_PER_TOPIC + ASSIGNED, core: CORE_PER_TOPIC, assigned: ASSIGNED });
    // A single topic's view (as rename answers it) counts the same way.
    const renamed = ok<TopicView>(
      await svc.handle('topics:rename', { runId: fx.clusterRunId, clusterId: 1, label: 'Spoken language' }),
    );
    expect(renamed).toMatchObject({
      core: CORE_PER_TOPIC,
      assigned: ASSIGNED,
      size: CORE_PER_TOPIC + ASSIGNED,
    });
  });

  it('topics:assigned-documents lists them weakest first, ties by id, unknown strengths last, a page at a time', async () => {
    const ids = assignedOf(0);
    const r = await page(0);
    expect(r).toMatchObject({ runId: fx.clusterRunId, clusterId: 0, total: ASSIGNED });
    // Strengths [0.5, 0.3, 0.3, 0.9, 0.1, null, 0.7, 0.4] by document order.
    expect(r.documents.map((d) => d.id)).toEqual([4, 1, 2, 7, 0, 6, 3, 5].map((k) => ids[k]));
    expect(r.documents.map((d) => d.strength)).toEqual([0.1, 0.3, 0.3, 0.4, 0.5, 0.7, 0.9, null]);
    expect(r.documents[0]).toEqual({
      id: ids[4],
      title: 'Machine translation fringe paper 5',
      year: 2014,
      strength: 0.1,
    });
    expect(r.documents.find((d) => d.id === ids[2])!.year).toBeNull();
    // Core documents and documents of other topics are not listed.
    expect(r.documents.every((d) => fx.clusterIds[fx.documentIds.indexOf(d.id)] === 0)).toBe(true);

    const second = await page(0, { offset: 3, limit: 2 });
    expect(second.total).toBe(ASSIGNED);
    expect(second.documents.map((d) => d.id)).toEqual(r.documents.slice(3, 5).map((d) => d.id));
  });

  it('topics:assigned-documents refuses an unknown topic or run and a bad page', async () => {
    expect(
      await svc.handle('topics:assigned-documents', { runId: fx.clusterRunId, clusterId: 9 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(
      await svc.handle('topics:assigned-documents', { runId: fx.reduceRunId, clusterId: 0 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    for (const bad of [{ limit: 0 }, { limit: 1001 }, { offset: -1 }, { clusterId: -1 }])
      expect(
        await svc.handle('topics:assigned-documents', { runId: fx.clusterRunId, clusterId: 0, ...bad }),
      ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('map:data flags the assigned documents and carries their strengths', async () => {
    const m = ok<MapDataWire>(await svc.handle('map:data', {}));
    expect(m.count).toBe(fx.documentIds.length);
    expect([...int32FromBase64(m.documentIds)]).toEqual(fx.documentIds);
    const assigned = fromBase64(m.assigned);
    const strengths = float32FromBase64(m.strengths);
    expect(assigned.length).toBe(fx.documentIds.length);
    fx.documentIds.forEach((_, i) => {
      // Noise that stayed unplaced is not "assigned", though HDBSCAN called it noise too.
      expect(assigned[i], `document ${i}`).toBe(fx.clusterIds[i]! >= 0 && fx.wasNoise[i] === 1 ? 1 : 0);
      const s = fx.strengths[i] ?? null;
      if (s === null) expect(strengths[i]).toBeNaN();
      else expect(strengths[i]).toBeCloseTo(s, 6);
    });
    expect(assigned.reduce((a, b) => a + b, 0)).toBe(ASSIGNED * ASSIGNED_TOPICS.length);
    expect(fx.clusterIds.filter((c) => c < 0)).toHaveLength(NOISE);
  });
});

describe('moving assigned documents', () => {
  it('sets a document back to unplaced, keeping was_noise, and undoes and redoes it through the move history', async () => {
    const [doc] = assignedOf(0);
    const before = row(doc!);
    expect(before).toEqual({ cluster: 0, wasNoise: 1, strength: 0.5 });

    const r = await move([doc!], -1);
    expect(r).toMatchObject({ moved: 1, canUndo: true, canRedo: false });
    expect(r.sizes).toEqual([
      { clusterId: -1, size: NOISE + 1 },
      { clusterId: 0, size: CORE_PER_TOPIC + ASSIGNED - 1 },
    ]);
    // was_noise stays as HDBSCAN left it; the strength no longer applies.
    expect(row(doc!)).toEqual({ cluster: -1, wasNoise: 1, strength: null });
    expect(await counts(0)).toEqual({
      size: CORE_PER_TOPIC + ASSIGNED - 1,
      core: CORE_PER_TOPIC,
      assigned: ASSIGNED - 1,
    });
    expect((await page(0)).documents.map((d) => d.id)).not.toContain(doc);
    const map = ok<MapDataWire>(await svc.handle('map:data', {}));
    const at = fx.documentIds.indexOf(doc!);
    expect(int32FromBase64(map.clusterIds)[at]).toBe(-1);
    expect(fromBase64(map.assigned)[at]).toBe(0);
    expect(map.topics.find((t) => t.clusterId === 0)!.size).toBe(CORE_PER_TOPIC + ASSIGNED - 1);

    const undone = ok<MoveDocumentsResultWire>(
      await svc.handle('topics:undo-move', { runId: fx.clusterRunId }),
    );
    expect(undone).toMatchObject({ moved: 1, canUndo: false, canRedo: true });
    expect(row(doc!)).toEqual(before);
    expect(await counts(0)).toEqual({
      size: CORE_PER_TOPIC + ASSIGNED,
      core: CORE_PER_TOPIC,
      assigned: ASSIGNED,
    });
    expect((await page(0)).documents.map((d) => d.id)).toContain(doc);

    const redone = ok<MoveDocumentsResultWire>(
      await svc.handle('topics:redo-move', { runId: fx.clusterRunId }),
    );
    expect(redone).toMatchObject({ moved: 1, canUndo: true, canRedo: false });
    expect(row(doc!)).toEqual({ cluster: -1, wasNoise: 1, strength: null });
  });

  it('moves assigned documents to another topic, where they are listed as assigned, and undoes both moves in turn', async () => {
    const ids = assignedOf(0);
    const [a, b, c] = [ids[4]!, ids[1]!, ids[3]!];
    await move([a, b], 2);
    expect(await counts(0)).toMatchObject({ core: CORE_PER_TOPIC, assigned: ASSIGNED - 2 });
    expect(await counts(2)).toMatchObject({ core: CORE_PER_TOPIC, assigned: ASSIGNED + 2 });
    // Placed by hand: their strength is unknown, so they come after the measured ones.
    const there = await page(2);
    expect(there.total).toBe(ASSIGNED + 2);
    expect(there.documents.slice(-3).map((d) => d.strength)).toEqual([null, null, null]);
    expect(there.documents.slice(-3).map((d) => d.id)).toEqual([
      ...[a, b].sort((x, y) => x - y),
      assignedOf(2)[5],
    ]);

    await move([c], -1);
    expect(await counts(0)).toMatchObject({ size: CORE_PER_TOPIC + ASSIGNED - 3, assigned: ASSIGNED - 3 });

    ok(await svc.handle('topics:undo-move', { runId: fx.clusterRunId }));
    expect(row(c)).toEqual({ cluster: 0, wasNoise: 1, strength: 0.9 });
    expect(row(a).cluster).toBe(2);
    ok(await svc.handle('topics:undo-move', { runId: fx.clusterRunId }));
    expect(row(a)).toEqual({ cluster: 0, wasNoise: 1, strength: 0.1 });
    expect(row(b)).toEqual({ cluster: 0, wasNoise: 1, strength: 0.3 });
    for (const k of [0, 1, 2])
      expect(await counts(k)).toEqual({
        size: CORE_PER_TOPIC + ASSIGNED,
        core: CORE_PER_TOPIC,
        assigned: ASSIGNED,
      });
    expect((await page(0)).documents.map((d) => d.strength)).toEqual([
      0.1,
      0.3,
      0.3,
      0.4,
      0.5,
      0.7,
      0.9,
      null,
    ]);
  });

  it('sets a core document unplaced as it stands (still not HDBSCAN noise), and refuses ids below -1', async () => {
    const core = fx.documentIds[0]!;
    await move([core], -1);
    expect(row(core)).toMatchObject({ cluster: -1, wasNoise: 0 });
    expect(await counts(0)).toMatchObject({ core: CORE_PER_TOPIC - 1, assigned: ASSIGNED });
    const map = ok<MapDataWire>(await svc.handle('map:data', {}));
    expect(fromBase64(map.assigned)[0]).toBe(0);
    expect(
      await svc.handle('topics:move-documents', {
        runId: fx.clusterRunId,
        documentIds: [core],
        clusterId: -2,
      }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('still undoes moves recorded before strengths were kept in the history', async () => {
    const [doc] = assignedOf(1);
    // A move as older versions recorded it: [document, cluster] pairs, no strength.
    store.db
      .prepare('UPDATE assignments SET cluster_id = 2 WHERE run_id = ? AND document_id = ?')
      .run(fx.clusterRunId, doc);
    recordHistory(store.db, {
      scope: assignmentScope(fx.clusterRunId),
      kind: 'move-documents',
      label: 'move a document',
      redo: { kind: 'assign', runId: fx.clusterRunId, entries: [[doc, 2]] },
      undo: { kind: 'assign', runId: fx.clusterRunId, entries: [[doc, 1]] },
    });
    const undone = ok<MoveDocumentsResultWire>(
      await svc.handle('topics:undo-move', { runId: fx.clusterRunId }),
    );
    expect(undone.moved).toBe(1);
    expect(row(doc!)).toEqual({ cluster: 1, wasNoise: 1, strength: 0.5 });
  });
});
