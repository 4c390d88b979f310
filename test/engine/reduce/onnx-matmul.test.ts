import { describe, expect, it } from 'vitest';
import { exactKnn, jsSimilarityBlock, normalizeRows } from '../../../src/engine/algorithms/knn';
import { seededRandom } from '../../../src/engine/algorithms/random';
import { onnxBlockProduct } from '../../../src/engine/reduce/onnx-matmul';

describe('onnxBlockProduct', () => {
  it('multiplies blocks against the constant matrix', async () => {
    const r = seededRandom(1);
    const [m, k, n] = [7, 30, 45];
    const a = Float32Array.from({ length: m * k }, () => r() - 0.5);
    const b = Float32Array.from({ length: k * n }, () => r() - 0.5);
    const p = await onnxBlockProduct(b, k, n, 1);
    const c = await p.run(a, m);
    expect(c).toHaveLength(m * n);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let t = 0; t < k; t++) s += a[i * k + t]! * b[t * n + j]!;
        expect(c[i * n + j]!).toBeCloseTo(s, 4);
      }
    await p.release();
  });

  it('gives the same neighbours as the TypeScript product', async () => {
    const r = seededRandom(2);
    const [n, d] = [500, 20];
    const x = Float32Array.from({ length: n * d }, () => r() - 0.5);
    normalizeRows(x, n, d);
    const xt = new Float32Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) xt[j * n + i] = x[i * d + j]!;
    const p = await onnxBlockProduct(xt, d, n, 2);
    const viaOnnx = await exactKnn(n, 10, (s, rows) => p.run(x.subarray(s * d, (s + rows) * d), rows), {
      metric: 'cosine',
      blockRows: 128,
    });
    await p.release();
    const viaJs = await exactKnn(n, 10, jsSimilarityBlock(x, n, d), { metric: 'cosine' });
    let same = 0;
    for (let t = 0; t < viaJs.indices.length; t++) if (viaJs.indices[t] === viaOnnx.indices[t]) same++;
    // Summation order differs, so near-ties may swap; the sets agree.
    expect(same / viaJs.indices.length).toBeGreaterThan(0.99);
  });
});
