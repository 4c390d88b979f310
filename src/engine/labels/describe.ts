import type { CtfidfResult, Keyphrase } from '../algorithms/ctfidf';
import { ctfidf, tokenize } from '../algorithms/ctfidf';
import {
  capSharedTerms,
  definitionScore,
  isGenericPhrase,
  isNamePhrase,
  mmr,
  sharedTermCap,
  splitSentences,
  titleCase,
} from '../algorithms/keyphrases';

/** Embeds texts into unit vectors, `texts.length` rows of `dims` (an Embedder's `embed`). */
export type EmbedTexts = (texts: readonly string[]) => Promise<Float32Array>;

export type GroupInput = {
  /** Per document: its text (title and abstract), title and abstract, and its group (-1: none). */
  texts: readonly string[];
  titles: readonly string[];
  abstracts: readonly string[];
  groups: Int32Array;
  /** Per group id: unit centroid of its documents in the project's embedding space, when known. */
  centroids?: ReadonlyMap<number, Float32Array>;
  /** Per group id: indices (into the documents) of its most central documents, best first. */
  representatives?: ReadonlyMap<number, readonly number[]>;
  /** The project's embedder, to rank candidate phrases by their closeness to the group's documents. */
  embedPhrases?: EmbedTexts | null;
  /**
   * Per document, its part of its group (a topic of a category): a name that several parts use (more
   * than the corpus does) describes the whole group better than one part's phrase does.
   */
  subgroups?: Int32Array;
};

export type DescribeOptions = {
  /** Keyphrases kept per group. Default 25. */
  keyphrases?: number;
  /** Candidates taken from c-TF-IDF per group before ranking by meaning. Default 30. */
  candidates?: number;
  /**
   * MMR diversity of the keyphrase order, 0..1. Default 0.05: more pushes terms that occur together
   * apart, and coherence (NPMI) down with them.
   */
  diversity?: number;
  /** Documents a term must occur in (default 3, or one in a thousand when that is more). */
  minDocumentFrequency?: number;
  /**
   * Exponent of the c-TF-IDF share that tempers closeness in meaning. Default 3: measured on 2,000 and
   * 4,000 arXiv papers, 0.5 let generic phrases close to every topic lead (NPMI 0.03 at 4,000); 3 keeps
   * each topic's own words first (NPMI 0.10 and 0.17, diversity 0.86 and 0.87, where plain c-TF-IDF
   * unigrams of the same topics have 0.12 and 0.14, diversity 0.51 and 0.50).
   */
  distinctiveness?: number;
  /** Weight of one-word names against phrases of two or three words (1). Default 0.7. */
  singleWordWeight?: number;
};

export type GroupDescription = {
  group: number;
  /** Best first; scores are cosine similarities to the group's centroid when ranked by meaning. */
  keyphrases: Keyphrase[];
  /** Label candidates, best first, as title-cased noun phrases (the name chooser picks one). */
  names: { name: string; score: number }[];
  rankedBy: 'embedding' | 'ctfidf';
};

const dot = (a: Float32Array, ao: number, b: Float32Array, bo: number, d: number): number => {
  let s = 0;
  for (let k = 0; k < d; k++) s += a[ao + k]! * b[bo + k]!;
  return s;
};

/** ` w1 w2 ... ` of a text's tokens, so a phrase is found as ` phrase ` with word boundaries. */
const tokenLine = (text: string): string => ` ${tokenize(text).join(' ')} `;

/**
 * Keyphrases and name candidates for groups of documents (topics, or categories of topics): c-TF-IDF
 * n-grams (1-3 words, frequent words damped), a cap on how many groups one term may lead, then, given
 * the project's embedder, the candidates ranked by cosine similarity to the group's centroid and
 * ordered by maximal marginal relevance (KeyBERT-style), as BERTopic's KeyBERTInspired and
 * MaximalMarginalRelevance representations do. Name candidates are the terms that read as noun
 * phrases, favouring those the group's titles use.
 */
