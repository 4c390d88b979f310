import { describe, expect, it } from 'vitest';
import { EngineService } from '../../../src/engine/service';
import { createTaxonomy, ProjectStore, saveTree } from '../../../src/engine/store';
import { addDocumentsWithVectors, clusteredVectors } from '../../support/vectors';
import { addClusterRun, sampleTree } from '../../support/taxonomy';

type View = {
  nodes: {
    id: number;
    parentId: number | null;
    depth: number;
    label: string;
    documents: number;
    issues: { kind: string }[];
  }[];
  canUndo: boolean;
  canRedo: boolean;
  coverage: { share: number };
};

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
  return { store, svc: new EngineService(store, () => {}), taxonomyId };
}

const value = (r: unknown) => (r as { ok: true; value: View }).value;

describe('taxonomy channels', () => {
  it('taxonomy:get flattens the tree depth-first with document counts and issues', async () => {
    const { svc } = project();
    const v = value(await svc.handle('taxonomy:get', {}));
    expect(v.nodes).toHaveLength(21);
    expect(v.nodes.slice(0, 3).map((n) => [n.label, n.depth, n.parentId === null])).toEqual([
      ['Category 0', 0, true],
      ['Sub 0.0', 1, false],
      ['Topic 0.0.0', 2, false],
    ]);
    expect(v.nodes[0]!.documents).toBe(8);
    expect(v.coverage.share).toBe(1);
    expect(v).toMatchObject({ canUndo: false, canRedo: false });
  });

  it('taxonomy:edit applies a registered command; undo and redo replay it', async () => {
    const { svc } = project();
    const before = value(await svc.handle('taxonomy:get', {}));
    const topic = before.nodes.find((n) => n.label === 'Topic 1.0.1')!;
    const renamed = value(
      await svc.handle('taxonomy:edit', {
        command: { name: 'rename', args: { nodeId: topic.id, label: 'Dialogue Systems' } },
      }),
    );
    expect(renamed.nodes.find((n) => n.id === topic.id)!.label).toBe('Dialogue Systems');
    expect(renamed.canUndo).toBe(true);
    const undone = value(await svc.handle('taxonomy:undo', {}));
    expect(undone.nodes.find((n) => n.id === topic.id)!.label).toBe('Topic 1.0.1');
    expect(undone.canRedo).toBe(true);
    const redone = value(await svc.handle('taxonomy:redo', {}));
    expect(redone.nodes.find((n) => n.id === topic.id)!.label).toBe('Dialogue Systems');
    expect(
      await svc.handle('taxonomy:edit', { command: { name: 'rename', args: { nodeId: 9999, label: 'x' } } }),
    ).toMatchObject({ ok: false });
    expect(await svc.handle('taxonomy:edit', { command: { name: 'explode', args: {} } })).toMatchObject({
      ok: false,
    });
  });

  it('taxonomy:export gives the case study outline', async () => {
    const { svc } = project();
    const r = (await svc.handle('taxonomy:export', { format: 'outline' })) as {
      ok: true;
      value: { text: string };
    };
    expect(r.value.text.split('\n').slice(0, 3)).toEqual(['. Category 0', '.. Sub 0.0', '... Topic 0.0.0']);
  });
});
