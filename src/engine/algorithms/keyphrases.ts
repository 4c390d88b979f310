/**
 * From ranked candidate terms to what a curator reads: terms that every topic shares taken out, a
 * ranking by meaning with maximal marginal relevance, a label that is one readable noun phrase, and a
 * definition drawn from the topic's own abstracts. Pure functions on plain arrays.
 */
import type { Keyphrase } from './ctfidf';

/**
 * Keeps a term in the top `topK` of at most `cap` topics: a term over the cap stays only in the topics
 * where it ranks highest relative to that topic's best term, and is dropped from the others (so a word
 * the whole corpus uses, such as "models", stops naming most topics). Repeats until no term is over
 * the cap, since a drop lifts further terms into a top `topK`. `lists`: per topic, best first.
 * Source: the per-topic frequency cap described for BERTopic's representation tuning, applied here to
 * c-TF-IDF candidates.
 */
export function capSharedTerms(lists: readonly Keyphrase[][], cap: number, topK: number): Keyphrase[][] {
  const out = lists.map((l) => [...l]);
  if (cap < 1) return out;
  for (let round = 0; round < 50; round++) {
    const holders = new Map<string, { topic: number; strength: number }[]>();
    out.forEach((list, topic) => {
      const best = list[0]?.score || 1;
      list.slice(0, topK).forEach((k, rank) => {
        let h = holders.get(k.term);
        if (!h) holders.set(k.term, (h = []));
        // Rank first, relative score second: the topic where the term leads keeps it.
        h.push({ topic, strength: k.score / best - rank * 1e-3 });
      });
    });
    let changed = false;
    for (const [term, h] of holders) {
      if (h.length <= cap) continue;
      h.sort((a, b) => b.strength - a.strength || a.topic - b.topic);
      for (const { topic } of h.slice(cap)) {
        out[topic] = out[topic]!.filter((k) => k.term !== term);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return out;
}

/** How many topics one term may lead (see capSharedTerms): a tenth of the topics, at least 2, at most a third. */
export const sharedTermCap = (topics: number): number =>
  Math.max(1, Math.min(Math.floor(topics / 3), Math.max(2, Math.ceil(topics / 10))));

/**
 * Maximal marginal relevance (Carbonell & Goldstein 1998): picks `k` of `n` candidates, each time the
 * one maximising (1 - diversity) * relevance[i] - diversity * max similarity to those picked.
 * `similarity(i, j)` in [-1, 1]. Returns candidate indices in pick order.
 */
export function mmr(
  relevance: ArrayLike<number>,
  similarity: (i: number, j: number) => number,
  k: number,
  diversity: number,
): number[] {
  const n = relevance.length;
  const picked: number[] = [];
  const maxSim = new Float64Array(n).fill(-Infinity);
  const used = new Uint8Array(n);
  while (picked.length < Math.min(k, n)) {
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < n; i++) {
      if (used[i]) continue;
      const penalty = picked.length ? maxSim[i]! : 0;
      const score = (1 - diversity) * relevance[i]! - diversity * penalty;
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    used[best] = 1;
    picked.push(best);
    for (let i = 0; i < n; i++) if (!used[i]) maxSim[i] = Math.max(maxSim[i]!, similarity(i, best));
  }
  return picked;
}

// Words that do not end a topic name: adjectives, participles and other modifiers ("large", "neural",
// "pre-trained"), and words that do not start one (verbs and prepositions of titles: "towards", "using").
const MODIFIERS = new Set(
  (
    'large small low high neural deep automatic novel efficient robust general new different open short long ' +
    'human social visual textual contextual linguistic semantic syntactic lexical multilingual monolingual ' +
    'bilingual cross-lingual crosslingual multimodal multi-modal zero-shot few-shot one-shot low-resource ' +
    'high-resource pre-trained pretrained end-to-end unsupervised supervised self-supervised semi-supervised ' +
    'weakly fine-grained domain-specific task-specific open-domain open-ended multi-task multitask cross-domain ' +
    'state-of-the-art better best good bad key main major important real real-world scalable interpretable ' +
    'explainable generative discriminative generic specific joint simple strong weak large-scale small-scale ' +
    'multi multi-hop multi-turn multi-agent single multiple various diverse natural artificial medical clinical ' +
    'biomedical legal financial scientific educational political emotional conversational computational ' +
    'statistical neural-based transformer-based llm-based bert-based graph-based rule-based data-driven ' +
    'knowledge-based task-oriented goal-oriented retrieval-augmented instruction-tuned fine-tuned trained ' +
    'based driven aware guided enhanced augmented oriented free level open-source spoken written literary ' +
    'binary primary secondary temporary contemporary'
  ).split(' '),
);
const NOT_FIRST = new Set(
  (
    'towards toward using via improving enhancing leveraging exploring evaluating investigating analyzing ' +
    'analysing understanding revisiting rethinking learning-based beyond versus vs without within between ' +
    'among across makes make making does do can will'
  ).split(' '),
);
// Nouns whose endings look like modifiers (-al, -ive, -ic, -ed, -able).
const NOUNS_LIKE_MODIFIERS = new Set(
  (
    'retrieval signal journal proposal interval tutorial trial material potential hospital capital survival ' +
    'terminal portal referral denial rival animal manual ritual mineral festival medal metal total removal ' +
    'archive objective narrative alternative initiative perspective representative derivative incentive ' +
    'directive adjective topic metric logic music arithmetic rhetoric graphic traffic clinic epidemic ' +
    'pandemic mechanic critic public magic fabric mosaic heuristic characteristic diagnostic statistic ' +
    'arabic speed seed need feed table variable cable bible syllable dictionary vocabulary summary library ' +
    'boundary glossary commentary diary'
  ).split(' '),
);

function isModifier(word: string): boolean {
  if (MODIFIERS.has(word)) return true;
  if (NOUNS_LIKE_MODIFIERS.has(word)) return false;
  return /(?:al|ive|ous|ic|ical|able|ible|ful|less|ary|[^e]ed)$/.test(word) && word.length > 4;
}

/**
 * Whether a term reads as a topic name: not ending in a modifier ("large language" does not, "language
 * models" does), not opening with a title's verb or preposition or an adverb, no word twice. Terms of
 * unspaced scripts (Chinese, Thai) are accepted as they are.
 */
export function isNamePhrase(term: string): boolean {
  const words = term.split(' ');
  if (!/\p{L}/u.test(term)) return false;
  if (new Set(words).size !== words.length) return false;
  const last = words[words.length - 1]!;
  const first = words[0]!;
  if (/^[\p{Script=Han}\p{Script=Thai}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(first)) return true;
  if (isModifier(last) || isGenericPhrase(term)) return false;
  if (NOT_FIRST.has(first) || (/ly$/.test(first) && first.length > 4)) return false;
  return true;
}

// Words any research abstract in the field uses: a name made of nothing else ("Language Models",
// "Data", "Evaluation Framework") tells a curator nothing about one topic.
const GENERIC = new Set(
  (
    'model models modeling modelling language languages llm llms lm lms large small framework frameworks ' +
    'approach approaches method methods system systems task tasks data dataset datasets analysis evaluation ' +
    'evaluations research study studies benchmark benchmarks performance capabilities capability information ' +
    'text texts learning training natural processing nlp ai application applications problem problems ' +
    'technique techniques tool tools generation based results result work works paper papers'
  ).split(' '),
);

/** Whether every word of a term is one the whole field uses (see GENERIC). */
export const isGenericPhrase = (term: string): boolean => term.split(' ').every((w) => GENERIC.has(w));

const SMALL_WORDS = new Set(
  'a an and as at but by for from in into nor of on or over the to via vs with'.split(' '),
);

/**
 * Title case of a term already in its written form ("hate speech detection" -> "Hate Speech Detection";
 * "BERT", "LLMs" and "COVID-19" are kept as written; small words stay lower case inside the name).
 */
export function titleCase(written: string): string {
  return written
    .split(' ')
    .map((w, i) => {
      if (i > 0 && SMALL_WORDS.has(w)) return w;
      if (/\p{Lu}/u.test(w)) return w;
      return w
        .split('-')
        .map((p) => (p ? p[0]!.toUpperCase() + p.slice(1) : p))
        .join('-');
    })
    .join(' ');
}

/** Sentences of an abstract: split after ., ! or ? (and Chinese 。！？) before a capital, digit or CJK. */
export function splitSentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}"“(])|(?<=[。！？])/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

// A definition states what the topic is; sentences about "this paper" or "our method" do not.
const FIRST_PERSON =
  /\b(?:we|our|us|ours|this (?:paper|work|study|article|thesis|survey|chapter|report|tutorial|position paper)|here|herein|in this|present|propose[ds]?|introduce[ds]?|contribution)\b|本文|我们/iu;
const CITATION_OR_NOISE = /https?:|www\.|\[\d|\bet al\b|\d+(?:\.\d+)?\s?%|\{|\}|\\/i;

/**
 * A score for `sentence` as a definition of a topic, or -Infinity when it cannot be one: it must be a
 * statement of 8 to 45 words about the field, not about a paper ("we", "this paper", "our"), without
 * links, citations or result figures. The score is the summed weight of the topic's terms it contains
 * (`terms`, weights >= 0, longest first wins) over the square root of its length, raised for an
 * abstract's opening sentence, which usually states the problem.
 */
export function definitionScore(
  sentence: string,
  terms: readonly { term: string; weight: number }[],
  position: number,
): number {
  const words = sentence.split(/\s+/).filter(Boolean);
  const cjk = /[\p{Script=Han}]/u.test(sentence);
  const length = cjk ? sentence.length / 2 : words.length;
  if (length < 8 || length > 45) return -Infinity;
  if (FIRST_PERSON.test(sentence) || CITATION_OR_NOISE.test(sentence)) return -Infinity;
  // Section heads of structured abstracts ("Results: ..."), counts and figures are not definitions.
  if (/^\S+(?:\s\S+)?:/.test(sentence) || /\d[\d,.]{2,}/.test(sentence)) return -Infinity;
  if (!/[.!?。！？]$/.test(sentence)) return -Infinity;
  if (
    /^(?:however|moreover|furthermore|additionally|also|thus|hence|therefore|then|finally|but|and|this|these|it|they|such|together|its|their|both|each|experiments|results|evaluation|extensive|nevertheless|nonetheless|instead|yet|so|still|first|second|third|overall|specifically|notably|importantly)\b/i.test(
      sentence,
    )
  )
    return -Infinity;
  // Sentences about shortcomings of earlier work or about when something happens state no topic.
  const aside =
    /^(?:existing|current|despite|while|although|when|whereas|unlike|to|with|by|as|in|on|for)\b/i.test(
      sentence,
    );
  // Sentences that say what something is or does are what a definition reads like.
  const defining =
    /\b(?:is|are) (?:the (?:task|problem|study|process) of|an? |concerned with)|\brefers? to\b|\baims? to\b|\binvolves?\b|\bfocus(?:es)? on\b/i.test(
      sentence,
    );
  const lower = ` ${sentence.toLowerCase().replace(/[^\p{L}\p{N}\s-]+/gu, ' ')} `;
  let score = 0;
  const seen: string[] = [];
  for (const { term, weight } of [...terms].sort((a, b) => b.term.length - a.term.length)) {
    if (seen.some((s) => s.includes(term))) continue;
    if (lower.includes(` ${term} `) || (cjk && lower.includes(term.replace(/ /g, '')))) {
      score += weight;
      seen.push(term);
    }
  }
  return (
    (score / Math.sqrt(length)) *
    (position === 0 ? 1.5 : position === 1 ? 1.15 : 1) *
    (aside ? 0.5 : 1) *
    (defining ? 1.5 : 1)
  );
}
