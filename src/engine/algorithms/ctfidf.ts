/**
 * Class-based TF-IDF (c-TF-IDF): the terms that set one cluster's documents apart from the rest.
 * Source: Grootendorst, "BERTopic: Neural topic modeling with a class-based TF-IDF procedure" (2022), eq. 1.
 */

/** Common English function words plus words every research abstract uses, which say nothing about a topic. */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below ' +
    'between both but by can could did do does doing down during each either etc few for from further had has have ' +
    'having he her here hers herself him himself his how however i if in into is it its itself just me more most ' +
    'my myself no nor not now of off on once only or other our ours ourselves out over own same she should so ' +
    'some such than that the their theirs them themselves then there these they this those through thus to too ' +
    'under until up upon us very via was we were what when where which while who whom why will with within ' +
    'without would you your yours yourself yourselves may might must shall one two three using used use based ' +
    'paper propose proposed show shows shown results result approach approaches method methods new well also ' +
    'different many much several various often however among across towards toward thereby whether et al'
  ).split(/\s+/),
);

export type CtfidfOptions = {
  /** Keep bigrams (two consecutive non-stop words) besides unigrams. Default true. */
  bigrams?: boolean;
  /** A term must occur in at least this many documents of the whole corpus. Default 2. */
  minDocumentFrequency?: number;
  /** Terms returned per cluster. Default 10. */
  top?: number;
  stopWords?: ReadonlySet<string>;
};

export type Keyphrase = { term: string; score: number };

export type CtfidfResult = {
  /** Cluster ids in ascending order (noise, -1, excluded). */
  clusterIds: number[];
  /** Top terms per cluster, same order as `clusterIds`, best first. */
  keyphrases: Keyphrase[][];
  /**
   * Per document (same order as the input), the summed c-TF-IDF weight of its distinct terms in its own
   * cluster divided by sqrt(term count): how typical a document is of its cluster; 0 for noise.
   */
  documentScores: Float64Array;
};

/** Lower-cased word tokens: letters and digits, inner hyphens kept ("fine-tuning"), 2+ characters. */
export function tokenize(text: string): string[] {
  return (
    text
      .toLowerCase()
      .match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu)
      ?.filter((t) => t.length > 1) ?? []
  );
}

/** Unigrams and (optionally) bigrams of consecutive non-stop, non-numeric tokens. */
export function extractTerms(text: string, stopWords: ReadonlySet<string>, bigrams: boolean): string[] {
  const out: string[] = [];
  let prev: string | null = null;
  for (const tok of tokenize(text)) {
    if (stopWords.has(tok) || /^\d+$/.test(tok)) {
      prev = null;
      continue;
    }
    out.push(tok);
    if (bigrams && prev !== null) out.push(`${prev} ${tok}`);
    prev = tok;
  }
  return out;
}

/** A growable Int32Array. */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }
}

/**
 * Open-addressing hash map from a pair of non-negative int32 (a, b) to a dense id 0, 1, 2, ...: V8's Map
 * would box the combined 52-bit key, which made bigram counting the slowest step.
 */
class PairIds {
  private keysA = new Int32Array(1 << 16).fill(-1);
  private keysB = new Int32Array(1 << 16);
  private ids = new Int32Array(1 << 16);
  readonly firsts = new IntList();
  readonly seconds = new IntList();
  get size(): number {
    return this.firsts.length;
  }
  id(a: number, b: number): number {
    let mask = this.keysA.length - 1;
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) & mask;
    while (this.keysA[h] !== -1) {
      if (this.keysA[h] === a && this.keysB[h] === b) return this.ids[h]!;
      h = (h + 1) & mask;
    }
    const id = this.firsts.length;
    this.keysA[h] = a;
    this.keysB[h] = b;
    this.ids[h] = id;
    this.firsts.push(a);
    this.seconds.push(b);
    if (this.firsts.length * 2 > this.keysA.length) {
      const oldA = this.keysA;
      const oldB = this.keysB;
      const oldIds = this.ids;
      this.keysA = new Int32Array(oldA.length * 2).fill(-1);
      this.keysB = new Int32Array(oldA.length * 2);
      this.ids = new Int32Array(oldA.length * 2);
      mask = this.keysA.length - 1;
      for (let k = 0; k < oldA.length; k++) {
        if (oldA[k] === -1) continue;
        let j = (Math.imul(oldA[k]!, 0x9e3779b1) ^ Math.imul(oldB[k]!, 0x85ebca77)) & mask;
        while (this.keysA[j] !== -1) j = (j + 1) & mask;
        this.keysA[j] = oldA[k]!;
        this.keysB[j] = oldB[k]!;
        this.ids[j] = oldIds[k]!;
      }
    }
    return id;
  }
}

/**
 * c-TF-IDF over `texts` (n strings) grouped by `labels` (Int32Array of n cluster ids, -1 = noise).
 * Weight of term t in cluster c: tf(t, c) / |c| * log(1 + A / f(t)), where tf is the term's count in the
 * cluster, |c| the cluster's total term count (L1 normalisation, as BERTopic), A the average term count
 * per cluster and f(t) the term's count over all clusters. Noise documents count toward document frequency
 * but form no cluster. Ties break by term, so the output is deterministic.
 */
