#!/usr/bin/env node
// UMAP benchmark: `taxonomist umap` on the seeded synthetic paper embeddings (768-d, 35 clusters),
// as a user runs it (process start, .npy read, k-NN, layout, .npy write): wall time, k-NN time and
// peak RSS for 5-d / n_neighbors 100 and 2-d / n_neighbors 15, then HDBSCAN(min_cluster_size 100)
// on the 5-d layout scored against the generator's labels (ARI, noise counted as one class).
// Goals on a 2-core machine: 5-d <= 25 s and <= 1 GB; 2-d <= 12 s; ARI >= 0.96 (eom) / 0.97 (leaf).
// Repulsion strength: the CLI's default `auto` for the 5-d layouts (3 up to 50,000 points, else 1) and
// umap-learn's 1 for the 2-d ones; the JSON gives the strength used.
// Env: BENCH_SEEDS (default "42,7"; "none" for no 25k runs), BENCH_N (default 25000), BENCH_100K=1 adds a
// 100,000-point 5-d run, BENCH_REPULSION (default auto) the 5-d layouts' repulsion strength.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const gen = resolve(root, '..', 'shared', 'reference', 'synthetic', 'gen.js');
const bin = join(root, 'bin', 'taxonomist.js');
const haveTime = existsSync('/usr/bin/time');
const seeds =
  process.env.BENCH_SEEDS === 'none' ? [] : (process.env.BENCH_SEEDS ?? '42,7').split(',').map(Number);
const n = Number(process.env.BENCH_N ?? 25000);
const dir = mkdtempSync(join(tmpdir(), 'taxonomist-bench-umap-'));
const clusterRepulsion = process.env.BENCH_REPULSION ?? 'auto';
const load = () => loadavg().map((v) => Number(v.toFixed(2)));

