import { describe, expect, it } from 'vitest';
import {
  checkTaxonomy,
  completeTaxonomy,
  completionTexts,
  EMBEDDING_DUPLICATE_THRESHOLD,
  EMBEDDING_SAME_TOPIC_THRESHOLD,
  embeddingSimilarity,
  loadTaxonomyView,
  parseExistingTaxonomy,
} from '../../../src/engine/taxonomy';
import { childrenOf, emptyTree, ROOT } from '../../../src/engine/taxonomy/tree';
import type { Tree } from '../../../src/engine/taxonomy/tree';
import { addClusterRun } from '../../support/taxonomy';
import { projectWithDocuments } from '../../support/vectors';

function flatTree(labels: string[]): Tree {
  const tree = emptyTree();
  labels.forEach((label, i) => {
    tree.nodes.set(i + 1, {
      id: i + 1,
      parentId: ROOT,
      label,
      definition: null,
      flags: {},
      clusterIds: [i],
      topicId: null,
    });
    tree.children.set(ROOT, [...childrenOf(tree, ROOT), i + 1]);
  });
  return tree;
}

describe('label similarity by sentence embeddings (offline USE-Lite)', () => {
  it('flags near-duplicate labels that share few words, and not unrelated ones that share some', async () => {
    const labels = [
      'Question Answering',
      'Answering Questions',
      'Hate Speech Detection',
      'Speech Recognition',
    ];
    const tree = flatTree(labels);
    const assignments = new Map(labels.map((_, i) => [i + 1, i] as [number, number]));
    const issues = (report: ReturnType<typeof checkTaxonomy>) =>
      report.nodes.filter((n) => n.issues.some((i) => i.kind === 'near-duplicate')).map((n) => n.path.at(-1));
    // Word overlap misses the paraphrase ("question" vs "questions").
    expect(issues(checkTaxonomy(tree, assignments))).toEqual([]);
    const similarity = await embeddingSimilarity(labels);
    expect(similarity('Question Answering', 'Answering Questions')).toBeGreaterThanOrEqual(
      EMBEDDING_DUPLICATE_THRESHOLD,
    );
    expect(similarity('Hate Speech Detection', 'Speech Recognition')).toBeLessThan(
      EMBEDDING_DUPLICATE_THRESHOLD,
    );
    expect(
      issues(
        checkTaxonomy(tree, assignments, {
          labelSimilarity: similarity,
          duplicateThreshold: EMBEDDING_DUPLICATE_THRESHOLD,
        }),
      ),
    ).toEqual(['Question Answering', 'Answering Questions']);
    expect(similarity('Question Answering', 'never embedded')).toBe(0);
  });

  it('completes an existing scheme by meaning: a paraphrased topic joins its node, a related one becomes a new child', async () => {
    const store = projectWithDocuments(30);
    const docs = Array.from({ length: 30 }, (_, i) => i + 1);
    const names = ['Automatic Speech Recognition', 'Answering Questions', 'Translation by Machines'];
    addClusterRun(
      store,
      docs,
      docs.map((_, i) => i % 3),
      { topicLabel: (c) => names[c]!, keyphrases: () => [] },
    );
    const entries = parseExistingTaxonomy(
      [
        '. Spoken Language',
        '.. Speech Recognition: Transcribing audio.',
        '. Semantics',
        '.. Question Answering: Answering questions over text.',
        '.. Machine Translation: Translating between languages.',
      ].join('\n'),
    );
    const similarity = await embeddingSimilarity(completionTexts(store, entries));
    const s = completeTaxonomy(store, entries, {
      similarity,
      sameTopicThreshold: EMBEDDING_SAME_TOPIC_THRESHOLD,
    });
    expect(s).toMatchObject({ existingNodes: 5, unplaced: 0 });
    const tree = loadTaxonomyView(store, s.taxonomyId).tree;
    const byLabel = (l: string) => [...tree.nodes.values()].find((n) => n.label === l)!;
    // Each corpus topic sits at (or directly under) the node it means.
    for (const [topic, node] of [
      ['Automatic Speech Recognition', 'Speech Recognition'],
      ['Answering Questions', 'Question Answering'],
      ['Translation by Machines', 'Machine Translation'],
    ] as const) {
      const target = byLabel(node);
      const holder = [...tree.nodes.values()].find((n) => n.clusterIds.includes(names.indexOf(topic)))!;
      expect(holder.id === target.id || holder.parentId === target.id, `${topic} -> ${node}`).toBe(true);
    }
    store.close();
  });
});
