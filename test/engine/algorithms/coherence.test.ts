import { describe, expect, it } from 'vitest';
import { diversity, npmi, npmiOfCounts, topicQualityOf } from '../../../src/engine/algorithms/coherence';
import { tokenize } from '../../../src/engine/algorithms/ctfidf';
import { seededRandom } from '../../../src/engine/algorithms/random';

// N = 4 documents. "hate speech" occurs in d0 and d2 only: d1 holds both words, but not consecutively.
const DOCS = [
  'Hate speech detection on social media',
  'Speech recognition for hate groups',
  'Hate speech and speech recognition',
  'Machine translation',
];

// NPMI of two terms in 2 of 4 and 3 of 4 documents, together in 2: log(0.5 / (0.5 * 0.75)) / -log(0.5).
const HALF_THREE_QUARTERS = Math.log(4 / 3) / Math.log(2);

describe('npmi', () => {
  it('matches hand-computed values, with phrases, pairs that never co-occur and short topics', () => {
    const r = npmi(
      [
        ['hate speech', 'Speech', 'translation'],
        ['recognition', 'speech'],
        ['machine'],
        ['machine', 'translation', 'absent'],
      ],
      DOCS,
    );
    // hate speech ~ speech; both never with translation: -1 each.
    expect(r.perTopic[0]).toBeCloseTo((HALF_THREE_QUARTERS - 2) / 3, 12);
    expect(r.perTopic[1]).toBeCloseTo(HALF_THREE_QUARTERS, 12);
    // Fewer than two terms: no pair to score.
    expect(r.perTopic[2]).toBeNaN();
    // machine and translation share their one document: log(0.25 / 0.0625) / -log(0.25) = 1; a term in no
    // document never co-occurs: -1.
    expect(r.perTopic[3]).toBeCloseTo(-1 / 3, 12);
    expect(r.mean).toBeCloseTo(((HALF_THREE_QUARTERS - 2) / 3 + HALF_THREE_QUARTERS - 1 / 3) / 3, 12);
  });

  it('scores only the first `top` terms of a topic', () => {
    expect(npmi([['machine', 'translation', 'absent']], DOCS, 2).perTopic[0]).toBeCloseTo(1, 12);
    const eleven = ['machine', 'translation', ...Array.from({ length: 8 }, () => 'translation'), 'absent'];
    expect(npmi([eleven], DOCS).mean).toBeCloseTo(1, 12);
  });

  it('gives NaN without a scorable topic, and 1 for terms in every document', () => {
    expect(npmi([], DOCS).mean).toBeNaN();
    expect(npmi([['only']], DOCS).mean).toBeNaN();
    expect(npmiOfCounts(3, 3, 3, 3)).toBe(1);
    expect(npmiOfCounts(0, 2, 0, 3)).toBe(-1);
  });

  it('agrees with a direct count over a corpus spanning many bitset words', () => {
    const random = seededRandom(5);
    const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];
    const docs = Array.from({ length: 203 }, () =>
      Array.from(
        { length: 1 + Math.floor(random() * 6) },
        () => words[Math.floor(random() * words.length)],
      ).join(' '),
    );
    const topics = [
      ['alpha', 'beta gamma', 'delta', 'eta theta'],
      ['zeta', 'alpha beta', 'gamma', 'epsilon', 'theta'],
    ];
    const contains = (doc: string, term: string) => ` ${tokenize(doc).join(' ')} `.includes(` ${term} `);
    const expected = topics.map((terms) => {
      let sum = 0;
      let pairs = 0;
      for (let i = 0; i < terms.length; i++)
        for (let j = i + 1; j < terms.length; j++) {
          const c = (f: (d: string) => boolean) => docs.filter(f).length;
          sum += npmiOfCounts(
            c((d) => contains(d, terms[i]!)),
            c((d) => contains(d, terms[j]!)),
            c((d) => contains(d, terms[i]!) && contains(d, terms[j]!)),
            docs.length,
          );
          pairs++;
        }
      return sum / pairs;
    });
    const r = npmi(topics, docs);
    expect(r.perTopic[0]).toBeCloseTo(expected[0]!, 12);
    expect(r.perTopic[1]).toBeCloseTo(expected[1]!, 12);
  });
});

describe('diversity', () => {
  it('is the distinct share of the topics’ top 25 terms, terms compared by their tokens', () => {
    expect(
      diversity([
        ['hate speech', 'speech', 'translation'],
        ['Speech', 'recognition'],
      ]),
    ).toBeCloseTo(4 / 5, 12);
    const thirty = Array.from({ length: 30 }, (_, i) => `w${i}`);
    // 25 of the first topic (w0..w24) + 5 repeated: 25 distinct of 30.
    expect(diversity([thirty, thirty.slice(0, 5)])).toBeCloseTo(25 / 30, 12);
    expect(diversity([['a1', 'b2'], ['c3']])).toBe(1);
    expect(diversity([])).toBeNaN();
  });
});

describe('topicQualityOf', () => {
  it('adds coverage and the topic count of the labels', () => {
    const q = topicQualityOf(
      DOCS,
      [
        ['hate speech', 'speech'],
        ['machine', 'translation'],
      ],
      Int32Array.of(0, -1, 0, 1),
    );
    expect(q.coverage).toBe(0.75);
    expect(q.topics).toBe(2);
    expect(q.perTopicNpmi[1]).toBeCloseTo(1, 12);
    expect(q.npmi).toBeCloseTo((HALF_THREE_QUARTERS + 1) / 2, 12);
    expect(q.diversity).toBe(1);
    expect(() => topicQualityOf(DOCS, [], Int32Array.of(0))).toThrow(RangeError);
  });
});
