import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/engine/algorithms/random';
import { getTaxonomy, loadTree, ProjectStore } from '../../../src/engine/store';
import { loadTaxonomyView } from '../../../src/engine/taxonomy/export';
import { categoriesFor, generateOfflineTaxonomy, organiseTopics } from '../../../src/engine/taxonomy/offline';
import { checkTaxonomy, tokenSetSimilarity } from '../../../src/engine/taxonomy/quality';
import { childrenOf, ROOT, walk } from '../../../src/engine/taxonomy/tree';
import { addDocumentsWithVectors } from '../../support/vectors';
import { addClusterRun, sampleTree } from '../../support/taxonomy';

// Words of each family's documents, and of each topic within it, so that names can come from the text.
const FAMILY_WORDS = [
  ['speech recognition', 'acoustic models', 'spoken audio'],
  ['machine translation', 'parallel corpora', 'bilingual lexicons'],
  ['sentiment analysis', 'product reviews', 'opinion mining'],
];
const TOPIC_WORDS = [
  'streaming',
  'dialects',
  'children',
  'noise',
  'medical',
  'legal',
  'poetry',
  'news',
  'tweets',
  'hotels',
  'movies',
  'sarcasm',
];

/** 3 families of 4 clusters each: families far apart in 8-d, clusters of a family close together. */
function familyProject(): { store: ProjectStore; runId: number; documentIds: number[] } {
  const random = seededRandom(11);
  const d = 8;
  const n = 12 * 10 + 6;
  const vectors = new Float32Array(n * d);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i < 120 ? i % 12 : -1;
    labels.push(c);
    const f = c < 0 ? Math.floor(random() * 3) : Math.floor(c / 4);
    for (let k = 0; k < d; k++) {
      const centre = (k === f ? 3 : 0) + (c >= 0 && k === 3 + (c % 4) ? 0.8 : 0);
      vectors[i * d + k] = centre + 0.1 * (random() - 0.5);
    }
  }
  const store = ProjectStore.open(':memory:', { create: true });
  const { documentIds } = addDocumentsWithVectors(store, vectors, d);
  const setText = store.db.prepare('UPDATE documents SET title = ?, abstract = ? WHERE id = ?');
  documentIds.forEach((id, i) => {
    const c = labels[i]!;
    const family = FAMILY_WORDS[c < 0 ? 0 : Math.floor(c / 4)]!;
    const own = c < 0 ? 'misc' : TOPIC_WORDS[c]!;
    const pick = (k: number) => family[(i + k) % family.length]!;
    setText.run(
      `${pick(0)} for ${own} ${i}`,
      `Work on ${pick(0)} with ${pick(1)} and ${own} data. A study of ${pick(2)} and ${own} in ${pick(0)}.`,
      id,
    );
  });
  const runId = addClusterRun(store, documentIds, labels, {
    topicLabel: (c) => `Topic ${c} about family ${Math.floor(c / 4)}`,
    keyphrases: (c) => [`family${Math.floor(c / 4)}`, `detail${c}`],
  });
  return { store, runId, documentIds };
}

/** Every topic at the third level under a subcategory under a main category, no parent with one child. */
function expectThreeLevels(tree: ReturnType<typeof loadTree>, topics: number): void {
  const nodes = walk(tree);
  const topicNodes = nodes.filter((w) => tree.nodes.get(w.id)!.clusterIds.length > 0);
  expect(topicNodes).toHaveLength(topics);
  // walk() counts the main categories as depth 1.
  expect(topicNodes.every((w) => w.depth === 3)).toBe(true);
  expect(nodes.filter((w) => w.depth < 3).every((w) => tree.nodes.get(w.id)!.clusterIds.length === 0)).toBe(
    true,
  );
  if (topics >= 4) for (const w of nodes) expect(childrenOf(tree, w.id).length).not.toBe(1);
}

