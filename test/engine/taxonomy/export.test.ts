import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTaxonomy, ProjectStore, saveTree } from '../../../src/engine/store';
import { csvField, exportTaxonomy, loadTaxonomyView, toJson } from '../../../src/engine/taxonomy/export';
import {
  parseTaxonomyMarkdown,
  toHeadings,
  toOutline,
  treeFromEntries,
} from '../../../src/engine/taxonomy/markdown';
import { addDocumentsWithVectors, clusteredVectors } from '../../support/vectors';
import { addClusterRun, sampleTree } from '../../support/taxonomy';
import { sharedFile, withoutShared } from '../../support/shared';

const roundTrip = (md: string, render: typeof toOutline): string =>
  render(treeFromEntries(parseTaxonomyMarkdown(md)));

describe('taxonomy Markdown', () => {
  it.skipIf(withoutShared)('writes the case study outline exactly as published', () => {
    const product = readFileSync(sharedFile('docs/product.md'), 'utf8');
    const published = product
      .split('\n')
      .filter((l) => /^ {4}\.+ /.test(l))
      .map((l) => `${l.slice(4)}\n`)
      .join('');
    expect(published).toContain('... Transformer Models and Attention Mechanisms: <definition>');
    expect(roundTrip(published, toOutline)).toBe(published);
  });

  it('outline and headings survive export -> import -> export byte for byte', () => {
    const tree = sampleTree();
    tree.nodes.get(3)!.definition = 'Studies of: colons, "quotes" and\nline breaks.';
    tree.nodes.get(1)!.definition = 'A category.';
    // A leaf after a sibling with children, and a childless category.
    tree.children.set(2, [...tree.children.get(2)!]);
    tree.nodes.set(50, {
      id: 50,
      parentId: 1,
      label: 'Loose topic',
      definition: 'x',
      flags: {},
      clusterIds: [],
      topicId: null,
    });
    tree.children.get(1)!.push(50);
    tree.nodes.set(51, {
      id: 51,
      parentId: 0,
      label: 'Empty category',
      definition: null,
      flags: {},
      clusterIds: [],
      topicId: null,
    });
    tree.children.get(0)!.push(51);
    const outline = toOutline(tree);
    expect(outline.split('\n').slice(0, 4)).toEqual([
      '. Category 0: A category.',
      '.. Sub 0.0',
      '... Topic 0.0.0: Studies of: colons, "quotes" and line breaks.',
      '... Topic 0.0.1',
    ]);
    expect(roundTrip(outline, toOutline)).toBe(outline);
    const headings = toHeadings(tree);
    expect(
      headings.startsWith('# Category 0: A category.\n\n## Sub 0.0\n\n- **Topic 0.0.0**: Studies of'),
    ).toBe(true);
    expect(headings).toContain('\n## Loose topic: x\n');
    expect(roundTrip(headings, toHeadings)).toBe(headings);
    // Either form reads back to the same tree.
    expect(toOutline(treeFromEntries(parseTaxonomyMarkdown(headings)))).toBe(outline);
  });

  it('rejects lines that skip a level or are not taxonomy lines', () => {
    expect(() => parseTaxonomyMarkdown('. A\n... B\n')).toThrow(/line 2/);
    expect(() => parseTaxonomyMarkdown('. A\nplain text\n')).toThrow(/line 2: not a taxonomy line/);
  });
});

describe('taxonomy JSON and CSV', () => {
  it('lists nodes with clusters, documents and counts, and documents with their topic path', () => {
    const store = ProjectStore.open(':memory:', { create: true });
    const { documentIds } = addDocumentsWithVectors(store, clusteredVectors(26, 4, 12), 4);
    const labels = documentIds.map((_, i) => (i < 24 ? i % 12 : -1));
    const runId = addClusterRun(store, documentIds, labels);
    const id = createTaxonomy(store.db, {
      runId,
      name: 't',
      source: 'human',
      provenance: { method: 'test' },
    });
    const tree = sampleTree();
    tree.nodes.get(1)!.label = 'Cat, "one"';
    tree.nodes.get(21)!.clusterIds = []; // cluster 11 unplaced
    tree.documents.set(documentIds[25]!, 4); // a noise document placed by hand
    store.transaction(() => saveTree(store.db, id, tree));
    const json = toJson(loadTaxonomyView(store, id));
    expect(json.provenance).toEqual({ method: 'test' });
    expect(json.unplacedClusterIds).toEqual([11]);
    const topic = json.nodes[0]!.children[0]!.children[0]!;
    expect(topic).toMatchObject({
      id: 3,
      clusterIds: [0],
      documentIds: [documentIds[0], documentIds[12]],
      documentCount: 2,
    });
    expect(json.nodes[0]!.totalDocuments).toBe(9);
    expect(json.nodes.reduce((s, n) => s + n.totalDocuments, 0)).toBe(23);

    const csv = exportTaxonomy(store, 'csv', id);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('document_id,ext_id,title,cluster_id,topic_path');
    expect(lines[1]).toBe(`${documentIds[0]},fx-1-0,Title 0,0,"Cat, ""one"" > Sub 0.0 > Topic 0.0.0"`);
    expect(lines[25]).toBe(`${documentIds[24]},fx-1-24,Title 24,-1,`);
    expect(lines[26]).toBe(`${documentIds[25]},fx-1-25,Title 25,-1,"Cat, ""one"" > Sub 0.0 > Topic 0.0.1"`);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(exportTaxonomy(store, 'outline', id).startsWith('. Cat, "one"\n.. Sub 0.0\n')).toBe(true);
    store.close();
  });

  it('quotes CSV fields per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
  });
});