export async function describeGroups(
  input: GroupInput,
  o: DescribeOptions = {},
): Promise<{
  groups: GroupDescription[];
  tf: CtfidfResult;
}> {
  const keep = o.keyphrases ?? 25;
  const pool = o.candidates ?? 30;
  const n = input.texts.length;
  // A keyphrase is found in a few documents at least: one of two documents says little about a topic.
  const minDf = o.minDocumentFrequency ?? Math.min(n, Math.max(3, Math.round(n / 1000)));
  const tf = ctfidf(input.texts, input.groups, {
    ngrams: 3,
    top: pool * 2,
    reduceFrequentWords: true,
    minDocumentFrequency: minDf,
  });
  // Words among the plain c-TF-IDF top ten of more than a third of the groups ("language", "model") are
  // what the whole corpus is about: no name holds one.
  const common = new Set<string>();
  if (tf.clusterIds.length >= 3) {
    const plain = ctfidf(input.texts, input.groups, {
      ngrams: 1,
      top: 10,
      minDocumentFrequency: minDf,
    });
    const holders = new Map<string, number>();
    for (const list of plain.keyphrases)
      for (const k of list) holders.set(k.term, (holders.get(k.term) ?? 0) + 1);
    for (const [w, k] of holders) if (k > tf.clusterIds.length / 3) common.add(w);
  }
  // A term may be a candidate of a few groups only: words the whole corpus uses name none of them.
  const capped = capSharedTerms(tf.keyphrases, sharedTermCap(tf.clusterIds.length), pool).map((l) =>
    l.slice(0, pool),
  );

  // Phrase vectors, once per distinct phrase, in the project's embedding space.
  const centroids = input.centroids;
  let phraseVec: Map<string, number> | null = null;
  let vectors: Float32Array | null = null;
  let d = 0;
  if (input.embedPhrases && centroids && centroids.size) {
    const unique = [...new Set(capped.flat().map((k) => k.term))];
    vectors = await input.embedPhrases(unique.map((t) => tf.display(t)));
    d = unique.length ? vectors.length / unique.length : 0;
    const first = centroids.values().next().value as Float32Array;
    if (d !== first.length) vectors = null;
    else phraseVec = new Map(unique.map((t, i) => [t, i]));
  }

  // Titles of each group as token lines, to see which phrases its titles use more than the corpus's do.
  const titlesOf = new Map<number, string[]>();
  const allTitles: string[] = [];
  for (let i = 0; i < n; i++) {
    const line = tokenLine(input.titles[i]!);
    allTitles.push(line);
    const g = input.groups[i]!;
    if (g < 0) continue;
    let list = titlesOf.get(g);
    if (!list) titlesOf.set(g, (list = []));
    list.push(line);
  }
  const corpusShare = new Map<string, number>();
  const shareIn = (lines: readonly string[], term: string): number =>
    lines.length ? lines.reduce((s, t) => s + (t.includes(` ${term} `) ? 1 : 0), 0) / lines.length : 0;

  // Per group, its documents' token lines by part, for names that span the group's parts.
  const partsOf = new Map<number, Map<number, string[]>>();
  if (input.subgroups)
    for (let i = 0; i < n; i++) {
      const g = input.groups[i]!;
      if (g < 0) continue;
      let parts = partsOf.get(g);
      if (!parts) partsOf.set(g, (parts = new Map()));
      const p = input.subgroups[i]!;
      let lines = parts.get(p);
      if (!lines) parts.set(p, (lines = []));
      lines.push(tokenLine(input.texts[i]!));
    }
  const spread = (group: number, term: string): number => {
    const parts = partsOf.get(group);
    if (!parts || parts.size < 2) return 1;
    const base = tf.documentFrequency(term) / Math.max(1, n);
    let using = 0;
    for (const lines of parts.values()) if (shareIn(lines, term) >= 1.5 * base) using++;
    return using / parts.size;
  };

  const groups = tf.clusterIds.map((group, gi): GroupDescription => {
    const cands = capped[gi]!;
    const centroid = centroids?.get(group);
    let ranked: Keyphrase[];
    let rankedBy: GroupDescription['rankedBy'] = 'ctfidf';
    // How well each candidate names the group, before the name rules below (c-TF-IDF share alone, or
    // closeness in meaning tempered by the square root of it).
    const top = cands[0]?.score || 1;
    let nameRelevance = new Map(cands.map((k) => [k.term, k.score / top]));
    if (phraseVec && vectors && centroid && cands.length) {
      const rows = cands.map((k) => phraseVec!.get(k.term)! * d);
      const closeness = rows.map((r) => Math.max(0, dot(vectors!, r, centroid, 0, d)));
      // Closeness in meaning, tempered by distinctiveness: an embedding finds a generic phrase
      // ("language models") close to every topic of a corpus about language models.
      const relevance = closeness.map((c, i) => c * (cands[i]!.score / top) ** (o.distinctiveness ?? 3));
      nameRelevance = new Map(cands.map((k, i) => [k.term, closeness[i]! * Math.sqrt(k.score / top)]));
      const order = mmr(
        relevance,
        (i, j) => dot(vectors!, rows[i]!, vectors!, rows[j]!, d),
        keep,
        o.diversity ?? 0.05,
      );
      ranked = order.map((i) => ({ term: cands[i]!.term, score: relevance[i]! }));
      rankedBy = 'embedding';
    } else {
      ranked = cands.slice(0, keep);
    }

    // Names: noun phrases among the candidates, by relevance, favouring what the titles say and
    // phrases of two or three words.
    const titles = titlesOf.get(group) ?? [];
    const kept = new Set(ranked.map((k) => k.term));
    const best = Math.max(...[...nameRelevance.values()], 1e-9);
    const names = cands
      .filter(
        (k) => kept.has(k.term) && isNamePhrase(k.term) && !k.term.split(' ').some((w) => common.has(w)),
      )
      .map((k) => {
        let corpus = corpusShare.get(k.term);
        if (corpus === undefined) corpusShare.set(k.term, (corpus = shareIn(allTitles, k.term)));
        const excess = Math.max(0, shareIn(titles, k.term) - corpus);
        const words = k.term.split(' ').length;
        const length = words === 1 ? (o.singleWordWeight ?? 0.7) : words === 2 ? 1 : 1.05;
        const rel = Math.max(0, nameRelevance.get(k.term)! / best);
        const across = 0.4 + 0.6 * spread(group, k.term);
        return {
          name: titleCase(tf.display(k.term)),
          score: rel * (1 + 3 * Math.sqrt(excess)) * length * across,
        };
      })
      .sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : 1));
    return { group, keyphrases: ranked, names, rankedBy };
  });
  return { groups, tf };
}

