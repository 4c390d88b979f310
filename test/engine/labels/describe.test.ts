import { describe, expect, it } from 'vitest';
import { chooseDistinctNames, defineGroup, describeGroups } from '../../../src/engine/labels';

describe('naming groups', () => {
  it('gives each group its best name that is distinct enough from names already given', () => {
    const candidates = new Map([
      [0, [{ name: 'Machine Translation', score: 2 }]],
      [
        1,
        [
          { name: 'Neural Machine Translation', score: 2 },
          { name: 'Parallel Corpora', score: 1 },
        ],
      ],
      [2, [{ name: 'Machine Translation', score: 1 }]],
    ]);
    // Word overlap stands in for the sentence encoder here.
    const sim = (a: string, b: string) => {
      const wa = new Set(a.toLowerCase().split(' '));
      const wb = b.toLowerCase().split(' ');
      return wb.filter((w) => wa.has(w)).length / Math.max(wa.size, wb.length);
    };
    const names = chooseDistinctNames(
      candidates,
      [0, 1, 2],
      sim,
      0.6,
      ['Speech Recognition'],
      (g) => `G${g}`,
    );
    expect(names.get(0)).toBe('Machine Translation');
    expect(names.get(1)).toBe('Parallel Corpora');
    // Its only candidate is taken outright: the fallback name.
    expect(names.get(2)).toBe('G2');
    expect(chooseDistinctNames(new Map(), [5], sim, 0.6, [], (g) => `G${g}`).get(5)).toBe('G5');
  });
});

describe('describing groups', () => {
  const docs: [string, string, number][] = [
    [
      'Hate speech detection in tweets',
      'Hate speech detection is the task of finding hateful posts on social media automatically. We build a classifier.',
      0,
    ],
    [
      'Multilingual hate speech detection',
      'Hate speech spreads across languages on social media. We study hate speech detection for Arabic.',
      0,
    ],
    [
      'Hate speech detection with BERT',
      'We fine-tune BERT for hate speech detection and evaluate it on three benchmarks of tweets.',
      0,
    ],
    [
      'Radiology report generation',
      'Radiology report generation produces the findings of a medical image as text for clinicians. We use LLMs.',
      1,
    ],
    [
      'Clinical radiology report generation',
      'We generate radiology reports from chest X-rays with a vision encoder and a language model decoder.',
      1,
    ],
    [
      'Evaluating radiology report generation',
      'Radiology report generation needs clinical metrics. We compare metrics on radiology reports.',
      1,
    ],
  ];
  const input = {
    texts: docs.map(([t, a]) => `${t}. ${a}`),
    titles: docs.map(([t]) => t),
    abstracts: docs.map(([, a]) => a),
    groups: Int32Array.from(docs, (d) => d[2]),
  };

  it('names each group by a noun phrase its titles use, and keeps its keyphrases', async () => {
    const { groups } = await describeGroups(input, { minDocumentFrequency: 2 });
    expect(groups.map((g) => g.names[0]!.name)).toEqual([
      'Hate Speech Detection',
      'Radiology Report Generation',
    ]);
    expect(groups[0]!.keyphrases.map((k) => k.term)).toContain('hate speech detection');
    expect(groups.every((g) => g.rankedBy === 'ctfidf')).toBe(true);
  });

  it('ranks phrases by meaning when given an embedder', async () => {
    // A toy embedder: the first axis for hate speech words, the second for radiology words.
    const embed = async (texts: readonly string[]) =>
      Float32Array.from(
        texts.flatMap((t) =>
          /hate|speech|tweets|bert/i.test(t)
            ? [1, 0]
            : /radiology|report|clinical/i.test(t)
              ? [0, 1]
              : [0.7, 0.7],
        ),
      );
    const centroids = new Map([
      [0, Float32Array.from([1, 0])],
      [1, Float32Array.from([0, 1])],
    ]);
    const { groups } = await describeGroups(
      { ...input, centroids, embedPhrases: embed },
      { minDocumentFrequency: 2 },
    );
    expect(groups.every((g) => g.rankedBy === 'embedding')).toBe(true);
    expect(/hate|speech|tweets|bert/i.test(groups[0]!.keyphrases[0]!.term)).toBe(true);
    expect(/radiology|report|clinical/i.test(groups[1]!.keyphrases[0]!.term)).toBe(true);
  });

  it('defines a group by its own defining sentence and representative paper', () => {
    const def = defineGroup(
      'Hate Speech Detection',
      [{ term: 'hate speech', score: 1 }],
      [0, 1, 2],
      input.titles,
      input.abstracts,
    );
    expect(def).toBe(
      'Hate speech detection is the task of finding hateful posts on social media automatically. Representative paper: “Hate speech detection in tweets”.',
    );
    // No sentence fit to define it: the representative papers speak for it.
    expect(defineGroup('Topic', [], [0], ['Only a title'], ['We did things.'])).toBe(
      'Representative paper: “Only a title”.',
    );
  });
});
