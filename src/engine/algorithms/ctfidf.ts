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
    'different many much several various often however among across towards toward thereby whether et al ' +
    'present presents presented introduce introduces introduced study studies work works first second ' +
    'demonstrate demonstrates achieve achieves achieved significantly significant furthermore moreover ' +
    'experiments experimental effective effectiveness performance improve improves improved improvement ' +
    'state-of-the-art outperforms outperform existing previous recent recently therefore able ability ' +
    'addition particular specifically including include includes given provide provides provided make makes ' +
    'made allows allow enable enables even still yet less least like since another every up-to-date e.g i.e ' +
    'available code https http www github com'
  ).split(/\s+/),
);

/**
 * Chinese function words and the phrases every Chinese abstract uses ("experimental results show",
 * "moreover", "however", "we propose"), which segment into words but name no topic.
 */
export const CHINESE_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    '的 了 在 是 和 与 及 以及 或 或者 等 等等 对 对于 中 上 下 为 以 将 把 被 从 由 向 其 该 此 这 这些 那 那些 ' +
    '我们 本文 文章 论文 本研究 研究 提出 一种 一个 一些 方法 基于 通过 进行 可以 能够 使用 利用 采用 实现 ' +
    '实验 结果 表明 显示 证明 此外 然而 但是 但 并 并且 而 而且 同时 因此 所以 因为 如果 虽然 以及 并在 ' +
    '之间 之后 之前 其中 方面 问题 取得 获得 得到 提高 提升 有效 效果 性能 相比 比较 更 最 很 非常 较 ' +
    '已经 已 也 都 还 又 就 只 不 没有 有 具有 存在 包括 主要 进一步 首先 其次 最后 目前 现有 传统 新 新的 ' +
    '所 之 于 如 若 则 即 让 使 使得 给 到 来 去 着 过 地 得 个 种 些 每 各 另 不同 相关 任务 数据'
  ).split(/\s+/),
);

/**
 * Function words of the other languages research abstracts come in most (French, German, Spanish,
 * Portuguese, Italian): a corpus with some French papers would otherwise name a topic "De".
 */
export const EUROPEAN_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'le la les de des du un une et en dans pour par sur au aux avec ce cette ces est sont qui que nous ' +
    'notre nos leur leurs ou où ne pas plus se sa son ses il elle ils on été être avons ont cet article ' +
    'der die das und ist ein eine einer eines dem den des mit von zu im für auf als auch sich nicht wir ' +
    'el los las del una con por para es al lo como más se su sus este esta nuestro ' +
    'os um uma com não mais ao dos das pelo pela sobre nosso ' +
    'il lo gli della delle dei nel nella per che non una sono questo questa'
  ).split(/\s+/),
);

/** Stop words of every language handled: English, Chinese and the common European function words. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  ...ENGLISH_STOP_WORDS,
  ...CHINESE_STOP_WORDS,
  ...EUROPEAN_STOP_WORDS,
]);

export type CtfidfOptions = {
  /** Keep bigrams (two consecutive non-stop words) besides unigrams. Default true. Same as `ngrams: 1` when false. */
  bigrams?: boolean;
  /** Longest n-gram kept, 1 to 3 (runs of consecutive non-stop words). Default 2. */
  ngrams?: 1 | 2 | 3;
  /** A term must occur in at least this many documents of the whole corpus. Default 2. */
  minDocumentFrequency?: number;
  /** Terms returned per cluster. Default 10. */
  top?: number;
  stopWords?: ReadonlySet<string>;
  /**
   * Square root of the normalised term frequency before weighting, as BERTopic's
   * `reduce_frequent_words`: a word every topic uses a lot no longer outweighs the words that set
   * one topic apart. Default false.
   */
  reduceFrequentWords?: boolean;
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
  /** How a term is written in the corpus: "bert" -> "BERT", "llms" -> "LLMs". */
  display: (term: string) => string;
  /** Documents of the whole input containing a term (0 for one never seen). */
  documentFrequency: (term: string) => number;
};

// Scripts written without spaces between words: their runs are split into words by Intl.Segmenter.
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;
let segmenter: Intl.Segmenter | null = null;

