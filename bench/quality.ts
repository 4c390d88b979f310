// What a curator gets by default, measured: on the same stored embeddings of a shared corpus (or of its
// first N papers), `build` with every default against a BERTopic-default configuration run with this
// project's own code (UMAP n_neighbors 15, 5-d, min_dist 0, repulsion 1; HDBSCAN min_cluster_size 10, eom;
// no outlier reduction; plain c-TF-IDF top words: unigrams, English stop words removed). Both are scored
// the same way: NPMI of each topic's top-10 terms over document co-occurrence in the corpus, diversity of
// the top-25, coverage, topic count (the measures of the BERTopic paper and OCTIS). Our default build also
// gets the label and tree checks: labels holding a term that is among the top-10 terms of more than a
// third of the topics, topics not exactly once at the third level, single-child parents, near-duplicate
// labels, names that are comma lists.
//
// The embeddings come from a project per corpus kept outside the repository (embedding a whole corpus
// with USE-Lite takes about 40 minutes on one core, so it is done once per machine):
// $BENCH_PROJECT_DIR (default ../.taxonomist-bench beside the checkout)/<corpus>.taxonomist; made on first
// use (import + USE-Lite embedding), reused after. Each case works on a temporary copy of its first N papers.
//
// Run: node --import tsx bench/quality.ts [arxiv:2000 arxiv:5000 arxiv:all acl:all synthetic]
// Prints one JSON line per configuration and case (bench: "quality").
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ctfidf, tokenize } from '../src/engine/algorithms/ctfidf';
import { topicQualityOf } from '../src/engine/algorithms/coherence';
import { hdbscan } from '../src/engine/algorithms/hdbscan';
import { assignNoiseByEmbedding } from '../src/engine/algorithms/outliers';
import { adjustedRandIndex } from '../src/engine/algorithms/metrics';
import { stageContext } from '../src/engine/context';
import { importCorpus } from '../src/engine/corpus';
import { createUseLiteEmbedder, embedDocuments } from '../src/engine/embed';
import { topicQuality } from '../src/engine/labels';
import { buildPipeline, defaultMinClusterSize } from '../src/engine/pipeline';
import { reduceProject, runUmap } from '../src/engine/reduce';
import {
  getTopics,
  latestClusterRunId,
  loadProjection,
  loadRunDocuments,
  ProjectStore,
} from '../src/engine/store';
import {
  checkTaxonomy,
  EMBEDDING_DUPLICATE_THRESHOLD,
  embeddingSimilarity,
  loadTaxonomyView,
  walk,
} from '../src/engine/taxonomy';

const root = resolve(import.meta.dirname, '..');
const shared = resolve(root, '..', 'shared');
const projectDir = resolve(process.env.BENCH_PROJECT_DIR ?? join(root, '..', '.taxonomist-bench'));
const corpora: Record<string, string> = {
  arxiv: join(shared, 'corpora', 'arxiv-cscl-25k.jsonl.gz'),
  acl: join(shared, 'corpora', 'acl-anthology-1991-2021.jsonl.gz'),
};
const out = (o: Record<string, unknown>) =>
  console.log(JSON.stringify({ bench: 'quality', ...o, load1: Number(loadavg()[0]!.toFixed(2)) }));
const round = (v: number, k = 4) => Number(v.toFixed(k));

/** The corpus's project with every paper embedded by USE-Lite: made once, then reused. */
async function embeddedProject(name: string): Promise<string> {
  mkdirSync(projectDir, { recursive: true });
  const file = join(projectDir, `${name}.taxonomist`);
  const store = ProjectStore.open(file);
  try {
    const docs = store.db.prepare('SELECT count(*) FROM documents').pluck().get() as number;
    if (docs === 0) await importCorpus(store, { path: corpora[name]! }, stageContext({}));
    const embedder = await createUseLiteEmbedder();
    const t0 = performance.now();
    const s = await embedDocuments(store, { embedder }, stageContext({}));
    await embedder.dispose();
    if (s.embedded > 0)
      out({
        case: name,
        step: 'embed',
        embedded: s.embedded,
        seconds: round((performance.now() - t0) / 1000, 1),
      });
  } finally {
    store.close();
  }
  return file;
}

/** A temporary copy of a project holding its first `limit` papers and their vectors. */
function firstPapers(source: string, limit: number | null, dir: string): string {
  const file = join(dir, 'case.taxonomist');
  const src = new Database(source, { readonly: true });
  src.prepare('VACUUM INTO ?').run(file);
  src.close();
  const db = new Database(file);
  if (limit !== null) {
    const last = db
      .prepare('SELECT id FROM documents ORDER BY id LIMIT 1 OFFSET ?')
      .pluck()
      .get(limit - 1);
    // Table by table, one scan each: a cascade from documents looks each document's rows up alone.
    if (last !== undefined) {
      for (const table of ['embeddings', 'assignments', 'taxonomy_document_nodes'])
        db.prepare(`DELETE FROM ${table} WHERE document_id > ?`).run(last);
      db.prepare('DELETE FROM documents WHERE id > ?').run(last);
    }
  }
  db.exec("DELETE FROM settings WHERE key LIKE 'pipeline.%'");
  db.close();
  return file;
}

