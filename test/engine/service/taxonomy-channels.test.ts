import { describe, expect, it } from 'vitest';
import { EngineService } from '../../../src/engine/service';
import { createTaxonomy, getTopics, ProjectStore, saveTree } from '../../../src/engine/store';
import { addDocumentsWithVectors, clusteredVectors } from '../../support/vectors';
import { addClusterRun, sampleTree } from '../../support/taxonomy';
import type { Tree } from '../../../src/engine/taxonomy/tree';
import { ROOT } from '../../../src/engine/taxonomy/tree';

/** The same tree with every node id moved up by `by` (node ids are unique across taxonomies). */
function shifted(tree: Tree, by: number): Tree {
  const id = (n: number) => (n === ROOT ? ROOT : n + by);
  return {
    ...tree,
    nodes: new Map([...tree.nodes].map(([k, n]) => [id(k), { ...n, id: id(k), parentId: id(n.parentId) }])),
    children: new Map([...tree.children].map(([k, list]) => [id(k), list.map(id)])),
    documents: new Map([...tree.documents].map(([d, n]) => [d, id(n)])),
  };
}

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

  describe('a topic rename reaches the taxonomy leaves that show the topic', () => {
    /** Two taxonomies of one run: leaves of clusters 0 and 1 point at their topics. */
    function withTopicLeaves() {
      const p = project();
      const topics = getTopics(p.store.db, 1);
      const linked = (taxonomyId: number, secondLabel: string, idOffset: number) => {
        const tree = shifted(sampleTree(), idOffset);
        for (const n of tree.nodes.values()) {
          const c = n.clusterIds[0];
          if (c === undefined || c > 1) continue;
          const t = topics.find((x) => x.clusterId === c)!;
          n.topicId = t.id;
          n.label = c === 0 ? t.label : secondLabel;
          n.definition = c === 0 ? 'about zero' : null;
        }
        saveTree(p.store.db, taxonomyId, tree);
      };
      p.store.db.prepare("UPDATE topics SET description = 'about zero' WHERE cluster_id = 0").run();
      linked(p.taxonomyId, 'Named by hand', 0);
      const second = createTaxonomy(p.store.db, { runId: 1, name: 'second', source: 'offline' });
      linked(second, 'Also by hand', 100);
      return { ...p, second };
    }
    const leafOf = (v: View, cluster: number) =>
      v.nodes.find((n) => (n as { clusterIds?: number[] }).clusterIds?.[0] === cluster)!;

    it('taxonomy:get of every taxonomy of the run shows the new label and definition', async () => {
      const { svc, taxonomyId, second } = withTopicLeaves();
      const renamed = await svc.handle('topics:rename', {
        runId: 1,
        clusterId: 0,
        label: 'Speech Recognition',
        description: 'spoken words to text',
      });
      expect(renamed).toMatchObject({ ok: true, value: { label: 'Speech Recognition', locked: true } });
      for (const id of [taxonomyId, second]) {
        const v = value(await svc.handle('taxonomy:get', { taxonomyId: id }));
        expect(leafOf(v, 0)).toMatchObject({
          label: 'Speech Recognition',
          definition: 'spoken words to text',
        });
      }
    });

    it('a leaf named otherwise keeps its name; the export carries the new label', async () => {
      const { svc, taxonomyId } = withTopicLeaves();
      await svc.handle('topics:rename', { runId: 1, clusterId: 1, label: 'Renamed One' });
      await svc.handle('topics:rename', { runId: 1, clusterId: 0, label: 'Speech Recognition' });
      const v = value(await svc.handle('taxonomy:get', { taxonomyId }));
      expect(leafOf(v, 1).label).toBe('Named by hand');
      expect(leafOf(v, 0).label).toBe('Speech Recognition');
      const exported = (await svc.handle('taxonomy:export', { taxonomyId, format: 'outline' })) as {
        ok: true;
        value: { text: string };
      };
      expect(exported.value.text).toContain('... Speech Recognition');
      expect(exported.value.text).not.toContain('Topic 0\n');
      // Renaming back brings the leaf back with it: the leaf still shows the topic.
      await svc.handle('topics:rename', { runId: 1, clusterId: 0, label: 'Topic 0' });
      expect(leafOf(value(await svc.handle('taxonomy:get', { taxonomyId })), 0).label).toBe('Topic 0');
    });

    it('taxonomy:get counts the whole corpus beside the clustered documents', async () => {
      const { svc } = project();
      const v = value(await svc.handle('taxonomy:get', {}));
      expect((v as unknown as { coverage: { corpus: number; total: number } }).coverage).toMatchObject({
        corpus: 24,
        total: 24,
      });
    });
  });
});
