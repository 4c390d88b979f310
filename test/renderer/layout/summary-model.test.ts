import { describe, expect, it } from 'vitest';
import { ago, percent, summaryFacts, summaryStage } from '../../../src/renderer/layout/summary-model';

describe('the summary strip', () => {
  it('tells an empty, an imported and a built project apart', () => {
    expect(summaryStage({ documents: 0, topics: null, taxonomy: null, builtAt: null })).toBe('empty');
    expect(summaryStage({ documents: 5, topics: [], taxonomy: null, builtAt: null })).toBe('imported');
    expect(summaryStage({ documents: 5, topics: [{ size: 3 }], taxonomy: null, builtAt: null })).toBe(
      'built',
    );
  });

  it('counts coverage against all of the project’s documents', () => {
    const now = Date.parse('2026-12-06T12:00:00Z');
    const facts = summaryFacts(
      {
        documents: 4159,
        topics: [{ size: 1000 }, { size: 675 }],
        taxonomy: { name: 'Offline taxonomy', categories: 4, fallback: false },
        builtAt: '2026-12-06T10:30:00Z',
      },
      now,
    );
    expect(facts.map((f) => f.text)).toEqual([
      '4,159 documents',
      '2 topics',
      '40% in a topic',
      '4 categories',
      'built 1 h ago',
    ]);
    expect(facts[2]!.title).toBe('1,675 of 4,159 documents are in a topic; 2,484 are not');
  });

  it('keeps small gaps visible and says times in words', () => {
    expect(percent(0.992)).toBe('99.2%');
    expect(percent(1)).toBe('100%');
    expect(percent(0.05)).toBe('5.0%');
    expect(percent(0.4)).toBe('40%');
    const now = Date.parse('2026-12-06T12:00:00Z');
    expect(ago('2026-12-06T11:59:30Z', now)).toBe('just now');
    expect(ago('2026-12-06 11:55:00', now)).toBe('5 min ago');
    expect(ago('2026-12-04T12:00:00Z', now)).toBe('2 days ago');
    expect(ago('2026-01-01T00:00:00Z', now)).toBe('2026-01-01');
  });
});
