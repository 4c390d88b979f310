// Topic quality as the BERTopic paper reports it through OCTIS: coherence (NPMI) and diversity of the
// topics' top terms. Probabilities come from document co-occurrence: P(w) is the share of documents
// containing w, P(wi, wj) the share containing both. A term may be a phrase ("hate speech"); a
// document contains it when the document's tokens hold the term's tokens consecutively. Terms and
// documents go through the same tokenizer as the keyphrases (ctfidf's `tokenize`).
import { tokenize } from './ctfidf';

/** Terms of each topic, best first. */
export type TopicTerms = readonly (readonly string[])[];

/** The identity of a term: its tokens, so "Hate speech" and "hate speech" are one term. */
function termKey(term: string, tokens: readonly string[]): string {
  return tokens.length ? tokens.join(' ') : term.toLowerCase();
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Per distinct term, the set of documents containing it as a bitset (one bit per document). */
type TermDocuments = { documents: number; sets: Map<string, Uint32Array>; counts: Map<string, number> };

/**
 * Indexes only `terms`: each document is tokenized once, its tokens mapped to the ids of tokens that
 * start or continue a wanted term, and a term's bit is set wherever its token ids follow each other.
 */
function indexTermDocuments(documents: readonly string[], terms: Iterable<string>): TermDocuments {
  const n = documents.length;
  const words = (n + 31) >>> 5;
  const vocabulary = new Map<string, number>();
  const keys: string[] = [];
  const sequences: Int32Array[] = [];
  const sets = new Map<string, Uint32Array>();
  // Per token id, the terms that start with that token.
  const byFirst: number[][] = [];
  for (const term of terms) {
    const tokens = tokenize(term);
    const key = termKey(term, tokens);
    if (sets.has(key)) continue;
    sets.set(key, new Uint32Array(words));
    // A term without tokens occurs in no document: it stays unindexed, its set empty.
    if (!tokens.length) continue;
    const ids = Int32Array.from(tokens, (t) => {
      let id = vocabulary.get(t);
      if (id === undefined) vocabulary.set(t, (id = vocabulary.size));
      return id;
    });
    const index = keys.length;
    keys.push(key);
    sequences.push(ids);
    (byFirst[ids[0]!] ??= []).push(index);
  }
  const bits = keys.map((k) => sets.get(k)!);
  let ids = new Int32Array(256);
  for (let d = 0; d < n; d++) {
    const tokens = tokenize(documents[d]!);
    if (tokens.length > ids.length) ids = new Int32Array(tokens.length * 2);
    for (let i = 0; i < tokens.length; i++) ids[i] = vocabulary.get(tokens[i]!) ?? -1;
    const word = d >>> 5;
    const bit = 1 << (d & 31);
    for (let i = 0; i < tokens.length; i++) {
      const id = ids[i]!;
      const starting = id >= 0 ? byFirst[id] : undefined;
      if (!starting) continue;
      for (const t of starting) {
        const seq = sequences[t]!;
        if (i + seq.length > tokens.length) continue;
        let j = 1;
        while (j < seq.length && ids[i + j] === seq[j]) j++;
        if (j === seq.length) bits[t]![word]! |= bit;
      }
    }
  }
  const counts = new Map<string, number>();
  for (const [key, set] of sets) {
    let c = 0;
    for (let w = 0; w < words; w++) c += popcount(set[w]!);
    counts.set(key, c);
  }
  return { documents: n, sets, counts };
}

function intersectionCount(a: Uint32Array, b: Uint32Array): number {
  let c = 0;
  for (let w = 0; w < a.length; w++) c += popcount(a[w]! & b[w]!);
  return c;
}

/**
 * NPMI of two terms from document counts c1, c2, joint count c12 of n documents: -1 when they never
 * occur together (a term in no document included), 1 when both are in every document.
 */
export function npmiOfCounts(c1: number, c2: number, c12: number, n: number): number {
  if (c12 === 0) return -1;
  if (c12 === n) return 1;
  const p12 = c12 / n;
  return Math.log(p12 / ((c1 / n) * (c2 / n))) / -Math.log(p12);
}

export type NpmiResult = {
  /** Mean of `perTopic` over topics with at least two terms; NaN when there is none. */
  mean: number;
  /** Per topic (input order), the mean NPMI over all pairs of its top terms; NaN below two terms. */
  perTopic: number[];
};

/**
 * Topic coherence: per topic the mean NPMI, in [-1, 1], over all pairs of its first `top` terms, with
 * probabilities from document co-occurrence in `documents` (raw texts, tokenized here); and the mean.
 * Source: Bouma (2009), "Normalized (pointwise) mutual information in collocation extraction"; Röder et
 * al. (2015), "Exploring the space of topic coherence measures" (C_NPMI, here with documents as windows).
 */
export function npmi(topics: TopicTerms, documents: readonly string[], top = 10): NpmiResult {
  const kept = topics.map((t) => t.slice(0, top));
  const index = indexTermDocuments(documents, kept.flat());
  const n = index.documents;
  const perTopic = kept.map((terms) => {
    if (terms.length < 2) return NaN;
    const keys = terms.map((t) => termKey(t, tokenize(t)));
    let sum = 0;
    let pairs = 0;
    for (let i = 0; i < keys.length; i++)
      for (let j = i + 1; j < keys.length; j++) {
        const a = keys[i]!;
        const b = keys[j]!;
        sum += npmiOfCounts(
          index.counts.get(a)!,
          index.counts.get(b)!,
          intersectionCount(index.sets.get(a)!, index.sets.get(b)!),
          n,
        );
        pairs++;
      }
    return sum / pairs;
  });
  const scored = perTopic.filter((v) => !Number.isNaN(v));
  const mean = scored.length ? scored.reduce((s, v) => s + v, 0) / scored.length : NaN;
  return { mean, perTopic };
}

/**
 * Topic diversity, in (0, 1]: distinct terms among every topic's first `top` terms over their number,
 * sum over topics of min(top, terms); terms compare by their tokens. NaN when there are no terms.
 * Source: Dieng, Ruiz & Blei (2020), "Topic modeling in embedding spaces", section 6 (top 25 words).
 */
export function diversity(topics: TopicTerms, top = 25): number {
  const distinct = new Set<string>();
  let total = 0;
  for (const terms of topics)
    for (const term of terms.slice(0, top)) {
      distinct.add(termKey(term, tokenize(term)));
      total++;
    }
  return total ? distinct.size / total : NaN;
}

export type TopicQualityMeasures = {
  /** Mean topic NPMI over the top 10 terms (see `npmi`). */
  npmi: number;
  perTopicNpmi: number[];
  /** Topic diversity of the top 25 terms (see `diversity`). */
  diversity: number;
  /** Share of documents in a topic (label >= 0). */
  coverage: number;
  /** Distinct topic labels (>= 0) among the documents. */
  topics: number;
};

/**
 * The quality of a clustering's topics: NPMI and diversity of `topicTerms` (one list per topic, best
 * first) over `documents` (texts), and the coverage and topic count of `labels` (n, -1 = noise).
 * Source: Grootendorst (2022), "BERTopic", section 5 (NPMI and diversity as computed by OCTIS).
 */
export function topicQualityOf(
  documents: readonly string[],
  topicTerms: TopicTerms,
  labels: Int32Array,
  o: { npmiTop?: number; diversityTop?: number } = {},
): TopicQualityMeasures {
  if (labels.length !== documents.length)
    throw new RangeError(`${documents.length} documents but ${labels.length} labels`);
  const c = npmi(topicTerms, documents, o.npmiTop ?? 10);
  let covered = 0;
  const distinct = new Set<number>();
  for (const l of labels)
    if (l >= 0) {
      covered++;
      distinct.add(l);
    }
  return {
    npmi: c.mean,
    perTopicNpmi: c.perTopic,
    diversity: diversity(topicTerms, o.diversityTop ?? 25),
    coverage: labels.length ? covered / labels.length : 0,
    topics: distinct.size,
  };
}
