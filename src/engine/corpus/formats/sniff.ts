import type { FileContext } from './fatal';
import { fatal } from './fatal';

export type CorpusFormat = 'jsonl' | 'json' | 'csv' | 'tsv' | 'parquet';

/** How much decompressed data sniffing and the binary check look at. */
export const SNIFF_BYTES = 8 * 1024;

const EXTENSIONS: Record<string, CorpusFormat> = {
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  json: 'json',
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  parquet: 'parquet',
  pq: 'parquet',
};

/** The format the file name promises, looking through a trailing .gz; null when it promises none. */
export function formatFromExtension(path: string): CorpusFormat | null {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  const dot = name.lastIndexOf('.');
  if (dot === -1) return null;
  return EXTENSIONS[name.slice(dot + 1)] ?? null;
}

export const isParquetMagic = (b: Uint8Array): boolean =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x41 && b[2] === 0x52 && b[3] === 0x31;

export const isGzipMagic = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

const isAsciiSpace = (c: number): boolean =>
  c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c;

/** Guesses the format of text from its first bytes (after any byte-order mark). */
export function sniffTextFormat(head: Uint8Array): CorpusFormat {
  let i = 0;
  while (i < head.length && isAsciiSpace(head[i] as number)) i++;
  if (head[i] === 0x5b) return 'json';
  if (head[i] === 0x7b) return 'jsonl';
  let nl = head.indexOf(0x0a, i);
  if (nl === -1) nl = head.length;
  return head.subarray(i, nl).includes(0x09) ? 'tsv' : 'csv';
}

const lineAt = (head: Uint8Array, offset: number): number => {
  let line = 1;
  for (let i = 0; i < offset; i++) if (head[i] === 0x0a) line++;
  return line;
};

/**
 * Refuses what cannot be read as text before any record is produced: UTF-16/32, binary data and
 * content that is only whitespace. Returns the length of a UTF-8 byte-order mark to skip.
 */
export function checkTextHead(head: Uint8Array, wholeFile: boolean, ctx: FileContext): number {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw fatal(
      ctx,
      { line: 1 },
      'the file is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8 and import it again',
    );
  }
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const nul = head.indexOf(0, bom);
  if (nul !== -1) {
    throw fatal(
      ctx,
      { line: lineAt(head, nul) },
      'this looks like a binary file, not text (it has NUL bytes); expected JSONL, JSON, CSV, TSV or Parquet, optionally gzip-compressed (if it is UTF-16 text, save it as UTF-8)',
    );
  }
  let control = 0;
  let content = false;
  for (let i = bom; i < head.length; i++) {
    const c = head[i] as number;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) control++;
    if (!content && !isAsciiSpace(c)) content = true;
  }
  const checked = head.length - bom;
  if (checked > 0 && control / checked > 0.1) {
    throw fatal(
      ctx,
      { line: 1 },
      `this looks like a binary file, not text (${Math.round((100 * control) / checked)}% of its first bytes are control characters); expected JSONL, JSON, CSV, TSV or Parquet, optionally gzip-compressed`,
    );
  }
  if (!content && wholeFile) throw fatal(ctx, { line: 1 }, 'the file is empty (it holds only whitespace)');
  return bom;
}