function npyHeader(dtype, shape) {
  let header = `{'descr': '${dtype}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat((64 - ((11 + header.length) % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]).copy(head);
  head[6] = 1;
  head.writeUInt16LE(header.length, 8);
  return Buffer.concat([head, Buffer.from(header, 'latin1')]);
}

function readNpyData(path) {
  const buf = readFileSync(path);
  const start = 10 + buf.readUInt16LE(8);
  return buf.subarray(start);
}

/** The synthetic set as X.npy plus its labels, generated into the temp folder. */
function generate(count, seed) {
  const out = join(dir, `gen-${count}-${seed}`);
  const g = spawnSync(process.execPath, [gen, String(count), String(seed), '35', out], { encoding: 'utf8' });
  if (g.status !== 0) throw new Error(`generator failed: ${g.stderr}`);
  const x = readFileSync(join(out, `X_${count}.f32`));
  const npy = join(out, 'X.npy');
  writeFileSync(npy, Buffer.concat([npyHeader('<f4', [count, 768]), x]));
  rmSync(join(out, `X_${count}.f32`));
  const yb = readFileSync(join(out, `y_${count}.i32`));
  return { npy, truth: new Int32Array(yb.buffer, yb.byteOffset, yb.byteLength / 4), out };
}

function run(args) {
  const cmd = haveTime ? '/usr/bin/time' : process.execPath;
  const full = haveTime ? ['-f', 'maxrss_kb=%M cpu_s=%U+%S', process.execPath, bin, ...args] : [bin, ...args];
  const started = performance.now();
  const res = spawnSync(cmd, full, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wallS = (performance.now() - started) / 1000;
  const m = /maxrss_kb=(\d+)/.exec(res.stderr);
  const c = /cpu_s=([\d.]+)\+([\d.]+)/.exec(res.stderr);
  return {
    res,
    wallS,
    peakRssMb: m ? Number(m[1]) / 1024 : null,
    cpuS: c ? Number(c[1]) + Number(c[2]) : null,
  };
}

/** Adjusted Rand index (Hubert & Arabie 1985); -1 (noise) is one class. */
function ari(a, b) {
  const pairs = (x) => (x * (x - 1)) / 2;
  const joint = new Map();
  const ra = new Map();
  const rb = new Map();
  for (let i = 0; i < a.length; i++) {
    const key = `${a[i]}|${b[i]}`;
    joint.set(key, (joint.get(key) ?? 0) + 1);
    ra.set(a[i], (ra.get(a[i]) ?? 0) + 1);
    rb.set(b[i], (rb.get(b[i]) ?? 0) + 1);
  }
  let sj = 0;
  for (const v of joint.values()) sj += pairs(v);
  let sa = 0;
  for (const v of ra.values()) sa += pairs(v);
  let sb = 0;
  for (const v of rb.values()) sb += pairs(v);
  const expected = (sa * sb) / pairs(a.length);
  return (sj - expected) / ((sa + sb) / 2 - expected);
}

function layout(set, label, components, neighbors, count, seed, repulsion = 1) {
  const y = join(set.out, `Y${components}.npy`);
  const loadBefore = load();
  const { res, wallS, peakRssMb, cpuS } = run([
    'umap',
    '--in',
    set.npy,
    '--out',
    y,
    '--components',
    String(components),
    '--neighbors',
    String(neighbors),
    '--min-dist',
    '0.1',
    '--metric',
    'cosine',
    '--seed',
    '42',
    '--repulsion-strength',
    String(repulsion),
    '--progress',
    'none',
    '--json',
  ]);
  if (res.status !== 0) {
    console.log(JSON.stringify({ bench: 'umap', case: label, seed, error: res.stderr.trim().slice(-500) }));
    process.exitCode = 1;
    return null;
  }
  const r = JSON.parse(res.stdout);
  console.log(
    JSON.stringify({
      bench: 'umap',
      case: label,
      n: count,
      generatorSeed: seed,
      components,
      neighbors,
      repulsion: r.repulsionStrength,
      wallS: Number(wallS.toFixed(2)),
      seconds: Number(r.seconds.toFixed(2)),
      knnSeconds: Number(r.knnSeconds.toFixed(2)),
      layoutSeconds: Number(r.layoutSeconds.toFixed(2)),
      init: r.init,
      initSeconds: Number(r.initSeconds.toFixed(2)),
      knn: r.knn.method,
      knnRecall: Number(r.knn.recall.toFixed(4)),
      peakRssMb: peakRssMb && Math.round(peakRssMb),
      // User + system CPU seconds over all threads: less sensitive to other load than wall time.
      cpuS: cpuS && Number(cpuS.toFixed(1)),
      knnPreservation15: r.quality && Number(r.quality.knnPreservation.toFixed(4)),
      loadAvgBefore: loadBefore,
      loadAvgAfter: load(),
    }),
  );
  return y;
}

function clusterScore(y, truth, label, seed) {
  const out = { bench: 'umap-ari', case: label, generatorSeed: seed, minClusterSize: 100 };
  for (const method of ['eom', 'leaf']) {
    const labels = join(dir, `labels-${method}.npy`);
    const res = spawnSync(
      process.execPath,
      [
        bin,
        'hdbscan',
        '--in',
        y,
        '--min-cluster-size',
        '100',
        '--method',
        method,
        '--labels-out',
        labels,
        '--json',
      ],
      { encoding: 'utf8' },
    );
    if (res.status !== 0) {
      out[method] = { error: (res.stderr || res.stdout).trim().slice(-300) };
      continue;
    }
    const lb = readNpyData(labels);
    const l = new Int32Array(lb.buffer.slice(lb.byteOffset, lb.byteOffset + lb.byteLength));
    let noise = 0;
    for (const v of l) if (v < 0) noise++;
    out[method] = {
      ari: Number(ari(l, truth).toFixed(4)),
      clusters: new Set(l.filter((v) => v >= 0)).size,
      noise: Number((noise / l.length).toFixed(4)),
    };
  }
  console.log(JSON.stringify(out));
}

try {
  if (!existsSync(gen)) {
    console.log(JSON.stringify({ bench: 'umap', error: `missing ${gen}` }));
    process.exitCode = 1;
  } else {
    for (const seed of seeds) {
      const set = generate(n, seed);
      const label = `synthetic-${n / 1000}k`;
      const y5 = layout(set, `${label}-5d-k100`, 5, 100, n, seed, clusterRepulsion);
      if (y5) clusterScore(y5, set.truth, `${label}-5d-k100`, seed);
      layout(set, `${label}-2d-k15`, 2, 15, n, seed);
      rmSync(set.out, { recursive: true, force: true });
    }
    if (process.env.BENCH_100K === '1') {
      const set = generate(100000, 42);
      const y5 = layout(set, 'synthetic-100k-5d-k100', 5, 100, 100000, 42, clusterRepulsion);
      if (y5) clusterScore(y5, set.truth, 'synthetic-100k-5d-k100', 42);
      rmSync(set.out, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
