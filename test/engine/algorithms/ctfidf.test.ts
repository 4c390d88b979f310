import { describe, expect, it } from 'vitest';
import {
  ctfidf,
  extractTerms,
  ENGLISH_STOP_WORDS,
  STOP_WORDS,
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

describe('words of every script', () => {
  it('segments Chinese, Japanese and Thai runs into words and drops Chinese function words', () => {
    expect(tokenize('实验结果表明，神经机器翻译')).toEqual(['实验', '结果', '表明', '神经', '机器', '翻译']);
    expect(tokenize('การแปลภาษาด้วยเครื่อง').length).toBeGreaterThan(1);
    // "experimental results show", "moreover", "however": stop words, so no term is made of them.
    const terms = extractTerms('实验结果表明，此外，然而神经机器翻译', STOP_WORDS, 2);
    expect(terms).toEqual(['神经', '机器', '神经 机器', '翻译', '机器 翻译']);
  });

  it('does not run phrases across punctuation or one-letter words, and makes trigrams on request', () => {
    expect(extractTerms('BERT: a tagger of parsing', ENGLISH_STOP_WORDS, 2)).toEqual([
      'bert',
      'tagger',
      'parsing',
    ]);
    expect(extractTerms('hate speech detection, fast', ENGLISH_STOP_WORDS, 3)).toEqual([
      'hate',
      'speech',
      'hate speech',
      'detection',
      'speech detection',
      'hate speech detection',
      'fast',
    ]);
  });
});

describe('ctfidf for labels', () => {
  const corpus: [string, number][] = [
    ['Hate speech detection with BERT. We detect hate speech in tweets.', 0],
    ['Multilingual hate speech detection. Hate speech detection for Arabic tweets.', 0],
    ['Detecting hate speech with LLMs and BERT.', 0],
    ['Radiology report generation with LLMs. Radiology report generation from images.', 1],
    ['Clinical radiology report generation with BERT.', 1],
    ['Evaluating radiology report generation with LLMs.', 1],
  ];
  const texts = corpus.map((c) => c[0]);
  const labels = Int32Array.from(corpus, (c) => c[1]);

  it('finds three-word phrases, keeps how acronyms are written, and counts document frequency', () => {
    const r = ctfidf(texts, labels, { ngrams: 3, top: 20, minDocumentFrequency: 2 });
    expect(r.keyphrases[0]!.map((k) => k.term)).toContain('hate speech detection');
    expect(r.keyphrases[1]!.map((k) => k.term)).toContain('radiology report generation');
    expect(r.display('bert')).toBe('BERT');
    expect(r.display('llms')).toBe('LLMs');
    expect(r.display('hate speech detection')).toBe('hate speech detection');
    expect(r.documentFrequency('hate speech')).toBe(3);
    expect(r.documentFrequency('radiology report generation')).toBe(3);
    expect(r.documentFrequency('never seen')).toBe(0);
  });

  it('damps a word every cluster uses a lot with reduceFrequentWords', () => {
    const plain = ctfidf(texts, labels, { top: 50, minDocumentFrequency: 2 });
    const damped = ctfidf(texts, labels, { top: 50, minDocumentFrequency: 2, reduceFrequentWords: true });
    const rank = (r: typeof plain, term: string) => r.keyphrases[1]!.findIndex((k) => k.term === term);
    const share = (r: typeof plain) => r.keyphrases[1]![rank(r, 'llms')]!.score / r.keyphrases[1]![0]!.score;
    expect(share(damped)).toBeGreaterThan(share(plain));
  });
});
