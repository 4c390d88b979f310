import { describe, expect, it } from 'vitest';
import { EngineService } from '../../../src/engine/service';
import { createTaxonomy, ProjectStore, saveTree } from '../../../src/engine/store';
import { addDocumentsWithVectors, clusteredVectors } from '../../support/vectors';
import { addClusterRun, sampleTree } from '../../support/taxonomy';

function project() {
  const store = ProjectStore.open(':memory:', { create: true });
  const { documentIds } = addDocumentsWithVectors(store, clusteredVectors(24, 4, 12), 4);
  const runId = addClusterRun(
    store,
    documentIds,
    documentIds.map((_, i) => i % 12),
  );
  const taxonomyId = createTaxonomy(store.db, { runId, name: 'sample', source: 'offline' });
  saveTree(store.db, taxonomyId, sampleTree());
  return { store, runId, documentIds, svc: new EngineService(store, () => {}) };
}

const ok = <T>(r: unknown): T => {
  expect(r).toMatchObject({ ok: true });
  return (r as { value: T }).value;
};

describe('history channels', () => {
  it('history:apply, history:undo and history:redo take edits made on any channel, newest first', async () => {
    const { svc, runId, documentIds } = project();
    expect(ok(await svc.handle('history:get', {}))).toEqual({ undo: null, redo: null });
    ok(await svc.handle('topics:rename', { runId, clusterId: 0, label: 'Speech' }));
    const applied = ok<{ entry: { label: string } }>(
      await svc.handle('history:apply', {
        command: { kind: 'move-documents', runId, documentIds: [documentIds[1]!], clusterId: -1 },
      }),
    );
    expect(applied.entry.label).toBe('set a document unplaced');
    ok(
      await svc.handle('taxonomy:edit', { command: { name: 'rename', args: { nodeId: 1, label: 'Tree' } } }),
    );
    const state = ok<{ undo: { label: string } }>(await svc.handle('history:get', {}));
    expect(state.undo.label).toMatch(/to “Tree”$/);

    const labels: string[] = [];
    for (;;) {
      const r = ok<{ entry: { label: string } | null }>(await svc.handle('history:undo', {}));
      if (!r.entry) break;
      labels.push(r.entry.label);
    }
    expect(labels).toEqual([state.undo.label, 'set a document unplaced', 'rename “Topic 0” to “Speech”']);
    const topics = ok<{ topics: { clusterId: number; label: string; source: string }[] }>(
      await svc.handle('topics:list', {}),
    );
    expect(topics.topics.find((t) => t.clusterId === 0)).toMatchObject({
      label: 'Topic 0',
      source: 'keywords',
    });
    const redone = ok<{ entry: { label: string }; history: { redo: { label: string } } }>(
      await svc.handle('history:redo', {}),
    );
    expect(redone.entry.label).toBe('rename “Topic 0” to “Speech”');
    expect(redone.history.redo.label).toBe('set a document unplaced');
  });

  it('refuses a command of no known kind or with arguments of the wrong type', async () => {
    const { svc } = project();
    expect(await svc.handle('history:apply', { command: { kind: 'explode' } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(
      await svc.handle('history:apply', {
        command: { kind: 'taxonomy-edit', edit: { name: 'rename', args: { nodeId: 'one', label: 'x' } } },
      }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
