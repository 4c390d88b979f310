// Quantization benchmark: 25,000 x 768 float32 synthetic paper embeddings (the shared seeded
// generator) -> int8 / uint8 / binary, with a 10,000-row calibration set. Goal: int8 <= 150 ms,
// 19.2 MB stored. Also times exact recall@10 search per precision over 100 queries.
// Run: node --import tsx bench/quantize.ts  (prints JSON lines)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exactNeighbours, recallAtK } from '../src/engine/algorithms/kernels';
import {
  bytesPerEmbedding,
  calibrationRanges,
  calibrationRows,
  quantize,
} from '../src/engine/algorithms/quantize';
import type { Precision } from '../src/engine/algorithms/quantize';

const root = resolve(import.meta.dirname, '..');
const gen = resolve(root, '..', 'shared', 'reference', 'synthetic', 'gen.js');
const n = Number(process.env.BENCH_N ?? 25_000);
const d = 768;
const dir = mkdtempSync(join(tmpdir(), 'taxonomist-bench-q-'));
try {
  execFileSync(process.execPath, [gen, String(n), '42', '35', dir], { stdio: 'ignore' });
  const raw = readFileSync(join(dir, `X_${n}.f32`));
  const x = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4).slice();

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  for (const precision of ['int8', 'uint8', 'binary', 'ubinary'] as Precision[]) {
    const times: number[] = [];
    let bytes = 0;
    for (let r = 0; r < 7; r++) {
      const t0 = performance.now();
      const ranges =
        precision === 'int8' || precision === 'uint8'
          ? calibrationRanges(x, n, d, calibrationRows(n, 10_000, 'first', Math.random))
          : undefined;
      const q = quantize(x, n, d, precision, ranges);
      times.push(performance.now() - t0);
      bytes = q.byteLength;
    }
    console.log(
      JSON.stringify({
        bench: 'quantize',
        precision,
        n,
        dims: d,
        medianMs: +median(times).toFixed(1),
        minMs: +Math.min(...times).toFixed(1),
        bytes,
        float32Bytes: n * d * 4,
        savedPercent: +(100 * (1 - bytes / (n * d * 4))).toFixed(2),
        goalMs: precision === 'int8' ? 150 : null,
        pass:
          precision === 'int8' ? median(times) <= 150 && bytes === n * bytesPerEmbedding('int8', d) : null,
      }),
    );
  }

  const queries = Int32Array.from({ length: 100 }, (_, i) => Math.floor((i * n) / 100));
  let t0 = performance.now();
  const truth = exactNeighbours({ precision: 'float32', data: x, n, rowLength: d }, queries, 10);
  console.log(
    JSON.stringify({
      bench: 'exact-search',
      precision: 'float32',
      queries: queries.length,
      n,
      ms: +(performance.now() - t0).toFixed(0),
    }),
  );
  const ranges = calibrationRanges(x, n, d, calibrationRows(n, 10_000, 'first', Math.random));
  for (const precision of ['int8', 'uint8', 'binary'] as Precision[]) {
    const codes = quantize(x, n, d, precision, ranges);
    t0 = performance.now();
    const found = exactNeighbours(
      { precision, data: codes, n, rowLength: precision === 'binary' ? d / 8 : d },
      queries,
      10,
    );
    console.log(
      JSON.stringify({
        bench: 'exact-search',
        precision,
        queries: queries.length,
        n,
        ms: +(performance.now() - t0).toFixed(0),
        recallAt10: +recallAtK(truth, found, 10).toFixed(4),
      }),
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
