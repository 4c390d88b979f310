import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatNpy, parseNpy, readMatrixF32, readNpy, writeNpy } from '../../../src/engine/io';
import { sharedFile, withoutShared } from '../../support/shared';

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-npy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('.npy', () => {
  it.skipIf(withoutShared)('reads the reference points (float32, n x 5) and labels (int32)', () => {
    const points = readNpy(sharedFile('reference/hdbscan/umapjs-5k-k15.points.npy'));
    expect(points.dtype).toBe('f4');
    expect(points.shape).toEqual([5000, 5]);
    expect(points.data).toBeInstanceOf(Float32Array);
    expect(Number.isFinite(points.data[0])).toBe(true);
    const labels = readNpy(sharedFile('reference/hdbscan/umapjs-5k-k15.labels-eom.npy'));
    expect(labels.dtype).toBe('i4');
    expect(labels.shape).toEqual([5000]);
    expect(Math.min(...(labels.data as Int32Array))).toBe(-1);
  });

  it('round-trips every supported dtype, with a 64-byte-aligned header', () => {
    const arrays = [
      new Float32Array([1.5, -2, 3, 4, 5, 6]),
      new Float64Array([1e-300, 2, 3, 4, 5, 6]),
      new Int8Array([-128, 127, 0, 1, 2, 3]),
      new Uint8Array([0, 255, 1, 2, 3, 4]),
      new Int32Array([-1, 2, 3, 4, 5, 6]),
    ];
    for (const a of arrays) {
      const buf = formatNpy(a, [2, 3]);
      const headerLen = buf.readUInt16LE(8);
      expect((10 + headerLen) % 64).toBe(0);
      const back = parseNpy(buf);
      expect(back.shape).toEqual([2, 3]);
      expect([...back.data]).toEqual([...a]);
    }
    const p = join(dir, 'one-d.npy');
    writeNpy(p, new Int32Array([7, 8, 9]), [3]);
    expect(readNpy(p).shape).toEqual([3]);
  });

  it('converts other numeric matrices to float32 and refuses what it cannot read', () => {
    const p = join(dir, 'f8.npy');
    writeNpy(p, new Float64Array([1, 2, 3, 4]), [2, 2]);
    expect(readMatrixF32(p)).toMatchObject({ rows: 2, cols: 2, data: new Float32Array([1, 2, 3, 4]) });
    const bad = join(dir, 'bad.npy');
    writeFileSync(bad, 'not numpy at all');
    expect(() => readNpy(bad)).toThrow(/not a NumPy \.npy file/);
    const truncated = join(dir, 'trunc.npy');
    writeFileSync(truncated, formatNpy(new Float32Array(100), [10, 10]).subarray(0, 200));
    expect(() => readNpy(truncated)).toThrow(/truncated/);
    expect(() => readMatrixF32(join(dir, 'one-d.npy'))).toThrow(/expected a 2-d array/);
    expect(() => readNpy(join(dir, 'missing.npy'))).toThrow(/cannot read/);
  });
});
