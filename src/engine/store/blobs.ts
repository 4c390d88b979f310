/** A typed array's bytes as a BLOB (no copy). */
export const blob = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Copies a BLOB into a fresh, aligned typed array. */
export function typed<T extends Int32Array | Float32Array | Float64Array>(
  buf: Buffer,
  Ctor: { new (n: number): T; BYTES_PER_ELEMENT: number },
): T {
  const out = new Ctor(buf.byteLength / Ctor.BYTES_PER_ELEMENT);
  new Uint8Array(out.buffer).set(buf);
  return out;
}
