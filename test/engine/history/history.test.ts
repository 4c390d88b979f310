import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyCommand, canRedo, historyState, redoEdit, undoEdit } from '../../../src/engine/history';
import {
  createTaxonomy,
  getTopic,
  listHistory,
  loadTree,
  ProjectStore,
  saveTree,
} from '../../../src/engine/store';
import { treeSnapshot } from '../../../src/engine/taxonomy/tree';
import { addDocumentsWithVectors, clusteredVectors } from '../../support/vectors';
import { addClusterRun, sampleTree } from '../../support/taxonomy';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A project file with 24 documents in 12 topics of one run, and the sample taxonomy. */
function project() {
  const dir = mkdtempSync(join(tmpdir(), 'history-'));
  dirs.push(dir);
  const path = join(dir, 'p.taxonomist');
  const store = ProjectStore.open(path, { create: true });
  const { documentIds } = addDocumentsWithVectors(store, clusteredVectors(24, 4, 12), 4);
  const runId = addClusterRun(
    store,
    documentIds,
    documentIds.map((_, i) => i % 12),
  );
  const taxonomyId = createTaxonomy(store.db, { runId, name: 'sample', source: 'offline' });
  store.transaction(() => saveTree(store.db, taxonomyId, sampleTree()));
  return { path, store, runId, taxonomyId, documentIds };
}

const clusterOf = (store: ProjectStore, runId: number, documentId: number) =>
  (
    store.db
      .prepare('SELECT cluster_id AS c FROM assignments WHERE run_id = ? AND document_id = ?')
      .get(runId, documentId) as { c: number }
  ).c;

