import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  beginImport,
  beginTransaction,
  clusterExists,
  commitTransaction,
  countDocuments,
  countVectors,
  createRun,
  createTaxonomy,
  deleteVectors,
  documentInserter,
  documentState,
  documentTitleLookup,
  ensureEmbeddingSet,
  failInterruptedJobs,
  getDocumentAssignments,
  getJob,
  getTaxonomy,
  insertJob,
  latestVersion,
  listClusters,
  listJobs,
  loadAssignments,
  loadDocumentTitles,
  ProjectStore,
  putVectorBatch,
  recountClusterSizes,
  rollbackTransaction,
  saveClustering,
  schemaVersion,
  setDocumentClusters,
  taxonomyExists,
  updateJob,
  vacuum,
} from '../../../src/engine/store';
import { peekDocumentCount } from '../../../src/engine/store/peek';
import { float32SetKey } from '../../support/vectors';

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-queries-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A project with `titles.length` documents; returns the store and the document ids in order. */
function projectWith(titles: string[], path = ':memory:'): { store: ProjectStore; ids: number[] } {
  const store = ProjectStore.open(path, { create: true });
  const importId = beginImport(store.db, {
    sourcePath: 'fixture.jsonl',
    format: 'jsonl',
    compressed: false,
    mapping: {},
    textTemplate: '{title}',
    startedAt: new Date().toISOString(),
  });
  const insert = documentInserter(store.db, importId);
  store.transaction(() =>
    titles.forEach((title, i) =>
      insert({
        extId: `d${i}`,
        title,
        abstract: `About ${title}`,
        year: null,
        authors: null,
        categories: null,
        venue: null,
        url: null,
        extra: null,
        sourceLine: i + 1,
        contentHash: createHash('sha256').update(title).digest(),
      }),
    ),
  );
  const ids = [...loadDocumentTitles(store.db).keys()].sort((a, b) => a - b);
  return { store, ids };
}

describe('document queries', () => {
  it('gives the document state, titles by id and every id with its external id', () => {
    const empty = ProjectStore.open(':memory:', { create: true });
    expect(documentState(empty.db)).toEqual({ n: 0, last: null });
    empty.close();

    const { store, ids } = projectWith(['Alpha', 'Beta', 'Gamma']);
    expect(documentState(store.db)).toEqual({ n: 3, last: ids[2] });
    const title = documentTitleLookup(store.db);
    expect(ids.map(title)).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(title(9999)).toBeUndefined();
    expect(loadDocumentTitles(store.db).get(ids[1]!)).toEqual({ extId: 'd1', title: 'Beta' });
    store.close();
  });

  it('counts the documents of a project file without opening it as a project', () => {
    const path = join(dir, 'peek.taxonomist');
    projectWith(['One', 'Two'], path).store.close();
    expect(peekDocumentCount(path)).toBe(2);
    const notSqlite = join(dir, 'not-a-project.taxonomist');
    writeFileSync(notSqlite, 'plain text');
    expect(peekDocumentCount(notSqlite)).toBeNull();
    expect(peekDocumentCount(join(dir, 'missing.taxonomist'))).toBeNull();
  });
});

describe('transactions across awaits, schema version, VACUUM', () => {
  it('commits, or rolls back what did not land', async () => {
    const { store } = projectWith([]);
    const db = store.db;
    beginTransaction(db);
    addDocument(store, 'Kept');
    await Promise.resolve();
    commitTransaction(db);
    beginTransaction(db);
    addDocument(store, 'Dropped');
    rollbackTransaction(db);
    rollbackTransaction(db); // nothing open any more: no error
    expect([...loadDocumentTitles(db).values()].map((d) => d.title)).toEqual(['Kept']);
    expect(schemaVersion(db)).toBe(latestVersion);
    vacuum(db);
    expect(countDocuments(db)).toBe(1);
    store.close();
  });
});

function addDocument(store: ProjectStore, title: string): void {
  const importId = beginImport(store.db, {
    sourcePath: 'more.jsonl',
    format: 'jsonl',
    compressed: false,
    mapping: {},
    textTemplate: '{title}',
    startedAt: new Date().toISOString(),
  });
  documentInserter(
    store.db,
    importId,
  )({
    extId: title,
    title,
    abstract: '',
    year: null,
    authors: null,
    categories: null,
    venue: null,
    url: null,
    extra: null,
    sourceLine: 1,
    contentHash: createHash('sha256').update(title).digest(),
  });
}

