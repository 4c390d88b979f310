// Labelling benchmark: the arXiv cs.CL 25k corpus, clustered synthetically by a title keyword rule into
// 35 clusters, labelled through the CLI against a local OpenAI-compatible fake answering in 200 ms.
// Goals: <= 5 s at concurrency 4; a second run entirely from the cache (zero requests); a run killed
// mid-way keeps every label received and the re-run requests only the rest.
// Run: node --import tsx bench/label.ts  (prints JSON lines; needs `npm run build:cli` first)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importCorpus } from '../src/engine/corpus';
import { finishRun, ProjectStore } from '../src/engine/store';
import { saveTitleClustering } from './support/title-clusters';
import { startFakeChatServer } from '../test/support/fake-chat-server';

const root = resolve(import.meta.dirname, '..');
const corpus = resolve(root, '..', 'shared', 'corpora', 'arxiv-cscl-25k.jsonl.gz');
const bin = resolve(root, 'bin', 'taxonomist.js');
const out = (o: Record<string, unknown>) =>
  console.log(JSON.stringify({ bench: 'label', ...o, load1: Number(loadavg()[0]!.toFixed(2)) }));

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-bench-label-'));
const project = join(dir, 'bench.taxonomist');
try {
  const store = ProjectStore.open(project, { create: true });
  const imp = await importCorpus(store, { path: corpus });
  const docs = store.db.prepare('SELECT id, title FROM documents ORDER BY id').all() as {
    id: number;
    title: string;
  }[];
  const { runId, sizes } = saveTitleClustering(store, docs);
  finishRun(store.db, runId, { status: 'done' });
  store.close();
  const clustered = [...sizes.values()].reduce((a, b) => a + b, 0);
  out({
    step: 'setup',
    documents: imp.imported,
    clusters: sizes.size,
    clustered,
    noise: docs.length - clustered,
  });

  const server = await startFakeChatServer(
    'openai',
    (r) => {
      const kw = /keywords of the cluster: ([^,\n]+)/.exec(r.body.messages[1]!.content)?.[1] ?? 'topic';
      return { text: JSON.stringify({ label: `Research on ${kw}` }) };
    },
    { delayMs: 200 },
  );
  const args = (seed: number) => [
    bin,
    'label',
    '--project',
    project,
    '--provider',
    'openai',
    '--model',
    'fake-model',
    '--base-url',
    server.baseUrl,
    '--concurrency',
    '4',
    '--seed',
    String(seed),
    '--json',
    '--progress',
    'none',
  ];
  // Asynchronous, so the fake server in this process keeps answering while the CLI runs.
  const cli = async (seed: number) => {
    const before = server.requests.length;
    const t0 = performance.now();
    const child = spawn(process.execPath, args(seed), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((ok) => child.once('close', ok));
    const wall = (performance.now() - t0) / 1000;
    if (code !== 0) throw new Error(`label failed: ${stderr}${stdout}`);
    const s = JSON.parse(stdout) as {
      seconds: number;
      timings: { representations: number; labelling: number };
      clusters: number;
      usage: { requests: number; cacheHits: number };
      bySource: Record<string, number>;
    };
    return { wall, s, requests: server.requests.length - before };
  };

  for (const [step, seed] of [
    ['first', 42],
    ['cached', 42],
  ] as const) {
    const { wall, s, requests } = await cli(seed);
    out({
      step,
      clusters: s.clusters,
      concurrency: 4,
      providerDelayMs: 200,
      stageSeconds: Number(s.seconds.toFixed(3)),
      representationSeconds: Number(s.timings.representations.toFixed(3)),
      labellingSeconds: Number(s.timings.labelling.toFixed(3)),
      processSeconds: Number(wall.toFixed(3)),
      requests,
      cacheHits: s.usage.cacheHits,
      bySource: s.bySource,
    });
  }

  // Kill with SIGKILL once the CLI has reported 10 labels written (progress JSON is printed after each
  // write), mid-way through the next 200 ms batch; a new seed makes every prompt new. Then re-run.
  const killAfter = 10;
  const child = spawn(
    process.execPath,
    [...args(7).filter((a) => a !== 'none' && a !== '--progress'), '--progress', 'json'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let reported = 0;
  let buffered = '';
  await new Promise<void>((ok) => {
    child.stderr.on('data', (c: Buffer) => {
      buffered += c.toString();
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const p = (JSON.parse(line) as { progress?: { done: number; total: number | null } }).progress;
        if (p?.total && p.done > reported) reported = p.done;
        if (reported >= killAfter && child.exitCode === null && !child.killed) {
          child.kill('SIGKILL');
          ok();
        }
      }
    });
  });
  await new Promise((ok) => child.once('exit', ok));
  const check = ProjectStore.open(project);
  const kept = (
    check.db
      .prepare(
        `SELECT count(*) AS n FROM topics WHERE json_extract(provenance, '$.labelRunId') = (SELECT max(id) FROM runs WHERE kind = 'label')`,
      )
      .get() as { n: number }
  ).n;
  const cachedRows = (check.db.prepare('SELECT count(*) AS n FROM llm_cache').get() as { n: number }).n;
  check.close();
  const rerun = await cli(7);
  out({
    step: 'killed',
    labelsReportedBeforeKill: reported,
    labelsKeptAfterKill: kept,
    newCacheRows: cachedRows - 35,
    rerunRequests: rerun.requests,
    rerunCacheHits: rerun.s.usage.cacheHits,
    clusters: rerun.s.clusters,
    noLabelLost: kept >= reported,
    onlyTheRest:
      rerun.requests === rerun.s.clusters - rerun.s.usage.cacheHits && rerun.s.usage.cacheHits >= kept,
  });
  await server.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
