import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/engine/algorithms/random';
import { createRun, createTaxonomy, ProjectStore, saveProjection, saveTree } from '../../../src/engine/store';
import { TaxonomyEditor } from '../../../src/engine/taxonomy/editor';
import { planSplit } from '../../../src/engine/taxonomy/split';
import {
  childrenOf,
  documentPlacement,
  emptyTree,
  ROOT,
  treeSnapshot,
} from '../../../src/engine/taxonomy/tree';
import { loadRunAssignments } from '../../../src/engine/store';
import { addDocumentsWithVectors, clusteredVectors } from '../../support/vectors';
import { addClusterRun } from '../../support/taxonomy';

describe('splitting a topic', () => {
  it('re-clusters its documents into child topics, undoably', () => {
    const store = ProjectStore.open(':memory:', { create: true });
    const n = 80;
    const { documentIds } = addDocumentsWithVectors(store, clusteredVectors(n, 4, 2), 4);
    // One cluster in the run, but two well-separated blobs in the reduced coordinates.
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
    const id = createTaxonomy(store.db, { runId, name: 't', source: 'human' });
    const tree = emptyTree();
    tree.nodes.set(1, {
      id: 1,
      parentId: ROOT,
      label: 'Cat',
      definition: null,
      flags: {},
      clusterIds: [],
      topicId: null,
    });
    tree.nodes.set(2, {
      id: 2,
      parentId: 1,
      label: 'Mixed',
      definition: null,
      flags: {},
      clusterIds: [0],
      topicId: null,
    });
    tree.children.set(ROOT, [1]);
    tree.children.set(1, [2]);
    store.transaction(() => saveTree(store.db, id, tree));
    const ed = TaxonomyEditor.open(store, id);
    const before = treeSnapshot(ed.tree);
    const call = planSplit(store, ed, 2, { minClusterSize: 10 });
    ed.apply(call);
    const kids = childrenOf(ed.tree, 2);
    expect(kids).toHaveLength(2);
    expect(ed.tree.nodes.get(kids[0]!)!.label).toBe('Mixed (1)');
    const placement = documentPlacement(ed.tree, loadRunAssignments(store.db, runId));
    const evenIn = new Set(documentIds.filter((_, i) => i % 2 === 0).map((d) => placement.get(d)));
    expect(evenIn.size).toBe(1);
    expect(kids).toContain([...evenIn][0]);
    ed.undo();
    expect(treeSnapshot(ed.tree)).toEqual(before);
    expect(() => planSplit(store, ed, 2, { minClusterSize: 60 })).toThrow(/too few/);
    store.close();
  });
});