describe('vector batches', () => {
  it('writes a batch in one transaction and deletes the rows of a set', () => {
    const { store, ids } = projectWith(['A', 'B']);
    const set = ensureEmbeddingSet(store.db, float32SetKey('fixture', 2));
    const hashes = ids.map((id) => Buffer.from([id]));
    putVectorBatch(store.db, set.id, ids, hashes, new Float32Array([1, 0, 0, 1]));
    expect(countVectors(store.db, set.id)).toBe(2);
    deleteVectors(store.db, set.id);
    expect(countVectors(store.db, set.id)).toBe(0);
    store.close();
  });
});

describe('cluster assignment queries', () => {
  it('reads and rewrites assignments and recounts sizes, noise included', () => {
    const { store, ids } = projectWith(['A', 'B', 'C']);
    const db = store.db;
    const runId = createRun(db, { kind: 'cluster', params: {} });
    saveClustering(db, runId, {
      clusters: [
        { clusterId: 0, size: 2, persistence: null, exemplars: [] },
        { clusterId: 1, size: 1, persistence: null, exemplars: [] },
      ],
      assignments: {
        documentIds: Int32Array.from(ids),
        clusterIds: Int32Array.from([0, 0, 1]),
        probabilities: null,
        outlierScores: null,
        wasNoise: new Uint8Array(3),
        strengths: Float64Array.from([0.5, 0.25, 1]),
      },
    });
    expect(clusterExists(db, runId, 1)).toBe(true);
    expect(clusterExists(db, runId, 7)).toBe(false);
    const before = getDocumentAssignments(db, runId, [ids[0]!, 9999]);
    expect([...before]).toEqual([[ids[0], { cluster: 0, strength: 0.5 }]]);

    // The first keeps its strength (no third element), the second loses it.
    setDocumentClusters(db, runId, [
      [ids[0]!, 1],
      [ids[1]!, -1, null],
    ]);
    expect(recountClusterSizes(db, runId, [-1, 0, 1])).toEqual([
      { clusterId: -1, size: 1 },
      { clusterId: 0, size: 0 },
      { clusterId: 1, size: 2 },
    ]);
    expect(listClusters(db, runId).map((c) => [c.clusterId, c.size])).toEqual([
      [0, 0],
      [1, 2],
    ]);
    const after = loadAssignments(db, runId);
    expect([...after.clusterIds]).toEqual([1, -1, 1]);
    expect(getDocumentAssignments(db, runId, [ids[0]!, ids[1]!]).get(ids[0]!)!.strength).toBe(0.5);
    expect(getDocumentAssignments(db, runId, [ids[1]!]).get(ids[1]!)!.strength).toBeNull();
    store.close();
  });
});

describe('taxonomy and job queries', () => {
  it('tells whether a taxonomy exists', () => {
    const store = ProjectStore.open(':memory:', { create: true });
    const id = createTaxonomy(store.db, { runId: null, name: 'T', source: 'human' });
    expect(taxonomyExists(store.db, id)).toBe(true);
    expect(taxonomyExists(store.db, id + 1)).toBe(false);
    expect(getTaxonomy(store.db, id)!.runId).toBeNull();
    store.close();
  });

  it('stores jobs and fails those a stopped engine left behind', () => {
    const store = ProjectStore.open(':memory:', { create: true });
    insertJob(store.db, 'j1', 'import', { file: 'a.csv' });
    insertJob(store.db, 'j2', 'import', { file: 'b.csv' });
    updateJob(store.db, 'j1', { status: 'finished', result: { documents: 3 } });
    updateJob(store.db, 'j2', { status: 'running' });
    expect(getJob(store.db, 'j1')).toMatchObject({
      status: 'finished',
      result: { documents: 3 },
      error: null,
    });
    expect(failInterruptedJobs(store.db)).toBe(1);
    expect(getJob(store.db, 'j2')).toMatchObject({ status: 'failed', error: { code: 'INTERNAL' } });
    expect(listJobs(store.db).map((j) => j.id)).toEqual(['j2', 'j1']);
    store.close();
  });
});
