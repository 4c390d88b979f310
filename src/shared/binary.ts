// Typed arrays <-> base64 of their little-endian bytes, for data that crosses JSON (the web host)
// unchanged. Written out here because the shared layer has neither Node's Buffer nor the DOM's atob.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Uint8Array(128);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

export function toBase64(a: ArrayBufferView): string {
  const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const parts: string[] = [];
  let chunk = '';
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const n = (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!;
    chunk += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
    if (chunk.length >= 1 << 16) {
      parts.push(chunk);
      chunk = '';
    }
  }
  const rest = b.length - i;
  if (rest === 1) {
    const n = b[i]! << 16;
    chunk += `${ALPHABET[n >> 18]!}${ALPHABET[(n >> 12) & 63]!}==`;
  } else if (rest === 2) {
    const n = (b[i]! << 16) | (b[i + 1]! << 8);
    chunk += `${ALPHABET[n >> 18]!}${ALPHABET[(n >> 12) & 63]!}${ALPHABET[(n >> 6) & 63]!}=`;
  }
  parts.push(chunk);
  return parts.join('');
}

export function fromBase64(s: string): Uint8Array {
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const n =
      (LOOKUP[s.charCodeAt(i)]! << 18) |
      (LOOKUP[s.charCodeAt(i + 1)]! << 12) |
      (LOOKUP[s.charCodeAt(i + 2)]! << 6) |
      LOOKUP[s.charCodeAt(i + 3)]!;
    if (o < out.length) out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

export const int32FromBase64 = (b64: string): Int32Array => new Int32Array(fromBase64(b64).buffer);
export const float32FromBase64 = (b64: string): Float32Array => new Float32Array(fromBase64(b64).buffer);