describe('offline taxonomy', () => {
  it('groups topic centroids into the requested categories, three levels deep, named from their documents', async () => {
    const { store, runId } = familyProject();
    const s = await generateOfflineTaxonomy(store, { categories: 3 });
    expect(s).toMatchObject({ runId, categories: 3, subcategories: 6, topics: 12, documents: 120 });
    const tax = getTaxonomy(store.db, s.taxonomyId)!;
    expect(tax.source).toBe('offline');
    expect(tax.provenance).toMatchObject({ method: 'average-linkage', categories: 3, runId });
    const tree = loadTree(store.db, s.taxonomyId);
    expectThreeLevels(tree, 12);
    const cats = childrenOf(tree, ROOT).map((id) => tree.nodes.get(id)!);
    // Each category holds exactly one family and is named by what its documents share.
    for (const cat of cats) {
      const clusters = walk(tree, cat.id).flatMap(({ id }) => tree.nodes.get(id)!.clusterIds);
      const families = new Set(clusters.map((c) => Math.floor(c / 4)));
      expect(families.size).toBe(1);
      expect(clusters).toHaveLength(4);
      const words = FAMILY_WORDS[[...families][0]!]!.join(' ').split(' ');
      expect(words.some((w) => cat.label.toLowerCase().includes(w))).toBe(true);
      expect(cat.label).not.toContain(',');
    }
    const names = [...tree.nodes.values()].map((n) => n.label.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    const placed = [...tree.nodes.values()].flatMap((n) => n.clusterIds).sort((a, b) => a - b);
    expect(placed).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const topic = [...tree.nodes.values()].find((n) => n.clusterIds[0] === 5)!;
    expect(topic.label).toBe('Topic 5 about family 1');
    expect(topic.topicId).not.toBeNull();

    const q = checkTaxonomy(tree, loadTaxonomyView(store, s.taxonomyId).assignments);
    expect(q.unplacedClusterIds).toEqual([]);
    expect(q.duplicatedClusterIds).toEqual([]);
    expect(q.coverage).toEqual({ placed: 120, total: 120, share: 1 });
    expect(q.nodes.flatMap((n) => n.issues).filter((i) => i.kind === 'single-child')).toEqual([]);
    store.close();
  });

  it('takes the number of categories from the number of topics, and works without topic labels', async () => {
    const { store } = familyProject();
    const s = await generateOfflineTaxonomy(store);
    expect(s.categories).toBe(categoriesFor(12));
    expectThreeLevels(loadTree(store.db, s.taxonomyId), 12);
    const store2 = ProjectStore.open(':memory:', { create: true });
    const { documentIds } = addDocumentsWithVectors(
      store2,
      new Float32Array(40).map((_, i) => (i % 7) + 1),
      4,
    );
    addClusterRun(store2, documentIds, [0, 0, 0, 1, 1, 1, 2, 2, 2, -1], { topics: false });
    // Three topics: one category, one subcategory (nothing else can hold them at the third level).
    const s2 = await generateOfflineTaxonomy(store2);
    expect(s2).toMatchObject({ categories: 1, subcategories: 1 });
    const tree = loadTree(store2.db, s2.taxonomyId);
    expectThreeLevels(tree, 3);
    expect(
      [...tree.nodes.values()]
        .filter((n) => n.clusterIds.length)
        .map((n) => n.label)
        .sort(),
    ).toEqual(['Cluster 0', 'Cluster 1', 'Cluster 2']);
    await expect(generateOfflineTaxonomy(store2, { categories: 0 })).rejects.toThrow(/categories/);
    await expect(generateOfflineTaxonomy(ProjectStore.open(':memory:', { create: true }))).rejects.toThrow(
      /no finished cluster run/,
    );
    store.close();
    store2.close();
  });
});

describe('organising topics into three levels', () => {
  it('makes categories of four or more topics and subcategories of two or more, for any count', () => {
    const random = seededRandom(5);
    for (const k of [4, 5, 7, 9, 15, 23, 35, 60]) {
      const d = 6;
      const centroids = Float32Array.from({ length: k * d }, () => random() - 0.5);
      const rows = Array.from({ length: k }, (_, i) => i);
      const layout = organiseTopics(centroids, d, rows, categoriesFor(k));
      expect(layout.flat(2).sort((a, b) => a - b)).toEqual(rows);
      expect(layout.length).toBeLessThanOrEqual(categoriesFor(k));
      for (const cat of layout) {
        expect(cat.flat().length).toBeGreaterThanOrEqual(4);
        expect(cat.length).toBeGreaterThanOrEqual(2);
        for (const sub of cat) expect(sub.length).toBeGreaterThanOrEqual(2);
      }
    }
    expect(categoriesFor(35)).toBe(7);
    expect(categoriesFor(15)).toBe(3);
    expect(categoriesFor(60)).toBe(12);
    expect(categoriesFor(3)).toBe(2);
  });
});

describe('taxonomy quality checks', () => {
  it('lists single-child parents, empty and unevidenced nodes, near duplicates, unplaced clusters and coverage', () => {
    const tree = sampleTree();
    // Sub 0.0 (node 2) loses a topic, so it has one child; Topic 0.0.1 (node 4) becomes a proposed node.
    tree.children.set(2, [3]);
    tree.nodes.get(4)!.parentId = 9;
    tree.children.set(9, [10, 11, 4]);
    tree.nodes.get(4)!.clusterIds = [];
    tree.nodes.get(4)!.flags = { noEvidence: true };
    tree.nodes.get(4)!.label = 'Topic 0.0.0'; // same words as node 3
    tree.nodes.get(21)!.clusterIds = []; // clusters 1 and 11 unplaced
    const assignments = new Map<number, number>();
    for (let d = 1; d <= 26; d++) assignments.set(d, d <= 24 ? (d - 1) % 12 : -1);
    const q = checkTaxonomy(tree, assignments);
    const issuesOf = (id: number) => q.nodes.find((n) => n.nodeId === id)!.issues.map((i) => i.kind);
    expect(issuesOf(2)).toEqual(['single-child']);
    expect(issuesOf(4)).toEqual(['empty', 'no-evidence', 'near-duplicate']);
    expect(issuesOf(3)).toEqual(['near-duplicate']);
    expect(issuesOf(21)).toEqual(['empty', 'no-evidence']);
    expect(q.unplacedClusterIds).toEqual([1, 11]);
    expect(q.coverage).toEqual({ placed: 20, total: 24, share: 20 / 24 });
    expect(q.nodes.find((n) => n.nodeId === 1)!.documents).toBe(6);
  });

  it('scores label similarity on word sets', () => {
    expect(tokenSetSimilarity('Machine Translation', 'machine translation')).toBe(1);
    expect(tokenSetSimilarity('Speech and Audio', 'Audio, Speech')).toBe(1);
    expect(tokenSetSimilarity('Speech', 'Translation')).toBe(0);
  });
});