export function ctfidf(
  texts: readonly string[],
  labels: Int32Array,
  options: CtfidfOptions = {},
): CtfidfResult {
  const n = texts.length;
  if (labels.length !== n) throw new Error(`${n} texts but ${labels.length} labels`);
  const minDf = options.minDocumentFrequency ?? 2;
  const top = options.top ?? 10;
  const stop = options.stopWords ?? ENGLISH_STOP_WORDS;
  const bigrams = options.bigrams !== false;

  // Pass 1: unigram ids per token (stop words and numbers as -1, which only break bigrams).
  const wordIds = new Map<string, number>();
  const words: string[] = [];
  const tokens = new IntList();
  const tokenStart = new Int32Array(n + 1);
  const re = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;
  for (let i = 0; i < n; i++) {
    const lower = texts[i]!.toLowerCase();
    re.lastIndex = 0;
    for (let m = re.exec(lower); m !== null; m = re.exec(lower)) {
      const tok = m[0];
      if (tok.length < 2) continue;
      let id = wordIds.get(tok);
      if (id === undefined) {
        id = stop.has(tok) || /^\d+$/.test(tok) ? -1 : words.length;
        wordIds.set(tok, id);
        if (id >= 0) words.push(tok);
      }
      tokens.push(id);
    }
    tokenStart[i + 1] = tokens.length;
  }
  const u = words.length;

  // Pass 2: term ids (unigrams 0..u-1, then bigrams u..) per document, document frequency by last-seen doc.
  const pairs = new PairIds();
  const terms = new IntList();
  const termStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    let prev = -1;
    for (let k = tokenStart[i]!; k < tokenStart[i + 1]!; k++) {
      const a = tokens.data[k]!;
      if (a >= 0) {
        terms.push(a);
        if (bigrams && prev >= 0) terms.push(u + pairs.id(prev, a));
      }
      prev = a;
    }
    termStart[i + 1] = terms.length;
  }
  const t = u + pairs.size;
  const df = new Int32Array(t);
  const lastDoc = new Int32Array(t).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let k = termStart[i]!; k < termStart[i + 1]!; k++) {
      const id = terms.data[k]!;
      if (lastDoc[id] !== i) {
        lastDoc[id] = i;
        df[id]!++;
      }
    }
  }
  const docTerms = (i: number): Int32Array => terms.data.subarray(termStart[i]!, termStart[i + 1]!);
  const termText = (id: number): string =>
    id < u ? words[id]! : `${words[pairs.firsts.data[id - u]!]!} ${words[pairs.seconds.data[id - u]!]!}`;

  const clusterIds = [...new Set(labels)].filter((c) => c >= 0).sort((a, b) => a - b);
  const slot = new Map(clusterIds.map((c, i) => [c, i]));
  const members: number[][] = clusterIds.map(() => []);
  for (let i = 0; i < n; i++) {
    const s = slot.get(labels[i]!);
    if (s !== undefined) members[s]!.push(i);
  }
  const totals = new Float64Array(clusterIds.length);
  const global = new Float64Array(t);
  members.forEach((docs, s) => {
    for (const i of docs)
      for (const id of docTerms(i)) {
        if (df[id]! < minDf) continue;
        global[id]!++;
        totals[s]!++;
      }
  });
  let sum = 0;
  for (const x of totals) sum += x;
  const avg = clusterIds.length ? sum / clusterIds.length : 0;

  // One dense count/weight array reused per cluster; only touched entries are reset.
  const counts = new Float64Array(t);
  const weight = new Float64Array(t);
  const documentScores = new Float64Array(n);
  const keyphrases = members.map((docs, s) => {
    const touched: number[] = [];
    for (const i of docs)
      for (const id of docTerms(i)) {
        if (df[id]! < minDf) continue;
        if (counts[id] === 0) touched.push(id);
        counts[id]!++;
      }
    for (const id of touched) weight[id] = (counts[id]! / totals[s]!) * Math.log(1 + avg / global[id]!);
    for (const i of docs) {
      const terms = docTerms(i);
      let score = 0;
      for (const id of terms) {
        // Each distinct term once: the weight is zeroed after use and restored below.
        score += weight[id]!;
        if (weight[id]! !== 0) counts[id] = -weight[id]!;
        weight[id] = 0;
      }
      for (const id of terms) {
        if (counts[id]! < 0) {
          weight[id] = -counts[id]!;
          counts[id] = 1;
        }
      }
      documentScores[i] = terms.length ? score / Math.sqrt(terms.length) : 0;
    }
    // Top k by insertion into a short sorted list: sorting every touched term was the slowest step.
    const before = (a: number, b: number) =>
      weight[a]! > weight[b]! || (weight[a] === weight[b] && termText(a) < termText(b));
    const bestIds: number[] = [];
    for (const id of touched) {
      if (bestIds.length === top && !before(id, bestIds[top - 1]!)) continue;
      let k = Math.min(bestIds.length, top - 1);
      if (bestIds.length < top) bestIds.push(id);
      while (k > 0 && before(id, bestIds[k - 1]!)) {
        bestIds[k] = bestIds[k - 1]!;
        k--;
      }
      bestIds[k] = id;
    }
    const best = bestIds.map((id) => ({ term: termText(id), score: weight[id]! }));
    for (const id of touched) counts[id] = weight[id] = 0;
    return best;
  });
  return { clusterIds, keyphrases, documentScores };
}

/**
 * A short label from ranked keyphrases: the first `count` terms, skipping a term that repeats a word of one
 * already taken ("language model" makes "language" and "model" redundant).
 */
export function keywordLabel(keyphrases: readonly Keyphrase[], count = 3): string {
  const taken: string[] = [];
  const words = new Set<string>();
  for (const { term } of keyphrases) {
    const parts = term.split(' ');
    if (parts.every((p) => words.has(p))) continue;
    if (parts.length === 1 && taken.some((t) => t.split(' ').includes(term))) continue;
    // A bigram supersedes a unigram it contains.
    for (let k = taken.length - 1; k >= 0; k--) if (parts.includes(taken[k]!)) taken.splice(k, 1);
    taken.push(term);
    for (const p of parts) words.add(p);
    if (taken.length >= count) break;
  }
  return taken.join(', ');
}
