// Taxonomy benchmark on the arXiv cs.CL 25k corpus: offline generation (goal <= 2 s, every cluster placed
// exactly once), the four exports, the quality checks, and 200 persisted edits then 200 undos.
// Without a clustered project (BENCH_PROJECT=<file> with a finished cluster run and a float32 set), it
// builds one: 512-d hashed bag-of-words vectors of title + abstract (the size of USE-Lite's) and 35
// clusters from a title keyword rule, with keyphrases from each cluster's most frequent title words.
// Run: node --import tsx bench/taxonomy.ts  (prints JSON lines; BENCH_KEEP=1 keeps the built project)
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importCorpus } from '../src/engine/corpus';
import { applyCommand, undoEdit } from '../src/engine/history';
import {
  ensureEmbeddingSet,
  finishRun,
  loadRunAssignments,
  loadTree,
  ProjectStore,
  putVectors,
} from '../src/engine/store';
import { saveTitleClustering, TITLE_RULES } from './support/title-clusters';
import {
  checkTaxonomy,
  exportTaxonomy,
  generateOfflineTaxonomy,
  loadTaxonomyView,
  TaxonomyEditor,
  walk,
} from '../src/engine/taxonomy';

const root = resolve(import.meta.dirname, '..');
const corpus = resolve(root, '..', 'shared', 'corpora', 'arxiv-cscl-25k.jsonl.gz');
const out = (o: Record<string, unknown>) =>
  console.log(JSON.stringify({ bench: 'taxonomy', ...o, load1: Number(loadavg()[0]!.toFixed(2)) }));

const STOP = new Set(
  'a an and are as at be by for from in into is it its of on or over that the their this to under using via with we our language languages model models based learning neural'.split(
    ' ',
  ),
);
const words = (s: string): string[] =>
  s
    .toLowerCase()
    .split(/[^a-z0-9-]+/)
    .filter((w) => w.length > 2 && !STOP.has(w));

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

async function buildProject(path: string): Promise<void> {
  const store = ProjectStore.open(path, { create: true });
  await importCorpus(store, { path: corpus });
  const docs = store.db.prepare('SELECT id, title, abstract FROM documents ORDER BY id').all() as {
    id: number;
    title: string | null;
    abstract: string | null;
  }[];
  const d = 512;
  const vectors = new Float32Array(docs.length * d);
  docs.forEach((doc, i) => {
    for (const w of words(`${doc.title ?? ''} ${doc.abstract ?? ''}`)) {
      const h = hash(w);
      vectors[i * d + (h % d)]! += h & 0x80000000 ? -1 : 1;
    }
    let n = 0;
    for (let j = 0; j < d; j++) n += vectors[i * d + j]! ** 2;
    n = Math.sqrt(n) || 1;
    for (let j = 0; j < d; j++) vectors[i * d + j]! /= n;
  });
  const set = ensureEmbeddingSet(store.db, {
    model: 'hashed-bow-512',
    revision: '1',
    dtype: 'fp32',
    precision: 'float32',
    textTemplate: '{title}:{abstract}',
    dims: d,
    normalized: true,
  });
  const ids = docs.map((x) => x.id);
  store.transaction(() => putVectors(store.db, set.id, ids, null, vectors));
  const counts = new Map<number, Map<string, number>>();
  const runId = store.transaction(() => {
    const { runId, clusterIds } = saveTitleClustering(store, docs, { embeddingSetId: set.id });
    docs.forEach((x, i) => {
      const c = clusterIds[i]!;
      if (c < 0) return;
      const m = counts.get(c) ?? new Map<string, number>();
      for (const w of words(x.title ?? '')) m.set(w, (m.get(w) ?? 0) + 1);
      counts.set(c, m);
    });
    const ins = store.db.prepare(
      `INSERT INTO topics (run_id, cluster_id, label, source, keyphrases, updated_at) VALUES (?, ?, ?, 'keywords', ?, '')`,
    );
    for (const [c, m] of counts) {
      const top = [...m].sort((a, b) => b[1] - a[1]).slice(0, 8);
      ins.run(
        runId,
        c,
        TITLE_RULES[c]!.source.split('|')[0]!,
        JSON.stringify(top.map(([term, n]) => ({ term, score: n }))),
      );
    }
    return runId;
  });
  finishRun(store.db, runId, { status: 'done' });
  store.close();
}

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-bench-taxonomy-'));
try {
  const given = process.env.BENCH_PROJECT;
  const project = given ?? join(dir, 'bench.taxonomist');
  if (!given) {
    const t0 = performance.now();
    await buildProject(project);
    out({
      step: 'setup',
      embeddings: 'hashed-bow-512',
      seconds: +((performance.now() - t0) / 1000).toFixed(1),
    });
  }
  const store = ProjectStore.open(project);
  let last = 0;
  for (let rep = 0; rep < 3; rep++) {
    const s = await generateOfflineTaxonomy(store, { categories: 7 });
    const tree = loadTree(store.db, s.taxonomyId);
    const placed = [...tree.nodes.values()].flatMap((n) => n.clusterIds);
    const once = new Set(placed).size === placed.length && placed.length === s.topics;
    out({
      step: 'offline',
      rep,
      seconds: +s.seconds.toFixed(3),
      documents: s.documents,
      topics: s.topics,
      categories: s.categories,
      subcategories: s.subcategories,
      everyClusterOnce: once,
      goalSeconds: 2,
    });
    last = s.taxonomyId;
  }
  for (const format of ['outline', 'headings', 'json', 'csv'] as const) {
    const t0 = performance.now();
    const text = exportTaxonomy(store, format, last);
    out({
      step: 'export',
      format,
      seconds: +((performance.now() - t0) / 1000).toFixed(3),
      bytes: Buffer.byteLength(text),
    });
  }
  {
    const t0 = performance.now();
    const view = loadTaxonomyView(store, last);
    const q = checkTaxonomy(view.tree, view.assignments);
    out({
      step: 'check',
      seconds: +((performance.now() - t0) / 1000).toFixed(3),
      coverage: +q.coverage.share.toFixed(4),
      issues: q.nodes.reduce((s, n) => s + n.issues.length, 0),
    });
  }
  {
    const ed = TaxonomyEditor.open(store, last);
    const ids = walk(ed.tree).map((w) => w.id);
    const t0 = performance.now();
    for (let i = 0; i < 200; i++)
      applyCommand(store, {
        kind: 'taxonomy-edit',
        taxonomyId: last,
        edit: { name: 'rename', args: { nodeId: ids[i % ids.length]!, label: `Edit ${i}` } },
      });
    const t1 = performance.now();
    for (let i = 0; i < 200; i++) undoEdit(store);
    const t2 = performance.now();
    out({
      step: 'edits',
      edits: 200,
      msPerEdit: +((t1 - t0) / 200).toFixed(2),
      msPerUndo: +((t2 - t1) / 200).toFixed(2),
    });
  }
  const runId = (
    store.db.prepare('SELECT run_id FROM taxonomies WHERE id = ?').get(last) as { run_id: number }
  ).run_id;
  void loadRunAssignments(store.db, runId);
  store.close();
} finally {
  if (process.env.BENCH_KEEP) out({ step: 'kept', dir });
  else rmSync(dir, { recursive: true, force: true });
}
