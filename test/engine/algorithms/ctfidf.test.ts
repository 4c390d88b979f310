import { describe, expect, it } from 'vitest';
import {
  ctfidf,
  extractTerms,
  ENGLISH_STOP_WORDS,
  keywordLabel,
  tokenize,
} from '../../../src/engine/algorithms/ctfidf';

describe('tokenize and extractTerms', () => {
  it('lower-cases, keeps inner hyphens, drops one-letter tokens', () => {
    expect(tokenize('Fine-tuning BERT: a Study of 3 Models')).toEqual([
      'fine-tuning',
      'bert',
      'study',
      'of',
      'models',
    ]);
  });

  it('makes bigrams of consecutive non-stop words only', () => {
    expect(extractTerms('neural machine translation of the speech', ENGLISH_STOP_WORDS, true)).toEqual([
      'neural',
      'machine',
      'neural machine',
      'translation',
      'machine translation',
      'speech',
    ]);
  });
});

describe('ctfidf', () => {
  // Three clusters with their own vocabulary over shared words ("model", "data") and stop words.
  const corpus: [string, number][] = [
    ['neural machine translation model for data', 0],
    ['machine translation with attention model', 0],
    ['low resource machine translation data', 0],
    ['sentiment analysis of product reviews model', 1],
    ['aspect sentiment analysis data', 1],
    ['sentiment analysis with lexicons model', 1],
    ['speech recognition with acoustic model', 2],
    ['end to end speech recognition data', 2],
    ['noisy speech recognition model', 2],
    ['a model of everything and data', -1],
  ];
  const texts = corpus.map((c) => c[0]);
  const labels = Int32Array.from(corpus, (c) => c[1]);

  it('ranks each cluster’s own phrases first and shared words low', () => {
    const r = ctfidf(texts, labels, { top: 4 });
    expect(r.clusterIds).toEqual([0, 1, 2]);
    const terms = r.keyphrases.map((k) => k.map((t) => t.term));
    expect(terms[0]!.slice(0, 3).sort()).toEqual(['machine', 'machine translation', 'translation']);
    expect(terms[1]!.slice(0, 3).sort()).toEqual(['analysis', 'sentiment', 'sentiment analysis']);
    expect(terms[2]!.slice(0, 3).sort()).toEqual(['recognition', 'speech', 'speech recognition']);
    for (const t of terms) expect(t.slice(0, 3)).not.toContain('model');
    // Scores are sorted, positive.
    for (const k of r.keyphrases)
      for (let i = 1; i < k.length; i++) expect(k[i - 1]!.score).toBeGreaterThanOrEqual(k[i]!.score);
  });

  it('drops terms below the minimum document frequency', () => {
    const r = ctfidf(texts, labels, { minDocumentFrequency: 2, top: 50 });
    const all = r.keyphrases.flat().map((k) => k.term);
    expect(all).not.toContain('lexicons');
    expect(all).not.toContain('noisy');
    const loose = ctfidf(texts, labels, { minDocumentFrequency: 1, top: 50 });
    expect(loose.keyphrases.flat().map((k) => k.term)).toContain('lexicons');
  });

  it('scores documents of their own cluster, noise zero', () => {
    const r = ctfidf(texts, labels);
    expect(r.documentScores[9]).toBe(0);
    for (let i = 0; i < 9; i++) expect(r.documentScores[i]).toBeGreaterThan(0);
  });

  it('gives unigrams only without bigrams', () => {
    const r = ctfidf(texts, labels, { bigrams: false });
    expect(r.keyphrases.flat().every((k) => !k.term.includes(' '))).toBe(true);
  });
});

describe('keywordLabel', () => {
  it('lets a bigram supersede its words and skips repeats', () => {
    const k = ['machine translation', 'translation', 'machine', 'neural', 'low-resource'].map((term, i) => ({
      term,
      score: 5 - i,
    }));
    expect(keywordLabel(k)).toBe('machine translation, neural, low-resource');
    expect(
      keywordLabel([
        { term: 'speech', score: 2 },
        { term: 'speech recognition', score: 1 },
      ]),
    ).toBe('speech recognition');
    expect(keywordLabel([])).toBe('');
  });
});
