import { describe, expect, it } from 'vitest';
import { createTaxonomy, loadTree, ProjectStore, saveTree } from '../../../src/engine/store';
import {
  completeTaxonomy,
  importTaxonomy,
  lexicalSimilarity,
  parseExistingTaxonomy,
} from '../../../src/engine/taxonomy/complete';
import { exportTaxonomy } from '../../../src/engine/taxonomy/export';
import { toOutline, treeFromEntries } from '../../../src/engine/taxonomy/markdown';
import { childrenOf, pathOf, ROOT } from '../../../src/engine/taxonomy/tree';
import { addClusterRun, sampleTree } from '../../support/taxonomy';
import { addDocumentsWithVectors, clusteredVectors } from '../../support/vectors';

const SCHEME = `. Machine Translation: Translating text between languages.
.. Neural Machine Translation: Sequence-to-sequence translation models.
.. Low-Resource Translation: Translation with little parallel data.
. Speech Processing
.. Speech Recognition: Transcribing speech audio.
. Legal Text Processing: Legal documents and court decisions.
`;

describe('completing an existing taxonomy', () => {
  it('imports a scheme into a project and exports the same Markdown byte for byte', () => {
    const store = ProjectStore.open(':memory:', { create: true });
    const { taxonomyId } = importTaxonomy(store, parseExistingTaxonomy(SCHEME), { source: 'scheme.md' });
    const outline = exportTaxonomy(store, 'outline', taxonomyId);
    expect(outline).toBe(SCHEME);
    const headings = exportTaxonomy(store, 'headings', taxonomyId);
    const again = importTaxonomy(store, parseExistingTaxonomy(headings)).taxonomyId;
    expect(exportTaxonomy(store, 'headings', again)).toBe(headings);
    expect(exportTaxonomy(store, 'outline', again)).toBe(SCHEME);
    store.close();
  });

  it('reads the JSON export back into the same outline', () => {
    const store = ProjectStore.open(':memory:', { create: true });
    const { documentIds } = addDocumentsWithVectors(store, clusteredVectors(24, 4, 12), 4);
    const runId = addClusterRun(
      store,
      documentIds,
      documentIds.map((_, i) => i % 12),
    );
    const id = createTaxonomy(store.db, { runId, name: 't', source: 'human' });
    const tree = sampleTree();
    tree.nodes.get(3)!.definition = 'With a definition.';
    store.transaction(() => saveTree(store.db, id, tree));
    const fromJson = parseExistingTaxonomy(exportTaxonomy(store, 'json', id));
    expect(toOutline(treeFromEntries(fromJson))).toBe(exportTaxonomy(store, 'outline', id));
    expect(() => parseExistingTaxonomy('{"nodes": []}')).toThrow(/not a taxonomy JSON/);
    store.close();
  });

  it('attaches topics to the closest nodes as new, joins same-subject nodes, flags nodes without documents', () => {
    const store = ProjectStore.open(':memory:', { create: true });
    const { documentIds } = addDocumentsWithVectors(store, clusteredVectors(20, 4, 4), 4);
    const labels = [
      'Neural machine translation',
      'Multilingual translation benchmarks',
      'Speech recognition',
      'Protein folding',
    ];
    const runId = addClusterRun(
      store,
      documentIds,
      documentIds.map((_, i) => i % 4),
      {
        topicLabel: (c) => labels[c]!,
        keyphrases: (c) =>
          [['translation'], ['translation', 'multilingual'], ['speech', 'asr'], ['protein']][c]!,
      },
    );
    const s = completeTaxonomy(store, parseExistingTaxonomy(SCHEME), { source: 'scheme.md' });
    expect(s).toMatchObject({ runId, existingNodes: 6, joined: 2, attached: 1, unplaced: 1, noDocuments: 2 });
    const tree = loadTree(store.db, s.taxonomyId);
    const byLabel = (l: string) => [...tree.nodes.values()].find((n) => n.label === l)!;
    expect(byLabel('Neural Machine Translation').clusterIds).toEqual([0]);
    expect(byLabel('Speech Recognition').clusterIds).toEqual([2]);
    const multi = byLabel('Multilingual translation benchmarks');
    expect(multi.flags).toEqual({ new: true });
    expect(pathOf(tree, multi.id)[0]).toBe('Machine Translation');
    expect(byLabel('Low-Resource Translation').flags).toEqual({ noDocuments: true });
    expect(byLabel('Legal Text Processing').flags).toEqual({ noDocuments: true });
    expect(byLabel('Machine Translation').flags).toEqual({});
    const top = childrenOf(tree, ROOT).map((id) => tree.nodes.get(id)!.label);
    expect(top).toEqual(['Machine Translation', 'Speech Processing', 'Legal Text Processing', 'Unplaced']);
    expect(byLabel('Protein folding').flags).toEqual({ new: true, unplaced: true });
    store.close();
  });

  it('scores word overlap, ignoring case and plurals', () => {
    expect(lexicalSimilarity('Speech Recognition', 'speech recognitions')).toBe(1);
    expect(lexicalSimilarity('Speech', 'Legal')).toBe(0);
  });
});