/** Top-10 terms that more than a third of the topics share, and the labels holding one of them. */
function sharedTermsInLabels(labels: readonly string[], top10: readonly (readonly string[])[]) {
  const holders = new Map<string, number>();
  for (const terms of top10) for (const t of new Set(terms)) holders.set(t, (holders.get(t) ?? 0) + 1);
  const common = [...holders].filter(([, k]) => k > top10.length / 3).map(([t]) => t);
  const offending = labels.filter((l) => {
    const line = ` ${tokenize(l).join(' ')} `;
    return common.some((t) => line.includes(` ${t} `));
  });
  return { common, offending };
}

async function ourDefaults(file: string, caseName: string) {
  const store = ProjectStore.open(file);
  try {
    const t0 = performance.now();
    const summary = await buildPipeline(store, { model: 'use-lite', offline: true }, stageContext({}));
    const seconds = (performance.now() - t0) / 1000;
    const runId = latestClusterRunId(store.db)!;
    const q = topicQuality(store.db, runId);
    const topics = getTopics(store.db, runId);
    const labels = topics.map((t) => t.label);
    const fromKeyphrases = sharedTermsInLabels(
      labels,
      topics.map((t) => t.keyphrases.slice(0, 10).map((k) => tokenize(k.term).join(' '))),
    );
    // The same check against plain c-TF-IDF unigrams of the final topics, which no cap has touched.
    const docs = loadRunDocuments(store.db, runId);
    const plain = ctfidf(
      docs.map((d) => `${d.title}. ${d.abstract}`),
      Int32Array.from(docs, (d) => d.clusterId),
      { ngrams: 1, top: 10 },
    );
    const fromPlain = sharedTermsInLabels(
      labels,
      plain.keyphrases.map((k) => k.map((x) => x.term)),
    );
    const view = loadTaxonomyView(store);
    const nodes = walk(view.tree);
    const similarity = await embeddingSimilarity(nodes.map((w) => view.tree.nodes.get(w.id)!.label));
    const report = checkTaxonomy(view.tree, view.assignments, {
      labelSimilarity: similarity,
      duplicateThreshold: EMBEDDING_DUPLICATE_THRESHOLD,
    });
    const issues = report.nodes.flatMap((n) => n.issues.map((i) => i.kind));
    const topicLines = nodes.filter((w) => view.tree.nodes.get(w.id)!.clusterIds.length > 0);
    const placed = topicLines.flatMap((w) => view.tree.nodes.get(w.id)!.clusterIds);
    const stage = (name: string) => summary.stages.find((s) => s.stage === name);
    out({
      case: caseName,
      config: 'taxonomist-default',
      documents: summary.documents,
      npmi: round(q.npmi),
      diversity: round(q.diversity),
      coverage: round(q.coverage),
      topics: q.topics,
      minClusterSize: defaultMinClusterSize(summary.documents),
      hdbscanNoise: round(Number(stage('cluster')?.summary.noiseFraction ?? NaN)),
      labelsWithCommonTerm: fromKeyphrases.offending,
      labelsWithCommonPlainTerm: fromPlain.offending,
      commonPlainTerms: fromPlain.common,
      topicsAtThirdLevel: topicLines.every((w) => w.depth === 3),
      everyTopicOnce: placed.length === topics.length && new Set(placed).size === topics.length,
      singleChildParents: issues.filter((k) => k === 'single-child').length,
      nearDuplicateLabels: issues.filter((k) => k === 'near-duplicate').length / 2,
      commaNames: nodes.filter((w) => view.tree.nodes.get(w.id)!.label.includes(', ')).length,
      categories: nodes.filter((w) => w.depth === 1).length,
      subcategories: nodes.filter((w) => w.depth === 2).length,
      seconds: round(seconds, 1),
      stageSeconds: Object.fromEntries(summary.stages.map((s) => [s.stage, round(s.seconds, 1)])),
    });
  } finally {
    store.close();
  }
}

