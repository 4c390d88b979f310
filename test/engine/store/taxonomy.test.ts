import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTaxonomy,
  listHistory,
  loadTree,
  migrations,
  ProjectStore,
  saveTree,
} from '../../../src/engine/store';
import { applyCommand, canRedo, redoEdit, taxonomyEdit, undoEdit } from '../../../src/engine/history';
import type { CommandCall } from '../../../src/engine/taxonomy/commands';
import { historyScope, TaxonomyEditor } from '../../../src/engine/taxonomy/editor';
import { treeSnapshot } from '../../../src/engine/taxonomy/tree';
import { addDocumentsWithVectors, clusteredVectors } from '../../support/vectors';
import { addClusterRun, sampleTree } from '../../support/taxonomy';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function project(): { path: string; store: ProjectStore; runId: number; documentIds: number[] } {
  const dir = mkdtempSync(join(tmpdir(), 'taxonomy-store-'));
  dirs.push(dir);
  const path = join(dir, 'p.taxonomist');
  const store = ProjectStore.open(path, { create: true });
  const { documentIds } = addDocumentsWithVectors(store, clusteredVectors(24, 4, 12), 4);
  const runId = addClusterRun(
    store,
    documentIds,
    documentIds.map((_, i) => i % 12),
  );
  return { path, store, runId, documentIds };
}

describe('taxonomy store', () => {
  it('0120 adds hand-moved documents per taxonomy, removed with their node', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    for (const m of migrations) if (m.version <= 120) m.up(db);
    const cols = db.prepare("SELECT name FROM pragma_table_info('taxonomy_document_nodes')").all();
    expect(cols.map((c) => (c as { name: string }).name)).toEqual(['taxonomy_id', 'document_id', 'node_id']);
    db.close();
  });

  it('saves and loads a tree exactly: order, clusters, flags and moved documents', () => {
    const { store, runId, documentIds } = project();
    const id = createTaxonomy(store.db, { runId, name: 't', source: 'human' });
    const tree = sampleTree();
    tree.nodes.get(3)!.flags = { noEvidence: true };
    tree.nodes.get(3)!.definition = 'Defined.';
    tree.documents.set(documentIds[0]!, 4);
    store.transaction(() => saveTree(store.db, id, tree));
    expect(treeSnapshot(loadTree(store.db, id))).toEqual(treeSnapshot(tree));
    store.close();
  });

  it('keeps undo and redo across closing and reopening the project', () => {
    const { path, store, runId, documentIds } = project();
    const id = createTaxonomy(store.db, { runId, name: 't', source: 'human' });
    store.transaction(() => saveTree(store.db, id, sampleTree()));
    const initial = treeSnapshot(loadTree(store.db, id));
    const ed = TaxonomyEditor.open(store, id);
    const apply = (target: ProjectStore, call: CommandCall) =>
      applyCommand(target, { kind: 'taxonomy-edit', taxonomyId: id, edit: taxonomyEdit(call) });
    const scope = historyScope(id);
    apply(store, { name: 'rename', args: { nodeId: 1, label: 'Renamed' } });
    apply(store, { name: 'add', args: { id: ed.newNodeId(), parentId: 1, label: 'Added' } });
    apply(store, { name: 'delete', args: { nodeId: 2 } });
    apply(store, { name: 'move-documents', args: { documentIds: documentIds.slice(0, 3), nodeId: 5 } });
    const final = treeSnapshot(loadTree(store.db, id));
    expect(undoEdit(store, scope)?.edit).toMatchObject({ name: 'move-documents' });
    store.close();

    const again = ProjectStore.open(path);
    expect(canRedo(again, scope)).toBe(true);
    expect(redoEdit(again, scope)?.edit).toMatchObject({ name: 'move-documents' });
    expect(treeSnapshot(loadTree(again.db, id))).toEqual(final);
    while (undoEdit(again, scope));
    expect(treeSnapshot(loadTree(again.db, id))).toEqual(initial);
    expect(listHistory(again.db, scope).every((e) => e.undone)).toBe(true);
    // A new edit after undos drops what could have been redone.
    apply(again, { name: 'rename', args: { nodeId: 3, label: 'Other' } });
    expect(canRedo(again, scope)).toBe(false);
    expect(listHistory(again.db, scope)).toHaveLength(1);
    again.close();
  });
});