/**
 * Calls `emit(surface, breakBefore)` for each word of `text` in order: runs of letters and digits with
 * inner hyphens or apostrophes ("fine-tuning", "GPT-4"); runs of Chinese, Japanese, Thai, Lao, Khmer or
 * Burmese script split into words by `Intl.Segmenter`. `breakBefore` is true when punctuation other than
 * white space stands between this word and the previous one, so phrases do not run across "," or ".".
 */
export function forEachWord(text: string, emit: (surface: string, breakBefore: boolean) => void): void {
  WORD.lastIndex = 0;
  let prevEnd = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    let broken = false;
    for (let k = prevEnd; k < m.index; k++) {
      const c = text.charCodeAt(k);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 0xa0) {
        broken = true;
        break;
      }
    }
    prevEnd = m.index + m[0].length;
    const word = m[0];
    if (!UNSPACED.test(word)) {
      emit(word, broken);
      continue;
    }
    segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
    let first = true;
    for (const seg of segmenter.segment(word)) {
      if (!seg.isWordLike) continue;
      emit(seg.segment, first && broken);
      first = false;
    }
  }
}

/** Lower-cased word tokens (see forEachWord), 2+ characters. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  forEachWord(text, (w) => {
    if (w.length > 1) out.push(w.toLowerCase());
  });
  return out;
}

const isStopOrNumber = (tok: string, stop: ReadonlySet<string>): boolean =>
  tok.length < 2 || stop.has(tok) || /^\d+$/.test(tok);

/** Unigrams and (optionally) n-grams up to `ngrams` of consecutive non-stop, non-numeric words. */
export function extractTerms(
  text: string,
  stopWords: ReadonlySet<string>,
  bigrams: boolean | 1 | 2 | 3,
): string[] {
  const n = bigrams === true ? 2 : bigrams === false ? 1 : bigrams;
  const out: string[] = [];
  const run: string[] = [];
  forEachWord(text, (w, broken) => {
    const tok = w.toLowerCase();
    if (broken) run.length = 0;
    if (isStopOrNumber(tok, stopWords)) {
      run.length = 0;
      return;
    }
    run.push(tok);
    if (run.length > n) run.shift();
    out.push(tok);
    for (let k = 2; k <= run.length; k++) out.push(run.slice(run.length - k).join(' '));
  });
  return out;
}

