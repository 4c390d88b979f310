import type { ProjectStore } from '../../src/engine/store';
import { seededRandom } from '../../src/engine/algorithms/random';
import { createRun, finishRun, saveProjection } from '../../src/engine/store';
import type { Tree } from '../../src/engine/taxonomy/tree';
import { childrenOf, emptyTree, ROOT } from '../../src/engine/taxonomy/tree';
import { addDocumentsWithVectors, clusteredVectors } from './vectors';

/** Three categories, two subcategories each, two topics each holding one cluster. */
export function sampleTree(): Tree {
  const tree = emptyTree();
  let id = 1;
  let cluster = 0;
  const add = (parentId: number, label: string, clusterIds: number[] = []): number => {
    const n = id++;
    tree.nodes.set(n, { id: n, parentId, label, definition: null, flags: {}, clusterIds, topicId: null });
    tree.children.set(parentId, [...childrenOf(tree, parentId), n]);
    return n;
  };
  for (let c = 0; c < 3; c++) {
    const cat = add(ROOT, `Category ${c}`);
    for (let s = 0; s < 2; s++) {
      const sub = add(cat, `Sub ${c}.${s}`);
      for (let t = 0; t < 2; t++) add(sub, `Topic ${c}.${s}.${t}`, [cluster++]);
    }
  }
  return tree;
}

/**
 * A done cluster run over `documentIds` with `labels` (cluster per document, -1 = noise), and a topic
 * row per cluster with a label and keyphrases unless `topics` is false.
 */
export function addClusterRun(
  store: ProjectStore,
  documentIds: readonly number[],
  labels: ArrayLike<number>,
  options: {
    topics?: boolean;
    topicLabel?: (c: number) => string;
    keyphrases?: (c: number) => string[];
  } = {},
): number {
  const db = store.db;
  const runId = createRun(db, { kind: 'cluster', params: { minClusterSize: 5 } });
  const sizes = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) sizes.set(labels[i]!, (sizes.get(labels[i]!) ?? 0) + 1);
  store.transaction(() => {
    const insA = db.prepare('INSERT INTO assignments (run_id, document_id, cluster_id) VALUES (?, ?, ?)');
    documentIds.forEach((d, i) => insA.run(runId, d, labels[i]!));
    const insC = db.prepare('INSERT INTO clusters (run_id, cluster_id, size) VALUES (?, ?, ?)');
    const insT = db.prepare(
      `INSERT INTO topics (run_id, cluster_id, label, source, keyphrases, updated_at) VALUES (?, ?, ?, 'keywords', ?, '')`,
    );
    for (const [c, size] of [...sizes].sort((a, b) => a[0] - b[0])) {
      if (c < 0) continue;
      insC.run(runId, c, size);
      if (options.topics !== false) {
        const phrases = options.keyphrases?.(c) ?? [`term${c}a`, `term${c}b`];
        insT.run(
          runId,
          c,
          options.topicLabel?.(c) ?? `Topic ${c}`,
          JSON.stringify(phrases.map((term, i) => ({ term, score: 1 / (i + 1) }))),
        );
      }
    }
  });
  finishRun(db, runId, { status: 'done' });
  return runId;
}

/**
 * `n` documents in one cluster (cluster 0 of a done run) whose reduced 2-d coordinates form two
 * well-separated blobs (even and odd documents): what a split should take apart.
 */
export function oneClusterOfTwoBlobs(store: ProjectStore, n = 80): { documentIds: number[]; runId: number } {
  const { documentIds } = addDocumentsWithVectors(store, clusteredVectors(n, 4, 2), 4);
  const random = seededRandom(5);
  const coords = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    coords[i * 2] = (i % 2) * 10 + random();
    coords[i * 2 + 1] = random();
  }
  const reduceId = createRun(store.db, { kind: 'reduce', params: {} });
  saveProjection(store.db, { runId: reduceId, dims: 2, documentIds: Int32Array.from(documentIds), coords });
  const runId = addClusterRun(store, documentIds, new Array(n).fill(0));
  store.db.prepare('UPDATE runs SET input_run_id = ? WHERE id = ?').run(reduceId, runId);
  return { documentIds, runId };
}