describe('the project history', () => {
  it('undoes edits of every kind newest first and redoes them oldest first', () => {
    const { store, runId, taxonomyId, documentIds } = project();
    const tree0 = treeSnapshot(loadTree(store.db, taxonomyId));
    const topic0 = getTopic(store.db, runId, 0)!;
    const doc = documentIds[0]!;
    expect(clusterOf(store, runId, doc)).toBe(0);

    const rename = applyCommand(store, { kind: 'topic-rename', runId, clusterId: 0, label: 'Speech' });
    expect(rename.entry?.label).toBe('rename “Topic 0” to “Speech”');
    const move = applyCommand(store, { kind: 'move-documents', runId, documentIds: [doc], clusterId: 3 });
    expect(move.entry?.label).toBe('move a document to “Topic 3”');
    const edit = applyCommand(store, {
      kind: 'taxonomy-edit',
      taxonomyId,
      edit: { name: 'rename', args: { nodeId: 1, label: 'Renamed' } },
    });
    expect(edit.entry?.label).toMatch(/^rename “.+” to “Renamed”$/);
    const lock = applyCommand(store, { kind: 'topic-lock', runId, clusterId: 5, locked: true });
    expect(historyState(store)).toMatchObject({ undo: { label: 'lock “Topic 5”' }, redo: null });

    expect(undoEdit(store)?.entry.id).toBe(lock.entry!.id);
    expect(getTopic(store.db, runId, 5)!.locked).toBe(false);
    expect(undoEdit(store)?.entry.id).toBe(edit.entry!.id);
    expect(treeSnapshot(loadTree(store.db, taxonomyId))).toEqual(tree0);
    expect(undoEdit(store)?.entry.id).toBe(move.entry!.id);
    expect(clusterOf(store, runId, doc)).toBe(0);
    expect(undoEdit(store)?.entry.id).toBe(rename.entry!.id);
    // The rename's undo puts back the label, the lock and who named it.
    expect(getTopic(store.db, runId, 0)).toMatchObject({
      label: topic0.label,
      description: topic0.description,
      source: 'keywords',
      locked: false,
    });
    expect(undoEdit(store)).toBeNull();
    expect(historyState(store)).toMatchObject({ undo: null, redo: { id: rename.entry!.id } });

    expect(redoEdit(store)?.entry.id).toBe(rename.entry!.id);
    expect(getTopic(store.db, runId, 0)).toMatchObject({ label: 'Speech', source: 'human', locked: true });
    expect(redoEdit(store)?.entry.id).toBe(move.entry!.id);
    expect(clusterOf(store, runId, doc)).toBe(3);
    store.close();
  });

  it('keeps the history across closing and reopening the project', () => {
    const { path, store, runId } = project();
    applyCommand(store, { kind: 'topic-rename', runId, clusterId: 2, label: 'Kept', description: 'why' });
    applyCommand(store, { kind: 'topic-lock', runId, clusterId: 2, locked: false });
    store.close();

    const again = ProjectStore.open(path);
    expect(historyState(again).undo?.label).toBe('unlock “Kept”');
    undoEdit(again);
    undoEdit(again);
    expect(getTopic(again.db, runId, 2)).toMatchObject({
      label: 'Topic 2',
      description: null,
      locked: false,
    });
    again.close();

    const third = ProjectStore.open(path);
    expect(historyState(third)).toMatchObject({ undo: null, redo: { label: 'rename “Topic 2” to “Kept”' } });
    redoEdit(third);
    expect(getTopic(third.db, runId, 2)).toMatchObject({ label: 'Kept', description: 'why', locked: true });
    third.close();
  });

  it('drops what could be redone when a new edit is made, whatever its kind', () => {
    const { store, runId, taxonomyId, documentIds } = project();
    applyCommand(store, {
      kind: 'move-documents',
      runId,
      documentIds: documentIds.slice(0, 2),
      clusterId: -1,
    });
    applyCommand(store, {
      kind: 'taxonomy-edit',
      taxonomyId,
      edit: { name: 'define', args: { nodeId: 1, definition: 'Defined.' } },
    });
    undoEdit(store);
    undoEdit(store);
    expect(canRedo(store)).toBe(true);
    applyCommand(store, { kind: 'topic-lock', runId, clusterId: 1, locked: true });
    expect(canRedo(store)).toBe(false);
    expect(listHistory(store.db).map((r) => r.kind)).toEqual(['topic-lock']);
    store.close();
  });

  it('records nothing for an edit that changes nothing', () => {
    const { store, runId, documentIds } = project();
    const already = applyCommand(store, {
      kind: 'move-documents',
      runId,
      documentIds: [documentIds[0]!],
      clusterId: 0,
    });
    expect(already.entry).toBeNull();
    expect(applyCommand(store, { kind: 'topic-lock', runId, clusterId: 1, locked: false }).entry).toBeNull();
    expect(listHistory(store.db)).toEqual([]);
    store.close();
  });

  it('drops an entry whose taxonomy is gone, so the edits before it can still be undone', () => {
    const { store, runId, taxonomyId } = project();
    applyCommand(store, { kind: 'topic-rename', runId, clusterId: 4, label: 'Older' });
    applyCommand(store, {
      kind: 'taxonomy-edit',
      taxonomyId,
      edit: { name: 'rename', args: { nodeId: 1, label: 'Newer' } },
    });
    store.db.prepare('DELETE FROM taxonomies WHERE id = ?').run(taxonomyId);
    expect(() => undoEdit(store)).toThrow(/to “Newer” can no longer be undone/);
    expect(undoEdit(store)?.entry.label).toBe('rename “Topic 4” to “Older”');
    expect(getTopic(store.db, runId, 4)!.label).toBe('Topic 4');
    store.close();
  });

  it('a failing edit leaves the history and the project as they were', () => {
    const { store, taxonomyId } = project();
    expect(() =>
      applyCommand(store, {
        kind: 'taxonomy-edit',
        taxonomyId,
        edit: { name: 'delete', args: { nodeId: 9999 } },
      }),
    ).toThrow(/no node 9999/);
    expect(listHistory(store.db)).toEqual([]);
    store.close();
  });
});
