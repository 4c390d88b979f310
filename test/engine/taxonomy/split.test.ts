import { describe, expect, it } from 'vitest';
import { createTaxonomy, ProjectStore, saveTree } from '../../../src/engine/store';
import { applyCommand, taxonomyEdit, undoEdit } from '../../../src/engine/history';
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
import { oneClusterOfTwoBlobs } from '../../support/taxonomy';

describe('splitting a topic', () => {
  it('re-clusters its documents into child topics, undoably', () => {
    const store = ProjectStore.open(':memory:', { create: true });
    // One cluster in the run, but two well-separated blobs in the reduced coordinates.
    const { documentIds, runId } = oneClusterOfTwoBlobs(store);
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
    applyCommand(store, { kind: 'taxonomy-edit', taxonomyId: id, edit: taxonomyEdit(call) });
    const split = TaxonomyEditor.open(store, id).tree;
    const kids = childrenOf(split, 2);
    expect(kids).toHaveLength(2);
    expect(split.nodes.get(kids[0]!)!.label).toBe('Mixed (1)');
    const placement = documentPlacement(split, loadRunAssignments(store.db, runId));
    const evenIn = new Set(documentIds.filter((_, i) => i % 2 === 0).map((d) => placement.get(d)));
    expect(evenIn.size).toBe(1);
    expect(kids).toContain([...evenIn][0]);
    undoEdit(store);
    expect(treeSnapshot(TaxonomyEditor.open(store, id).tree)).toEqual(before);
    expect(() => planSplit(store, ed, 2, { minClusterSize: 60 })).toThrow(/too few/);
    store.close();
  });
});