async function bertopicDefaults(file: string, caseName: string) {
  const store = ProjectStore.open(file);
  try {
    const t0 = performance.now();
    const r = await reduceProject(
      store,
      {
        metric: 'cosine',
        layouts: [{ components: 5, neighbors: 15, minDist: 0, repulsionStrength: 1, seed: 42 }],
      },
      stageContext({}),
    );
    const projection = loadProjection(store.db, r.runs[0]!.runId)!;
    const n = projection.documentIds.length;
    const h = hdbscan(projection.coords, n, 5, { minClusterSize: 10, method: 'eom' });
    const text = new Map(
      (
        store.db.prepare('SELECT id, title, abstract FROM documents').all() as {
          id: number;
          title: string;
          abstract: string;
        }[]
      ).map((d) => [d.id, `${d.title}. ${d.abstract}`]),
    );
    const texts = Array.from(projection.documentIds, (id) => text.get(id) ?? '');
    const tf = ctfidf(texts, h.labels, { ngrams: 1, top: 25 });
    const q = topicQualityOf(
      texts,
      tf.keyphrases.map((k) => k.map((x) => x.term)),
      h.labels,
    );
    out({
      case: caseName,
      config: 'bertopic-default',
      documents: n,
      npmi: round(q.npmi),
      diversity: round(q.diversity),
      coverage: round(q.coverage),
      topics: q.topics,
      seconds: round((performance.now() - t0) / 1000, 1),
    });
  } finally {
    store.close();
  }
}

/**
 * The synthetic generator's 25k set (truth known): our UMAP (5-d, the build's defaults) and HDBSCAN with
 * the default minimum size, then the default noise assignment; of the points HDBSCAN calls noise that
 * the generator put in a cluster, the share placed in their true cluster (an HDBSCAN cluster's true
 * cluster is the generator's label most of its members carry).
 */
async function synthetic() {
  const dir = mkdtempSync(join(tmpdir(), 'taxonomist-synth-'));
  try {
    execFileSync(process.execPath, [
      join(shared, 'reference', 'synthetic', 'gen.js'),
      '25000',
      '42',
      '35',
      dir,
    ]);
    const n = 25_000;
    const d = 768;
    const X = new Float32Array(readFileSync(join(dir, 'X_25000.f32')).buffer.slice(0));
    const truth = new Int32Array(readFileSync(join(dir, 'y_25000.i32')).buffer.slice(0));
    const t0 = performance.now();
    const layout = await runUmap(X, n, d, {
      components: 5,
      neighbors: 100,
      minDist: 0.1,
      metric: 'cosine',
      seed: 42,
      repulsionStrength: 3,
      qualitySample: 0,
    });
    const mcs = defaultMinClusterSize(n);
    const h = hdbscan(layout.embedding, n, 5, { minClusterSize: mcs, method: 'leaf' });
    const a = assignNoiseByEmbedding(X, n, d, h.labels);
    const votes = new Map<number, Map<number, number>>();
    for (let i = 0; i < n; i++) {
      const c = h.labels[i]!;
      if (c < 0) continue;
      const m = votes.get(c) ?? new Map<number, number>();
      m.set(truth[i]!, (m.get(truth[i]!) ?? 0) + 1);
      votes.set(c, m);
    }
    const trueOf = new Map([...votes].map(([c, m]) => [c, [...m].sort((x, y) => y[1] - x[1])[0]![0]]));
    let noiseInCluster = 0;
    let placed = 0;
    let right = 0;
    for (let i = 0; i < n; i++) {
      if (h.labels[i]! >= 0 || truth[i]! < 0) continue;
      noiseInCluster++;
      if (a.labels[i]! >= 0) placed++;
      if (trueOf.get(a.labels[i]!) === truth[i]) right++;
    }
    out({
      case: 'synthetic-25k',
      config: 'taxonomist-default',
      minClusterSize: mcs,
      clusters: h.clusterCount,
      hdbscanNoise: round(h.labels.filter((l) => l < 0).length / n),
      noiseWithTrueCluster: noiseInCluster,
      placed: round(placed / Math.max(1, noiseInCluster)),
      placedInTrueCluster: round(right / Math.max(1, noiseInCluster)),
      coverage: round(a.coverageAfter),
      ariAfterAssignment: round(adjustedRandIndex(truth, a.labels)),
      seconds: round((performance.now() - t0) / 1000, 1),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const cases = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['arxiv:2000', 'arxiv:5000', 'arxiv:all', 'acl:all', 'synthetic'];
for (const c of cases) {
  if (c === 'synthetic') {
    await synthetic();
    continue;
  }
  const [name, size] = c.split(':') as [string, string | undefined];
  if (!corpora[name]) throw new Error(`unknown corpus ${name} (arxiv, acl)`);
  if (!existsSync(corpora[name])) throw new Error(`${corpora[name]} is missing`);
  const source = await embeddedProject(name);
  const limit = !size || size === 'all' ? null : Number(size);
  for (const config of ['taxonomist-default', 'bertopic-default'] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'taxonomist-quality-'));
    try {
      const file = firstPapers(source, limit, dir);
      if (config === 'taxonomist-default') await ourDefaults(file, c);
      else await bertopicDefaults(file, c);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
