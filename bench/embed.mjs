#!/usr/bin/env node
// Embedding benchmarks over the first papers of ../shared/corpora/arxiv-cscl-25k.jsonl.gz, one JSON
// line per result:
//   use-lite      `taxonomist embed --model use-lite` on 1,000 papers: docs/s and peak RSS
//   workers       USE-Lite on BENCH_WORKERS_DOCS (default 2,000) papers with `--workers 1`, then with the
//                 default number of workers, in the same run: docs/s, CPU % and peak RSS of each, speedup
//   resume        SIGKILL during `embed --model use-lite --limit 2000`, then a rerun: it must embed only
//                 what is missing, leaving 2,000 rows and no duplicates
//   tiny, base    the transformers backend on BENCH_TF_DOCS (default 512) papers with a generated
//                 random-weight BERT model (tiny: 2 layers, 32 hidden; base: sized like BERT-base, 12 layers,
//                 768 hidden): batches in document order on one session (the previous path), texts of
//                 similar length together on one session and on one worker per core, against a bare
//                 onnxruntime-node InferenceSession on the same token batches
// Pick cases with BENCH_EMBED=use-lite,resume,tiny,base (default: all); BENCH_DOCS sets the paper count.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';

const root = resolve(new URL('..', import.meta.url).pathname);
const corpus = resolve(root, '..', 'shared', 'corpora', 'arxiv-cscl-25k.jsonl.gz');
const bin = join(root, 'bin', 'taxonomist.js');
const docs = Number(process.env.BENCH_DOCS ?? 1000);
const cases = (process.env.BENCH_EMBED ?? 'use-lite,workers,resume,tiny,base').split(',');
const haveTime = existsSync('/usr/bin/time');
const load = () => loadavg().map((l) => +l.toFixed(2));
const out = (o) => console.log(JSON.stringify({ bench: 'embed', ...o }));