/**
 * One name per group, each at most `threshold` similar (by `similarity`, e.g. the label-check's sentence
 * embeddings) to every name already given, in the order of `order`: a group takes its best candidate that
 * is distinct enough, else the least similar of its candidates. `taken` names (other topics' labels,
 * names of other levels) count as given. Returns group -> name.
 */
export function chooseDistinctNames(
  candidates: ReadonlyMap<number, readonly { name: string; score: number }[]>,
  order: readonly number[],
  similarity: (a: string, b: string) => number,
  threshold: number,
  taken: readonly string[] = [],
  fallback: (group: number) => string = (g) => `Topic ${g}`,
): Map<number, string> {
  const given = [...taken];
  const lower = new Set(given.map((g) => g.toLowerCase()));
  const out = new Map<number, string>();
  for (const group of order) {
    const list = candidates.get(group) ?? [];
    let pick: string | null = null;
    let leastSimilar: { name: string; sim: number } | null = null;
    for (const c of list) {
      if (lower.has(c.name.toLowerCase())) continue;
      const sim = given.reduce((m, g) => Math.max(m, similarity(c.name, g)), 0);
      if (sim < threshold) {
        pick = c.name;
        break;
      }
      if (!leastSimilar || sim < leastSimilar.sim) leastSimilar = { name: c.name, sim };
    }
    pick ??= leastSimilar?.name ?? null;
    if (pick === null || lower.has(pick.toLowerCase())) {
      const base = pick ?? fallback(group);
      pick = base;
      for (let k = 2; lower.has(pick.toLowerCase()); k++) pick = `${base} (${k})`;
    }
    out.set(group, pick);
    given.push(pick);
    lower.add(pick.toLowerCase());
  }
  return out;
}

/**
 * A definition of a group from its own evidence: the sentence of its most central documents' abstracts
 * that best states the topic (see definitionScore: a general statement containing the group's
 * keyphrases, weighted by their rank, and its name), then its most representative title. Without such a
 * sentence, the two most representative titles.
 */
export function defineGroup(
  name: string,
  keyphrases: readonly Keyphrase[],
  representatives: readonly number[],
  titles: readonly string[],
  abstracts: readonly string[],
): string {
  const terms = keyphrases.slice(0, 15).map((k, rank) => ({ term: k.term, weight: 1 / (1 + rank * 0.15) }));
  const nameTerm = tokenize(name).join(' ');
  terms.push({ term: nameTerm, weight: 3 });
  // Sentences that say the name come first, then those with one of its distinctive words, then any.
  const nameWords = nameTerm.split(' ').filter((w) => !isGenericPhrase(w));
  const tier = (line: string): number =>
    line.includes(` ${nameTerm} `) ? 2 : nameWords.some((w) => line.includes(` ${w} `)) ? 1 : 0;
  let best: { sentence: string; score: number; tier: number } | null = null;
  for (const doc of representatives.slice(0, 12)) {
    splitSentences(abstracts[doc] ?? '').forEach((sentence, position) => {
      const score = definitionScore(sentence, terms, position);
      if (!(score > 0)) return;
      const t = tier(tokenLine(sentence));
      if (!best || t > best.tier || (t === best.tier && score > best.score))
        best = { sentence, score, tier: t };
    });
  }
  const quote = (t: string) => `“${t.replace(/\s+/g, ' ').trim()}”`;
  const reps = representatives.map((i) => titles[i] ?? '').filter(Boolean);
  const chosen = best as { sentence: string } | null;
  if (chosen)
    return reps.length ? `${chosen.sentence} Representative paper: ${quote(reps[0]!)}.` : chosen.sentence;
  if (reps.length >= 2) return `Representative papers: ${quote(reps[0]!)} and ${quote(reps[1]!)}.`;
  if (reps.length === 1) return `Representative paper: ${quote(reps[0]!)}.`;
  return name;
}
