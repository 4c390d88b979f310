#!/usr/bin/env node
// HDBSCAN benchmark through the CLI as a user runs it (`taxonomist hdbscan --in P.npy --json`): the
// clustering time the command reports (no start-up or file I/O), wall time, peak RSS, and agreement
// with the reference library (scikit-learn-contrib hdbscan 0.8.40) on every case in
// ../shared/reference/hdbscan, eom and leaf; then 1M x 5-d points sampled around the 25k reference
// points. Goals: ARI >= 0.999 with equal cluster counts; 25k <= 1.0 s and <= 300 MB; 1M <= 60 s and
// <= 2 GB. Env: BENCH_REPEATS (default 3), BENCH_1M=0 skips the million-point run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const refDir = resolve(root, '..', 'shared', 'reference', 'hdbscan');
const bin = join(root, 'bin', 'taxonomist.js');
const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const haveTime = existsSync('/usr/bin/time');
const dir = mkdtempSync(join(tmpdir(), 'taxonomist-bench-hdbscan-'));

/** Minimal little-endian .npy reader (f4 / i4), enough for the reference files. */
function readNpy(path) {
  const buf = readFileSync(path);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.toString('latin1', start, start + headerLen);
  const descr = /'descr':\s*'[<|]([fi])(\d)'/.exec(header);
  const shape = /'shape':\s*\(([^)]*)\)/
    .exec(header)[1]
    .split(',')
    .filter((s) => s.trim())
    .map(Number);
  const off = start + headerLen;
  const bytes = buf.subarray(off);
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  const data = descr[1] === 'f' ? new Float32Array(copy.buffer) : new Int32Array(copy.buffer);
  return { shape, data };
}

function writeNpyF32(path, data, rows, cols) {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(head);
  head.writeUInt16LE(header.length, 8);
  writeFileSync(path, Buffer.concat([head, Buffer.from(header, 'latin1'), Buffer.from(data.buffer)]));
}

/** Adjusted Rand index, noise (-1) counted as one class, over all points. */
function ari(a, b) {
  const n = a.length;
  const key = new Map();
  const ra = new Map();
  const rb = new Map();
  for (let i = 0; i < n; i++) {
    const k = `${a[i]},${b[i]}`;
    key.set(k, (key.get(k) ?? 0) + 1);
    ra.set(a[i], (ra.get(a[i]) ?? 0) + 1);
    rb.set(b[i], (rb.get(b[i]) ?? 0) + 1);
  }
  const c2 = (x) => (x * (x - 1)) / 2;
  let s = 0;
  for (const v of key.values()) s += c2(v);
  let sa = 0;
  let sb = 0;
  for (const v of ra.values()) sa += c2(v);
  for (const v of rb.values()) sb += c2(v);
  const exp = (sa * sb) / c2(n);
  const max = (sa + sb) / 2;
  return max === exp ? 1 : (s - exp) / (max - exp);
}

function runCli(points, method, labelsOut) {
  const cmd = haveTime ? '/usr/bin/time' : process.execPath;
  const pre = haveTime ? ['-f', 'maxrss_kb=%M user_s=%U', process.execPath, bin] : [bin];
  const args = ['hdbscan', '--in', points, '--min-cluster-size', '100', '--method', method, '--json'];
  if (labelsOut) args.push('--labels-out', labelsOut);
  const started = performance.now();
  const res = spawnSync(cmd, [...pre, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const wallS = (performance.now() - started) / 1000;
  if (res.status !== 0) throw new Error(res.stderr.trim() || `exit ${res.status}`);
  const out = JSON.parse(res.stdout);
  const rss = /maxrss_kb=(\d+)/.exec(res.stderr);
  const user = /user_s=([\d.]+)/.exec(res.stderr);
  // Process CPU time (start-up and file I/O included): steadier than wall time on a shared machine.
  return {
    ...out,
    wallS,
    userCpuS: user ? Number(user[1]) : null,
    peakRssMb: rss ? Number(rss[1]) / 1024 : null,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

try {
  const cases = JSON.parse(readFileSync(join(refDir, 'index.json'), 'utf8'));
  for (const c of cases) {
    const points = join(refDir, `${c.name}.points.npy`);
    for (const method of ['eom', 'leaf']) {
      const ref = readNpy(join(refDir, `${c.name}.labels-${method}.npy`)).data;
      const refClusters = new Set(Array.from(ref).filter((l) => l >= 0)).size;
      const secs = [];
      for (let i = 0; i < repeats; i++) {
        const labelsOut = join(dir, `${c.name}-${method}.npy`);
        const r = runCli(points, method, labelsOut);
        const labels = readNpy(labelsOut).data;
        const a = ari(labels, ref);
        secs.push(r.seconds);
        console.log(
          JSON.stringify({
            bench: 'hdbscan',
            case: c.name,
            n: c.n,
            method,
            clusters: r.clusters,
            refClusters,
            noiseFraction: round(r.noiseFraction, 4),
            ari: round(a, 6),
            agrees: a >= 0.999 && r.clusters === refClusters,
            seconds: round(r.seconds),
            wallS: round(r.wallS),
            userCpuS: r.userCpuS,
            peakRssMb: r.peakRssMb && round(r.peakRssMb, 1),
            load1: round(loadavg()[0], 2),
          }),
        );
      }
      if (c.n === 25000)
        console.log(
          JSON.stringify({
            bench: 'hdbscan',
            summary: `${c.name} ${method}`,
            medianSeconds: round(median(secs)),
            goalSeconds: 1.0,
            runs: secs.length,
          }),
        );
    }
  }

  if (process.env.BENCH_1M !== '0') {
    // 1M points: each a reference point of umapl-25k-k100 plus Gaussian jitter of 2% of each
    // coordinate's spread, seeded, so the clusters keep their shape at 40x the density.
    const base = readNpy(join(refDir, 'umapl-25k-k100.points.npy'));
    const [m, dims] = base.shape;
    const sd = new Float64Array(dims);
    for (let d = 0; d < dims; d++) {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < m; i++) {
        s += base.data[i * dims + d];
        s2 += base.data[i * dims + d] ** 2;
      }
      sd[d] = Math.sqrt(s2 / m - (s / m) ** 2);
    }
    let seed = 42;
    const rand = () => {
      seed = (seed + 0x6d2b79f5) >>> 0;
      let t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const n = 1_000_000;
    const big = new Float32Array(n * dims);
    for (let i = 0; i < n; i++) {
      const src = Math.floor(rand() * m);
      for (let d = 0; d < dims; d++) {
        const g = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
        big[i * dims + d] = base.data[src * dims + d] + 0.02 * sd[d] * g;
      }
    }
    const file = join(dir, 'sampled-1m.npy');
    writeNpyF32(file, big, n, dims);
    for (const method of ['eom', 'leaf']) {
      const r = runCli(file, method);
      console.log(
        JSON.stringify({
          bench: 'hdbscan',
          case: 'sampled-1m-from-umapl-25k-k100',
          n,
          method,
          clusters: r.clusters,
          noiseFraction: round(r.noiseFraction, 4),
          seconds: round(r.seconds),
          wallS: round(r.wallS),
          userCpuS: r.userCpuS,
          peakRssMb: r.peakRssMb && round(r.peakRssMb, 1),
          goal: { seconds: 60, peakRssMb: 2048 },
          load1: round(loadavg()[0], 2),
        }),
      );
    }
  }
} catch (e) {
  console.log(JSON.stringify({ bench: 'hdbscan', error: e.message }));
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
