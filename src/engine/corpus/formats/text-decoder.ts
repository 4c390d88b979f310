import { isUtf8 } from 'node:buffer';
import type { FileContext } from './fatal';
import { fatal, formatMiB } from './fatal';

export type TextEncoding = 'utf-8' | 'latin1' | 'windows-1252';

/** Decodes a byte range that starts on `line`; throws a fatal error naming the line on invalid input. */
export type Decode = (bytes: Buffer, line: number) => string;

// Windows-1252 differs from ISO-8859-1 only in 0x80-0x9F; the five undefined bytes map to
// themselves, as the WHATWG Encoding Standard does. Node's own TextDecoder('windows-1252')
// decodes this range as Latin-1 in some builds, so the table is spelled out here.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];
const C1_RANGE = /[\x80-\x9f]/g;
const cp1252Char = (c: string): string =>
  String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c.charCodeAt(0));

export const LEGACY_ENCODING_HINT =
  'if the file is in a legacy encoding, import it again with --encoding windows-1252 (or --encoding latin1)';

export function makeDecoder(encoding: TextEncoding, ctx: FileContext): Decode {
  switch (encoding) {
    case 'latin1':
      return (bytes) => bytes.toString('latin1');
    case 'windows-1252':
      return (bytes) => {
        const s = bytes.toString('latin1');
        C1_RANGE.lastIndex = 0;
        return C1_RANGE.test(s) ? s.replace(C1_RANGE, cp1252Char) : s;
      };
    case 'utf-8':
      // Validating the whole range at once (simdutf) and then decoding it is several times faster
      // than a fatal TextDecoder per line; the slow search for the culprit runs only on failure.
      return (bytes, line) => {
        if (isUtf8(bytes)) return bytes.toString('utf8');
        const bad = firstInvalidUtf8(bytes);
        let badLine = line;
        let lineStart = 0;
        for (let nl = bytes.indexOf(0x0a); nl !== -1 && nl < bad; nl = bytes.indexOf(0x0a, nl + 1)) {
          badLine++;
          lineStart = nl + 1;
        }
        const byte = (bytes[bad] ?? 0).toString(16).toUpperCase().padStart(2, '0');
        throw fatal(
          ctx,
          { line: badLine },
          `invalid UTF-8 (byte 0x${byte} at byte ${bad - lineStart + 1} of the line); ${LEGACY_ENCODING_HINT}`,
        );
      };
  }
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, surrogates or values past U+10FFFF). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return n;
}

/** Decoded text that holds whole lines, and the 1-based line its first character is on. */
export type TextRegion = { text: string; line: number };

/**
 * Turns byte chunks into decoded text cut at line ends (0x0A never occurs inside a UTF-8, Latin-1
 * or Windows-1252 multi-byte character, so every cut is safe), and enforces the record size limit
 * on physical lines, so that a file without line breaks cannot grow the carried tail without bound.
 */
export class LineAlignedText {
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private line = 1;

  constructor(
    private readonly decode: Decode,
    private readonly ctx: FileContext,
    private readonly maxLineBytes: number,
  ) {}

  /** The line being read: the one the carried, incomplete tail starts on. */
  get currentLine(): number {
    return this.line;
  }

  push(chunk: Buffer): TextRegion | null {
    const firstNl = chunk.indexOf(0x0a);
    if (firstNl === -1) {
      this.carry.push(chunk);
      this.carryBytes += chunk.length;
      this.checkLine(this.carryBytes, this.line);
      return null;
    }
    const lastNl = chunk.lastIndexOf(0x0a);
    const head = chunk.subarray(0, lastNl + 1);
    let region = head;
    if (this.carry.length > 0) {
      this.carry.push(head);
      region = Buffer.concat(this.carry, this.carryBytes + head.length);
    }
    const startLine = this.line;
    let prev = -1 - this.carryBytes;
    let line = startLine;
    for (let nl = firstNl; nl !== -1 && nl <= lastNl; nl = chunk.indexOf(0x0a, nl + 1)) {
      this.checkLine(nl - prev - 1, line);
      prev = nl;
      line++;
    }
    this.line = line;
    const tail = chunk.subarray(lastNl + 1);
    this.carry = tail.length > 0 ? [tail] : [];
    this.carryBytes = tail.length;
    return { text: this.decode(region, startLine), line: startLine };
  }

  /** The last line when the data does not end with a line break. */
  end(): TextRegion | null {
    if (this.carryBytes === 0) return null;
    const region = Buffer.concat(this.carry, this.carryBytes);
    this.carry = [];
    this.carryBytes = 0;
    return { text: this.decode(region, this.line), line: this.line };
  }

  private checkLine(bytes: number, line: number): void {
    if (bytes > this.maxLineBytes) {
      throw fatal(
        this.ctx,
        { line },
        `this line is longer than ${formatMiB(this.maxLineBytes)} (the record size limit); the file may be corrupt or not line-based text`,
      );
    }
  }
}