/** Words of a phrase as they are written: a space between them, except between two unspaced-script words. */
export function joinWords(words: readonly string[]): string {
  let s = words[0] ?? '';
  for (let i = 1; i < words.length; i++) {
    const unspaced = UNSPACED.test(words[i - 1]!.slice(-1)) && UNSPACED.test(words[i]![0]!);
    s += unspaced ? words[i] : ` ${words[i]}`;
  }
  return s;
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
  /** The pair's id, or -1 when it was never seen. */
  find(a: number, b: number): number {
    const mask = this.keysA.length - 1;
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) & mask;
    while (this.keysA[h] !== -1) {
      if (this.keysA[h] === a && this.keysB[h] === b) return this.ids[h]!;
      h = (h + 1) & mask;
    }
    return -1;
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
 * per cluster and f(t) the term's count over all clusters; with `reduceFrequentWords` the first factor is
 * square-rooted. Terms are n-grams of consecutive non-stop words that punctuation does not separate.
 * Noise documents count toward document frequency but form no cluster. Ties break by term, so the
 * output is deterministic.
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
  const stop = options.stopWords ?? STOP_WORDS;
  const maxN = options.bigrams === false ? 1 : (options.ngrams ?? 2);
  const reduce = options.reduceFrequentWords === true;

  // Pass 1: unigram ids per word (stop words and numbers as -1, punctuation as -2; both break phrases).
  const wordIds = new Map<string, number>();
  const words: string[] = [];
  // Written forms with capitals past the first letter ("BERT", "LLMs"), counted per word id.
  const cased = new Map<number, Map<string, number>>();
  const occurrences = new IntList();
  const tokens = new IntList();
  const tokenStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    forEachWord(texts[i]!, (surface, broken) => {
      if (broken) tokens.push(-2);
      const tok = surface.toLowerCase();
      let id = wordIds.get(tok);
      if (id === undefined) {
        id = isStopOrNumber(tok, stop) ? -1 : words.length;
        wordIds.set(tok, id);
        if (id >= 0) {
          words.push(tok);
          occurrences.push(0);
        }
      }
      tokens.push(id);
      if (id < 0) return;
      occurrences.data[id]!++;
      if (surface !== tok && /\p{Lu}/u.test(surface.slice(1))) {
        let forms = cased.get(id);
        if (!forms) cased.set(id, (forms = new Map()));
        forms.set(surface, (forms.get(surface) ?? 0) + 1);
      }
    });
    tokenStart[i + 1] = tokens.length;
  }
  const u = words.length;

  // Pass 2: bigram ids (pairs of word ids), then trigram ids (pairs of bigram id and word id).
  const pairs = new PairIds();
  const triples = new PairIds();
  const bigramAt = new IntList();
  if (maxN >= 2) {
    for (let i = 0; i < n; i++) {
      for (let k = tokenStart[i]! + 1; k < tokenStart[i + 1]!; k++) {
        const a = tokens.data[k - 1]!;
        const b = tokens.data[k]!;
        const id = a >= 0 && b >= 0 ? pairs.id(a, b) : -1;
        bigramAt.push(id);
        if (maxN >= 3 && id >= 0 && k >= tokenStart[i]! + 2) {
          const prev = bigramAt.data[bigramAt.length - 2]!;
          if (prev >= 0) triples.id(prev, b);
        }
      }
      bigramAt.push(-1);
    }
  }
  const bigramCount = pairs.size;
  const t = u + bigramCount + triples.size;

  // Pass 3: every document's term ids, document frequency by last-seen document.
  const terms = new IntList();
  const termStart = new Int32Array(n + 1);
  let b = 0;
  for (let i = 0; i < n; i++) {
    for (let k = tokenStart[i]!; k < tokenStart[i + 1]!; k++) {
      const a = tokens.data[k]!;
      if (a >= 0) terms.push(a);
      if (maxN < 2 || k === tokenStart[i]!) continue;
      const bi = bigramAt.data[b++]!;
      if (bi < 0) continue;
      terms.push(u + bi);
      if (maxN >= 3 && k >= tokenStart[i]! + 2) {
        const prev = bigramAt.data[b - 2]!;
        if (prev >= 0) terms.push(u + bigramCount + triples.id(prev, a));
      }
    }
    if (maxN >= 2) b++;
    termStart[i + 1] = terms.length;
  }
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
  const termText = (id: number): string => {
    if (id < u) return words[id]!;
    if (id < u + bigramCount)
      return `${words[pairs.firsts.data[id - u]!]!} ${words[pairs.seconds.data[id - u]!]!}`;
    const tri = id - u - bigramCount;
    return `${termText(u + triples.firsts.data[tri]!)} ${words[triples.seconds.data[tri]!]!}`;
  };

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
    for (const id of touched) {
      const tf = counts[id]! / totals[s]!;
      weight[id] = (reduce ? Math.sqrt(tf) : tf) * Math.log(1 + avg / global[id]!);
    }
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

  // A written form wins when at least half of a word's occurrences use it ("BERT", not "Bert").
  const form = new Map<string, string>();
  for (const [id, forms] of cased) {
    let best = '';
    let bestCount = 0;
    for (const [f, c] of forms)
      if (c > bestCount || (c === bestCount && f < best)) [best, bestCount] = [f, c];
    if (bestCount * 2 >= occurrences.data[id]!) form.set(words[id]!, best);
  }
  const display = (term: string): string => joinWords(term.split(' ').map((w) => form.get(w) ?? w));
  const documentFrequency = (term: string): number => {
    const ids = term.split(' ').map((w) => wordIds.get(w) ?? -1);
    if (ids.some((id) => id < 0) || ids.length > maxN) return 0;
    if (ids.length === 1) return df[ids[0]!]!;
    const bi = pairs.find(ids[0]!, ids[1]!);
    if (bi < 0) return 0;
    if (ids.length === 2) return df[u + bi]!;
    const tri = triples.find(bi, ids[2]!);
    return tri < 0 ? 0 : df[u + bigramCount + tri]!;
  };
  return { clusterIds, keyphrases, documentScores, display, documentFrequency };
}
