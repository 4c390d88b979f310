import type { FileContext } from './fatal';
import { fatal, formatMiB } from './fatal';
import type { Decode } from './text-decoder';
import type { RecordItem } from './records';
import { jsonItem } from './records';

type Phase = 'start' | 'element' | 'in-element' | 'after' | 'done';

const isWs = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const show = (c: number): string =>
  c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16)}`;

/**
 * A top-level JSON array, cut into elements by a byte-level bracket/string scanner so that only one
 * element is ever held in memory (a minified 1 GB array has no line breaks to split on). Each
 * element is then decoded and handed to JSON.parse on its own.
 */
export class JsonArrayParser {
  private phase: Phase = 'start';
  private line = 1;
  private depth = 0;
  private inString = false;
  private escape = false;
  private container = false;
  private afterComma = false;
  private elementLine = 0;
  private parts: Buffer[] = [];
  private partsBytes = 0;

  constructor(
    private readonly decode: Decode,
    private readonly ctx: FileContext,
    private readonly maxRecordBytes: number,
  ) {}

  get currentLine(): number {
    return this.line;
  }

  push(chunk: Buffer, out: RecordItem[]): void {
    const n = chunk.length;
    let i = 0;
    let elementStart = 0;
    while (i < n) {
      const c = chunk[i] as number;
      switch (this.phase) {
        case 'start':
          if (isWs(c)) {
            if (c === 0x0a) this.line++;
            i++;
          } else if (c === 0x5b) {
            this.phase = 'element';
            i++;
          } else {
            throw fatal(
              this.ctx,
              { line: this.line },
              c === 0x7b
                ? 'the file holds a JSON object, not an array of records; for one JSON object per line, name the file .jsonl (or pass --format jsonl), or wrap the records in [ ... ]'
                : `the file is not a JSON array of records (it starts with ${show(c)}); use a JSON array of objects, or JSONL with one object per line`,
            );
          }
          break;
        case 'element':
          if (isWs(c)) {
            if (c === 0x0a) this.line++;
            i++;
          } else if (c === 0x5d && !this.afterComma) {
            this.phase = 'done';
            i++;
          } else if (c === 0x5d || c === 0x2c) {
            throw fatal(
              this.ctx,
              { line: this.line },
              `broken JSON array: expected an element, found ${show(c)}`,
            );
          } else {
            this.phase = 'in-element';
            this.elementLine = this.line;
            this.depth = 0;
            this.inString = false;
            this.escape = false;
            this.container = c === 0x7b || c === 0x5b;
            elementStart = i;
          }
          break;
        case 'in-element': {
          const end = this.scanElement(chunk, i);
          if (end === -1) {
            i = n;
            break;
          }
          this.finishElement(chunk.subarray(elementStart, end), out);
          i = end;
          break;
        }
        case 'after':
          if (isWs(c)) {
            if (c === 0x0a) this.line++;
            i++;
          } else if (c === 0x2c) {
            this.phase = 'element';
            this.afterComma = true;
            i++;
          } else if (c === 0x5d) {
            this.phase = 'done';
            i++;
          } else {
            throw fatal(
              this.ctx,
              { line: this.line },
              `broken JSON array: expected ',' or ']' after the element that starts on line ${this.elementLine}, found ${show(c)}`,
            );
          }
          break;
        case 'done':
          if (!isWs(c)) {
            throw fatal(
              this.ctx,
              { line: this.line },
              `unexpected ${show(c)} after the closing ] of the JSON array`,
            );
          }
          if (c === 0x0a) this.line++;
          i++;
          break;
      }
    }
    if (this.phase === 'in-element') {
      const piece = chunk.subarray(elementStart);
      this.parts.push(piece);
      this.partsBytes += piece.length;
      if (this.partsBytes > this.maxRecordBytes) {
        throw fatal(
          this.ctx,
          { line: this.elementLine },
          `the array element starting on this line is larger than ${formatMiB(this.maxRecordBytes)} (the record size limit); the JSON may be broken (an unclosed string or bracket)`,
        );
      }
    }
  }

  end(): void {
    switch (this.phase) {
      case 'start':
        throw fatal(this.ctx, { line: this.line }, 'the file is empty (no JSON array found)');
      case 'in-element':
        throw fatal(
          this.ctx,
          { line: this.elementLine },
          'broken JSON array: the file ends inside the element that starts on this line (is the file truncated?)',
        );
      case 'element':
      case 'after':
        throw fatal(
          this.ctx,
          { line: this.line },
          'broken JSON array: the file ends before the closing ] (is the file truncated?)',
        );
      case 'done':
        return;
    }
  }

  /** Advances through the current element; returns the offset just past it, or -1 if it continues in the next chunk. */
  private scanElement(b: Buffer, from: number): number {
    const n = b.length;
    let { depth, inString, escape, line } = this;
    const container = this.container;
    let end = -1;
    for (let i = from; i < n; i++) {
      const c = b[i] as number;
      if (inString) {
        if (escape) escape = false;
        else if (c === 0x5c) escape = true;
        else if (c === 0x22) {
          inString = false;
          if (!container) {
            end = i + 1;
            break;
          }
        } else if (c === 0x0a) line++;
        continue;
      }
      if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (depth === 0) {
          end = i;
          break;
        }
        depth--;
        if (depth === 0 && container) {
          end = i + 1;
          break;
        }
      } else if (depth === 0 && (c === 0x2c || isWs(c))) {
        // A scalar element ends at the first separator; the separator itself belongs to the array.
        end = i;
        break;
      } else if (c === 0x0a) line++;
    }
    this.depth = depth;
    this.inString = inString;
    this.escape = escape;
    this.line = line;
    return end;
  }

  private finishElement(tail: Buffer, out: RecordItem[]): void {
    let bytes = tail;
    if (this.parts.length > 0) {
      this.parts.push(tail);
      bytes = Buffer.concat(this.parts, this.partsBytes + tail.length);
      this.parts = [];
      this.partsBytes = 0;
    }
    if (bytes.length > this.maxRecordBytes) {
      throw fatal(
        this.ctx,
        { line: this.elementLine },
        `the array element starting on this line is larger than ${formatMiB(this.maxRecordBytes)} (the record size limit)`,
      );
    }
    out.push(jsonItem(this.decode(bytes, this.elementLine), this.elementLine));
    this.phase = 'after';
    this.afterComma = false;
  }
}