/** `taxonomist ...args`, with the peak RSS of the process when /usr/bin/time is there. */
function cli(args) {
  const cmd = haveTime ? '/usr/bin/time' : process.execPath;
  const pre = haveTime ? ['-f', 'maxrss_kb=%M cpu=%P', process.execPath, bin] : [bin];
  const started = performance.now();
  const res = spawnSync(cmd, [...pre, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wallS = (performance.now() - started) / 1000;
  if (res.status !== 0) throw new Error(`taxonomist ${args.join(' ')} failed: ${res.stderr}`);
  const rss = /maxrss_kb=(\d+)/.exec(res.stderr);
  const cpu = /cpu=(\d+)%/.exec(res.stderr);
  return {
    json: JSON.parse(res.stdout),
    wallS,
    peakRssMb: rss ? +(Number(rss[1]) / 1024).toFixed(1) : null,
    cpuPercent: cpu ? Number(cpu[1]) : null,
  };
}

const project = (dir, name, n) => {
  const path = join(dir, `${name}.taxonomist`);
  cli(['import', corpus, '--project', path, '--limit', String(n), '--json']);
  return path;
};

async function useLite(dir) {
  const p = project(dir, 'use-lite', docs);
  const r = cli(['embed', '--project', p, '--model', 'use-lite', '--batch-size', '32', '--json']);
  out({
    case: 'use-lite',
    docs: r.json.embedded,
    dims: r.json.dims,
    embedS: +r.json.seconds.toFixed(2),
    docsPerS: +r.json.docsPerSecond.toFixed(1),
    wallS: +r.wallS.toFixed(2),
    peakRssMb: r.peakRssMb,
    cpus: cpus().length,
    load: load(),
  });
}

async function workersCase(dir) {
  const n = Number(process.env.BENCH_WORKERS_DOCS ?? 2000);
  const runs = {};
  for (const [name, flag] of [
    ['one', ['--workers', '1']],
    ['default', []],
  ]) {
    const p = project(dir, `workers-${name}`, n);
    const r = cli(['embed', '--project', p, '--model', 'use-lite', ...flag, '--json']);
    runs[name] = {
      docsPerS: +r.json.docsPerSecond.toFixed(1),
      embedS: +r.json.seconds.toFixed(1),
      cpuPercent: r.cpuPercent,
      peakRssMb: r.peakRssMb,
    };
  }
  out({
    case: 'workers',
    docs: n,
    cpus: cpus().length,
    one: runs.one,
    default: runs.default,
    speedup: +(runs.default.docsPerS / runs.one.docsPerS).toFixed(2),
    load: load(),
  });
}

async function resumeCase(dir) {
  const p = project(dir, 'resume', 2000);
  const args = ['embed', '--project', p, '--model', 'use-lite', '--limit', '2000', '--progress', 'json'];
  const killAt = Number(process.env.BENCH_KILL_AT ?? 500);
  const killed = await new Promise((resolveKill) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let buf = '';
    let sent = false;
    child.stderr.on('data', (c) => {
      buf += c.toString();
      const lines = buf.split('\n');
      buf = lines.pop();
      for (const l of lines) {
        if (!sent && l.startsWith('{') && JSON.parse(l).progress.done >= killAt) {
          sent = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('exit', (code, signal) => resolveKill({ code, signal }));
  });
  const db = () => new Database(p, { readonly: true });
  let d = db();
  const storedAfterKill = d.prepare('SELECT count(*) AS n FROM embeddings').get().n;
  d.close();
  const r = cli([...args.slice(0, -2), '--json']);
  d = db();
  const dups = d
    .prepare(
      'SELECT count(*) AS n FROM (SELECT document_id FROM embeddings GROUP BY set_id, document_id HAVING count(*) > 1)',
    )
    .get().n;
  const stored = d.prepare('SELECT count(*) AS n FROM embeddings').get().n;
  d.close();
  out({
    case: 'resume',
    killedBy: killed.signal,
    storedAfterKill,
    rerunSkipped: r.json.skipped,
    rerunEmbedded: r.json.embedded,
    stored,
    duplicates: dups,
    ok:
      killed.signal === 'SIGKILL' &&
      r.json.skipped === storedAfterKill &&
      r.json.embedded === 2000 - storedAfterKill &&
      stored === 2000 &&
      dups === 0,
    rerunDocsPerS: +r.json.docsPerSecond.toFixed(1),
    load: load(),
  });
}

/** Runs one transformers case in a child process, so its peak RSS is its own. */
function transformersCase(name) {
  const res = spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--transformers', name], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: process.env,
  });
  if (res.status !== 0) throw new Error(`transformers case ${name} failed`);
}

/** The child side: see bench/support/embed-transformers.ts. */
async function transformersChild(name) {
  const { tsImport } = await import('tsx/esm/api');
  const { runTransformersCase } = await tsImport('./support/embed-transformers.ts', import.meta.url);
  const result = await runTransformersCase({
    name,
    corpus,
    docs: Number(process.env.BENCH_TF_DOCS ?? 512),
    batchSize: Number(process.env.BENCH_BATCH ?? 32),
    maxTokens: Number(process.env.BENCH_MAX_TOKENS ?? 512),
  });
  console.log(JSON.stringify(result));
}

if (process.argv[2] === '--transformers') {
  await transformersChild(process.argv[3]);
} else {
  if (!existsSync(corpus)) {
    out({ error: `missing ${corpus}` });
    process.exit(1);
  }
  const dir = mkdtempSync(join(tmpdir(), 'taxonomist-bench-embed-'));
  try {
    out({ start: new Date().toISOString(), cases, docs, cpus: cpus().length, load: load() });
    if (cases.includes('use-lite')) await useLite(dir);
    if (cases.includes('workers')) await workersCase(dir);
    if (cases.includes('resume')) await resumeCase(dir);
    for (const c of ['tiny', 'base']) if (cases.includes(c)) transformersCase(c);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
