import type { TopicLabel } from '../store';

export type Term = { term: string; score: number };

const STOPWORDS = new Set(
  'a an and are as at be by for from in into is it its of on or over that the their this to under using via with without'.split(
    ' ',
  ),
);

/** A topic's terms with scores summing to 1: its keyphrases, else the words of its label. */
export function topicTerms(topic: TopicLabel | undefined, clusterId: number): Term[] {
  let terms: Term[] = (topic?.keyphrases ?? [])
    .filter((k) => k.term.trim() && k.score > 0)
    .map((k) => ({ term: k.term.trim().toLowerCase(), score: k.score }));
  if (terms.length === 0 && topic) {
    terms = topic.label
      .toLowerCase()
      .split(/[^\p{L}\p{N}-]+/u)
      .filter((w) => w.length >= 3 && !STOPWORDS.has(w))
      .map((term) => ({ term, score: 1 }));
  }
  if (terms.length === 0) terms = [{ term: `cluster ${clusterId}`, score: 1 }];
  const merged = new Map<string, number>();
  for (const t of terms) merged.set(t.term, (merged.get(t.term) ?? 0) + t.score);
  const total = [...merged.values()].reduce((s, v) => s + v, 0);
  return [...merged]
    .map(([term, score]) => ({ term, score: score / total }))
    .sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : 1));
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A name for a group of topics from the terms that mark it out: weighted term scores of its
 * members times an inverse topic frequency over `all` topics (the c-TF-IDF idea), top three distinct
 * terms; a fourth and fifth are added, then a number, until the name is not in `taken`.
 */
export function keyTermsLabel(
  members: readonly { terms: readonly Term[]; weight: number }[],
  all: readonly (readonly Term[])[],
  taken: Set<string>,
): string {
  const df = new Map<string, number>();
  for (const terms of all) for (const t of new Set(terms.map((x) => x.term))) df.set(t, (df.get(t) ?? 0) + 1);
  const totalWeight = members.reduce((s, m) => s + m.weight, 0) || 1;
  const score = new Map<string, number>();
  for (const m of members) {
    for (const t of m.terms) {
      // A term every topic shares names none of them.
      const idf = Math.log((1 + all.length) / (df.get(t.term) ?? 1));
      score.set(t.term, (score.get(t.term) ?? 0) + (m.weight / totalWeight) * t.score * idf);
    }
  }
  const ranked = [...score].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([t]) => t);
  const chosen: string[] = [];
  for (const t of ranked) {
    if (chosen.some((c) => c.includes(t) || t.includes(c))) continue;
    chosen.push(t);
  }
  for (let n = Math.min(3, chosen.length); n <= chosen.length && n > 0; n++) {
    const label = chosen.slice(0, n).map(capitalise).join(', ');
    if (!taken.has(label)) {
      taken.add(label);
      return label;
    }
  }
  const base = chosen.length ? chosen.slice(0, 3).map(capitalise).join(', ') : 'Topics';
  for (let i = 2; ; i++) {
    const label = `${base} (${i})`;
    if (!taken.has(label)) {
      taken.add(label);
      return label;
    }
  }
}
