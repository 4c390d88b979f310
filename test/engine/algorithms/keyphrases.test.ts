import { describe, expect, it } from 'vitest';
import {
  capSharedTerms,
  definitionScore,
  isGenericPhrase,
  isNamePhrase,
  mmr,
  sharedTermCap,
  splitSentences,
  titleCase,
} from '../../../src/engine/algorithms/keyphrases';

const list = (...terms: string[]) => terms.map((term, i) => ({ term, score: 1 - i * 0.1 }));

describe('capping terms every topic shares', () => {
  it('keeps a term in the top of at most `cap` topics, where it ranks highest', () => {
    const lists = [
      list('models', 'translation', 'parallel'),
      list('speech', 'models', 'audio'),
      list('sentiment', 'reviews', 'models'),
      list('models', 'parsing', 'syntax'),
    ];
    const capped = capSharedTerms(lists, 2, 3);
    const holders = capped.filter((l) => l.slice(0, 3).some((k) => k.term === 'models')).length;
    expect(holders).toBe(2);
    // It stays where it leads (topics 0 and 3), and goes where it trails.
    expect(capped[0]![0]!.term).toBe('models');
    expect(capped[3]![0]!.term).toBe('models');
    expect(capped[1]!.map((k) => k.term)).toEqual(['speech', 'audio']);
    expect(capSharedTerms(lists, 4, 3)).toEqual(lists);
  });

  it('lets a term lead about a tenth of the topics, never more than a third', () => {
    expect(sharedTermCap(35)).toBe(4);
    expect(sharedTermCap(15)).toBe(2);
    expect(sharedTermCap(6)).toBe(2);
    expect(sharedTermCap(3)).toBe(1);
    for (const k of [3, 10, 15, 35, 60]) expect(sharedTermCap(k)).toBeLessThanOrEqual(Math.max(1, k / 3));
  });
});

describe('maximal marginal relevance', () => {
  it('trades relevance against similarity to what is already picked', () => {
    const relevance = [0.9, 0.88, 0.5];
    // 0 and 1 are near duplicates; 2 is different.
    const sim = (i: number, j: number) => ((i === 0 && j === 1) || (i === 1 && j === 0) ? 0.95 : 0.1);
    expect(mmr(relevance, sim, 3, 0)).toEqual([0, 1, 2]);
    expect(mmr(relevance, sim, 3, 0.5)).toEqual([0, 2, 1]);
    expect(mmr(relevance, sim, 2, 0.5)).toEqual([0, 2]);
  });
});

describe('names', () => {
  it('accepts noun phrases and refuses modifiers at the end, verbs at the start and generic words', () => {
    for (const ok of [
      'hate speech detection',
      'radiology report generation',
      'parsing',
      'information retrieval',
      '机器 翻译',
    ])
      expect(isNamePhrase(ok)).toBe(true);
    for (const bad of [
      'large language',
      'towards robust',
      'pre-trained',
      'highly efficient',
      'language models',
      'data',
      'speech speech',
    ])
      expect(isNamePhrase(bad)).toBe(false);
    expect(isGenericPhrase('large language models')).toBe(true);
    expect(isGenericPhrase('reinforcement learning')).toBe(false);
  });

  it('writes title case, keeping acronyms and small words', () => {
    expect(titleCase('hate speech detection')).toBe('Hate Speech Detection');
    expect(titleCase('BERT for question answering')).toBe('BERT for Question Answering');
    expect(titleCase('fine-tuning LLMs')).toBe('Fine-Tuning LLMs');
    expect(titleCase('COVID-19 misinformation')).toBe('COVID-19 Misinformation');
  });
});

describe('definitions', () => {
  it('splits sentences, Chinese ones too', () => {
    expect(splitSentences('Parsing is hard. We parse it. 3 tests pass!')).toEqual([
      'Parsing is hard.',
      'We parse it.',
      '3 tests pass!',
    ]);
    expect(splitSentences('机器翻译很难。我们提出方法。')).toEqual(['机器翻译很难。', '我们提出方法。']);
  });

  it('scores statements about the field, never sentences about one paper, figures or section heads', () => {
    const terms = [
      { term: 'hate speech', weight: 1 },
      { term: 'social media', weight: 0.5 },
    ];
    const good =
      'Hate speech detection is the task of finding abusive posts on social media platforms automatically.';
    const plain =
      'Detecting hate speech on social media remains an open and pressing problem for platforms today.';
    expect(definitionScore(good, terms, 0)).toBeGreaterThan(definitionScore(plain, terms, 0));
    expect(definitionScore(good, terms, 0)).toBeGreaterThan(definitionScore(good, terms, 3));
    for (const bad of [
      'We propose a new model for hate speech detection on social media posts in many languages.',
      'In this paper, hate speech on social media is studied with a new corpus of posts and comments.',
      'Results: hate speech on social media was found in 12,345 posts from the collected corpus of tweets.',
      'It improves hate speech detection on social media by 4.5% over strong baselines in the benchmark.',
      'Hate speech.',
    ])
      expect(definitionScore(bad, terms, 0)).toBe(-Infinity);
  });
});
