// HDBSCAN in-process, per phase, on the 25k reference cases: wall and CPU time of the hierarchy
// (k-d tree, core distances, Boruvka spanning tree, condensing) and of each cut (eom, leaf). CPU time
// is reported beside wall time because a shared machine's load inflates wall time. Goal: <= 1.0 s
// per method (hierarchy + cut). Run: node --import tsx bench/hdbscan-phases.ts  (prints JSON lines)
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { readNpy } from '../src/engine/io/npy';
import { extractClusters, hdbscanHierarchy } from '../src/engine/algorithms/hdbscan';

const refDir = resolve(import.meta.dirname, '..', '..', 'shared', 'reference', 'hdbscan');
const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const round = (x: number) => Math.round(x * 1000) / 1000;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

for (const name of ['umapl-25k-k100', 'umapjs-25k-k15']) {
  const pts = readNpy(resolve(refDir, `${name}.points.npy`));
  const [n, dims] = pts.shape as [number, number];
  for (let rep = 0; rep < repeats; rep++) {
    const phases: Record<string, { wallS: number; cpuS: number }> = {};
    let stage = '';
    let w = performance.now();
    let c = cpu();
    const mark = (next: string) => {
      const w2 = performance.now();
      const c2 = cpu();
      if (stage) {
        const p = (phases[stage] ??= { wallS: 0, cpuS: 0 });
        p.wallS = round(p.wallS + (w2 - w) / 1000);
        p.cpuS = round(p.cpuS + c2 - c);
      }
      stage = next;
      w = w2;
      c = c2;
    };
    const w0 = performance.now();
    const c0 = cpu();
    const h = hdbscanHierarchy(pts.data as Float32Array, n, dims, {
      minClusterSize: 100,
      onProgress: (s) => s !== stage && mark(s),
    });
    mark('');
    const hierarchy = { wallS: round((performance.now() - w0) / 1000), cpuS: round(cpu() - c0) };
    for (const method of ['eom', 'leaf'] as const) {
      const w1 = performance.now();
      const c1 = cpu();
      const r = extractClusters(h, { method });
      const cut = { wallS: (performance.now() - w1) / 1000, cpuS: cpu() - c1 };
      console.log(
        JSON.stringify({
          bench: 'hdbscan-phases',
          case: name,
          n,
          method,
          clusters: r.clusterCount,
          wallS: round(hierarchy.wallS + cut.wallS),
          cpuS: round(hierarchy.cpuS + cut.cpuS),
          goalS: 1.0,
          phases,
          load1: Math.round(loadavg()[0]! * 100) / 100,
        }),
      );
    }
  }
}
