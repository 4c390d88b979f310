// HDBSCAN of the 25k reference cases on the calling thread and in the cancellable worker
// (hdbscanCancellable), wall time each: what the worker's start and the transfers add to a cluster
// run. From source the worker starts through tsx, which costs more than the bundled worker script
// (out/cli/hdbscan-worker.js) does. Later repeats on the calling thread run warm code, while every
// worker compiles afresh: BENCH_WHERE=thread or worker (default both) with BENCH_REPEATS=1 compares
// cold runs, one process each. Run: node --import tsx bench/hdbscan-worker.ts  (JSON lines)
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { hdbscanCancellable } from '../src/engine/cluster/hdbscan-in-worker';
import { readNpy } from '../src/engine/io/npy';

const refDir = resolve(import.meta.dirname, '..', '..', 'shared', 'reference', 'hdbscan');
const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const sides = (['thread', 'worker'] as const).filter((w) => (process.env.BENCH_WHERE ?? w) === w);
const round = (x: number) => Math.round(x * 1000) / 1000;
/** CPU seconds of the whole process, worker threads included: steadier than wall time under load. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

for (const name of ['umapl-25k-k100', 'umapjs-25k-k15']) {
  const pts = readNpy(resolve(refDir, `${name}.points.npy`));
  const [n, dims] = pts.shape as [number, number];
  const points = pts.data as Float32Array;
  for (let rep = 0; rep < repeats; rep++) {
    for (const where of sides) {
      const t0 = performance.now();
      const c0 = cpu();
      let first = NaN;
      const r = await hdbscanCancellable(
        points,
        n,
        dims,
        { minClusterSize: 100, method: 'leaf' },
        { where, onProgress: () => (first = Number.isNaN(first) ? performance.now() - t0 : first) },
      );
      console.log(
        JSON.stringify({
          bench: 'hdbscan-worker',
          case: name,
          n,
          where,
          clusters: r.clusterCount,
          wallS: round((performance.now() - t0) / 1000),
          cpuS: round(cpu() - c0),
          firstProgressS: round(first / 1000),
          load1: round(loadavg()[0]!),
        }),
      );
    }
  }
}
