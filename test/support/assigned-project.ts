import { createHash } from 'node:crypto';
import {
  beginImport,
  createRun,
  documentInserter,
  finishRun,
  ProjectStore,
  saveClustering,
  saveProjection,
} from '../../src/engine/store';
import { saveGeneratedTopic } from '../../src/engine/store/topics';

// A project whose cluster run has "assigned" documents: HDBSCAN noise placed in a topic afterwards,
// with a strength each. Three topics on a 2-d map, each with core documents around its centre and
// assigned ones on its rim, plus scattered noise that stayed unplaced.

export const ASSIGNED_TOPICS = [
  { label: 'Machine translation', centre: [0, 0] },
  { label: 'Speech recognition', centre: [12, 0] },
  { label: 'Question answering', centre: [6, 10] },
] as const;

export const CORE_PER_TOPIC = 30;
export const NOISE = 10;

/**
 * The assigned documents' strengths, the same for every topic, in document order: a tie (0.3, 0.3)
 * and one unknown (null), so the review's order is pinned down.
 */
export const ASSIGNED_STRENGTHS = [0.5, 0.3, 0.3, 0.9, 0.1, null, 0.7, 0.4] as const;

export type AssignedFixture = {
  reduceRunId: number;
  clusterRunId: number;
  documentIds: number[];
  /** Per document (same order): cluster, whether HDBSCAN called it noise, its strength. */
  clusterIds: number[];
  wasNoise: number[];
  strengths: (number | null)[];
};

/** Writes the fixture into `store` (a fresh project). */
export function addAssignedFixture(store: ProjectStore): AssignedFixture {
  const db = store.db;
  const importId = beginImport(db, {
    sourcePath: 'assigned.jsonl',
    format: 'jsonl',
    compressed: false,
    mapping: {},
    textTemplate: '{title}:{abstract}',
    startedAt: new Date().toISOString(),
  });
  const insert = documentInserter(db, importId);
  const rows: {
    title: string;
    year: number | null;
    x: number;
    y: number;
    cluster: number;
    noise: number;
    strength: number | null;
  }[] = [];
  // A seeded walk round each centre: core within radius 2, assigned on a rim at 3.5.
  let s = 11;
  const random = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  ASSIGNED_TOPICS.forEach((t, c) => {
    for (let i = 0; i < CORE_PER_TOPIC; i++) {
      const a = random() * 2 * Math.PI;
      const r = 2 * Math.sqrt(random());
      rows.push({
        title: `${t.label} core paper ${i + 1}`,
        year: 2000 + (i % 20),
        x: t.centre[0] + r * Math.cos(a),
        y: t.centre[1] + r * Math.sin(a),
        cluster: c,
        noise: 0,
        strength: 0.8 + 0.2 * random(),
      });
    }
    ASSIGNED_STRENGTHS.forEach((strength, i) => {
      const a = (i / ASSIGNED_STRENGTHS.length) * 2 * Math.PI;
      rows.push({
        title: `${t.label} fringe paper ${i + 1}`,
        year: i === 2 ? null : 2010 + i,
        x: t.centre[0] + 3.5 * Math.cos(a),
        y: t.centre[1] + 3.5 * Math.sin(a),
        cluster: c,
        noise: 1,
        strength,
      });
    });
  });
  for (let i = 0; i < NOISE; i++)
    rows.push({
      title: `Unplaced paper ${i + 1}`,
      year: 2020,
      x: -8 + 28 * random(),
      y: -8 + 24 * random(),
      cluster: -1,
      noise: 1,
      strength: null,
    });
  db.transaction(() => {
    rows.forEach((r, i) =>
      insert({
        extId: `a${i}`,
        title: r.title,
        abstract: `An abstract about ${r.title.toLowerCase()}.`,
        year: r.year,
        authors: null,
        categories: null,
        venue: null,
        url: null,
        extra: null,
        sourceLine: i + 1,
        contentHash: createHash('sha256').update(`a${i}`).digest(),
      }),
    );
  })();
  const documentIds = (db.prepare('SELECT id FROM documents ORDER BY id').all() as { id: number }[]).map(
    (r) => r.id,
  );
  const reduceRunId = createRun(db, { kind: 'reduce', params: { components: 2 } });
  saveProjection(db, {
    runId: reduceRunId,
    dims: 2,
    documentIds: Int32Array.from(documentIds),
    coords: Float32Array.from(rows.flatMap((r) => [r.x, r.y])),
  });
  finishRun(db, reduceRunId, { status: 'done' });

  const clusterRunId = createRun(db, {
    kind: 'cluster',
    params: { minClusterSize: 10 },
    inputRunId: reduceRunId,
  });
  saveClustering(db, clusterRunId, {
    clusters: ASSIGNED_TOPICS.map((_, c) => ({
      clusterId: c,
      size: rows.filter((r) => r.cluster === c).length,
      persistence: 0.5,
      exemplars: [],
    })),
    assignments: {
      documentIds: Int32Array.from(documentIds),
      clusterIds: Int32Array.from(rows, (r) => r.cluster),
      probabilities: Float64Array.from(rows, (r) => (r.noise ? 0 : r.strength!)),
      outlierScores: null,
      wasNoise: Uint8Array.from(rows, (r) => r.noise),
      strengths: Float64Array.from(rows, (r) => r.strength ?? NaN),
    },
  });
  finishRun(db, clusterRunId, { status: 'done' });
  ASSIGNED_TOPICS.forEach((t, c) =>
    saveGeneratedTopic(db, {
      runId: clusterRunId,
      clusterId: c,
      label: t.label,
      description: null,
      source: 'keywords',
      keyphrases: t.label
        .toLowerCase()
        .split(' ')
        .map((term) => ({ term, score: 1 })),
      provenance: {},
    }),
  );
  return {
    reduceRunId,
    clusterRunId,
    documentIds,
    clusterIds: rows.map((r) => r.cluster),
    wasNoise: rows.map((r) => r.noise),
    strengths: rows.map((r) => r.strength),
  };
}

/** The fixture as a project file at `path`, for the browser tests. */
export function writeAssignedProject(path: string): AssignedFixture {
  const store = ProjectStore.open(path, { create: true });
  try {
    return addAssignedFixture(store);
  } finally {
    store.close();
  }
}
