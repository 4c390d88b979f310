import { rmSync } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { AppError } from '../../shared/errors';
import type { ChunkReader } from './formats/byte-source';
import { openByteSource } from './formats/byte-source';
import { DelimitedParser } from './formats/delimited';
import type { FileContext } from './formats/fatal';
import { fatal, throwIfAborted, toFatal } from './formats/fatal';
import { JsonArrayParser } from './formats/json-array';
import { JsonlParser } from './formats/jsonl';
import type { ParquetSource } from './formats/parquet';
import { openParquet } from './formats/parquet';
import type { RecordItem } from './formats/records';
import type { CorpusFormat } from './formats/sniff';
import {
  SNIFF_BYTES,
  checkTextHead,
  formatFromExtension,
  isGzipMagic,
  isParquetMagic,
  sniffTextFormat,
} from './formats/sniff';
import type { TextEncoding } from './formats/text-decoder';
import { LineAlignedText, makeDecoder } from './formats/text-decoder';

export type { CorpusFormat, RecordItem, TextEncoding };

export type ReadOptions = {
  /** Overrides detection from the extension and the first bytes. */
  format?: CorpusFormat;
  /** Default 'utf-8', strict: invalid bytes are a fatal error rather than silent U+FFFD. */
  encoding?: TextEncoding;
  signal?: AbortSignal;
  /** A single record larger than this is fatal (default 64 MiB): it guards memory against a runaway quote or bracket. */
  maxRecordBytes?: number;
};

export type RecordReader = {
  path: string;
  format: CorpusFormat;
  /** gzip, detected by its magic bytes. */
  compressed: boolean;
  /** Size on disk. */
  totalBytes: number;
  /** Bytes of the on-disk file consumed so far, for a progress bar (rows read, pro rata, for Parquet). */
  bytesRead(): number;
  /** Header or schema columns when the format has them up front (csv, tsv, parquet), else null. */
  columns: string[] | null;
  /**
   * Single use; iterate it to the end or break out of it, which releases the file (and a Parquet temp
   * copy). Ends with a thrown AppError (IMPORT_FAILED or CANCELLED) on a fatal problem.
   */
  records: AsyncIterable<RecordItem>;
};

export const DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024;

/**
 * Opens a corpus file (JSONL, JSON array, CSV, TSV or Parquet, any of them gzip-compressed) as a
 * stream of records in bounded memory. Fatal problems throw AppError with a message naming the
 * file and the line (or row); record-level problems arrive as `reject` items.
 */
export async function openRecords(path: string, options: ReadOptions = {}): Promise<RecordReader> {
  const ctx: FileContext = { name: basename(path), signal: options.signal };
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  throwIfAborted(ctx, null);

  let st: Stats;
  try {
    st = await stat(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new AppError('NOT_FOUND', `${ctx.name}: file not found (${path})`);
    throw toFatal(e, ctx, null);
  }
  if (st.isDirectory()) throw fatal(ctx, null, 'this is a folder, not a corpus file');
  if (st.size === 0) throw fatal(ctx, { line: 1 }, 'the file is empty (0 bytes)');
  const totalBytes = st.size;

  const magic = await readMagic(path, ctx);
  const compressed = isGzipMagic(magic);
  const named = options.format ?? formatFromExtension(path);

  if (!compressed && (named === 'parquet' || (!options.format && isParquetMagic(magic)))) {
    const source = await openParquet(path, ctx);
    return parquetReader(path, totalBytes, false, source, null);
  }

  const reader = openByteSource(path, compressed);
  let lineReached = (): number => 1;
  try {
    const head = await reader.peek(SNIFF_BYTES);
    // An empty head with no clean end means the very first read failed (a corrupt gzip header):
    // next() rethrows that error for toFatal to word.
    if (head.length === 0 && (await reader.next()) === null) {
      throw fatal(ctx, { line: 1 }, 'the file is empty (the gzip data decompresses to nothing)');
    }
    if (named === 'parquet' || (!options.format && isParquetMagic(head))) {
      const tempDir = await gunzipToTemp(reader, ctx);
      try {
        const source = await openParquet(join(tempDir, 'data.parquet'), ctx);
        return parquetReader(path, totalBytes, true, source, tempDir);
      } catch (e) {
        await removeTemp(tempDir);
        throw e;
      }
    }

    const bom = checkTextHead(head, reader.reachedEnd, ctx);
    reader.skip(bom);
    const format = named ?? sniffTextFormat(head.subarray(bom));
    const decode = makeDecoder(options.encoding ?? 'utf-8', ctx);
    const base = { path, format, compressed, totalBytes, bytesRead: reader.bytesRead };

    if (format === 'json') {
      const parser = new JsonArrayParser(decode, ctx, maxRecordBytes);
      const step = (chunk: Buffer | null, out: RecordItem[]): void => {
        if (chunk) parser.push(chunk, out);
        else parser.end();
      };
      return { ...base, columns: null, records: pump(reader, step, [], () => parser.currentLine, ctx) };
    }

    const text = new LineAlignedText(decode, ctx, maxRecordBytes);
    if (format === 'jsonl') {
      const parser = new JsonlParser();
      const step = (chunk: Buffer | null, out: RecordItem[]): void => {
        const region = chunk ? text.push(chunk) : text.end();
        if (region) parser.push(region, out);
        if (!chunk && !parser.sawContent)
          throw fatal(ctx, { line: 1 }, 'the file is empty (it holds only whitespace)');
      };
      return { ...base, columns: null, records: pump(reader, step, [], () => text.currentLine, ctx) };
    }

    const parser = new DelimitedParser(format === 'tsv' ? '\t' : ',', ctx, maxRecordBytes);
    lineReached = () => parser.currentLine;
    const step = (chunk: Buffer | null, out: RecordItem[]): void => {
      const region = chunk ? text.push(chunk) : text.end();
      if (region) parser.push(region, out);
      if (!chunk) {
        parser.end(out);
        if (parser.header === null) throw fatal(ctx, { line: 1 }, 'the file is empty (no header row)');
      }
    };
    // The header is read now so that `columns` is known before the first record is asked for;
    // whatever records came along with it wait in `early`.
    const early: RecordItem[] = [];
    let ended = false;
    while (parser.header === null && !ended) {
      throwIfAborted(ctx, { line: parser.currentLine });
      const chunk = await reader.next();
      step(chunk, early);
      ended = chunk === null;
    }
    const records = ended ? replay(early, reader) : pump(reader, step, early, () => parser.currentLine, ctx);
    return { ...base, columns: parser.header, records };
  } catch (e) {
    reader.close();
    throw toFatal(e, ctx, { line: lineReached() });
  }
}

/** Drives a push parser over the chunks, yielding records as they are parsed. */
async function* pump(
  reader: ChunkReader,
  step: (chunk: Buffer | null, out: RecordItem[]) => void,
  early: RecordItem[],
  currentLine: () => number,
  ctx: FileContext,
): AsyncGenerator<RecordItem> {
  try {
    yield* early;
    early.length = 0;
    for (;;) {
      throwIfAborted(ctx, { line: currentLine() });
      const chunk = await reader.next();
      const out: RecordItem[] = [];
      step(chunk, out);
      yield* out;
      if (chunk === null) return;
    }
  } catch (e) {
    throw toFatal(e, ctx, { line: currentLine() });
  } finally {
    reader.close();
  }
}

async function* replay(items: RecordItem[], reader: ChunkReader): AsyncGenerator<RecordItem> {
  reader.close();
  yield* items;
}

function parquetReader(
  path: string,
  totalBytes: number,
  compressed: boolean,
  source: ParquetSource,
  tempDir: string | null,
): RecordReader {
  async function* records(): AsyncGenerator<RecordItem> {
    try {
      yield* source.rows();
    } finally {
      await source.close();
      if (tempDir) await removeTemp(tempDir);
    }
  }
  return {
    path,
    format: 'parquet',
    compressed,
    totalBytes,
    bytesRead: () =>
      source.numRows === 0 ? totalBytes : Math.round((totalBytes * source.rowsRead()) / source.numRows),
    columns: source.columns,
    records: records(),
  };
}

async function readMagic(path: string, ctx: FileContext): Promise<Buffer> {
  try {
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(4);
      const { bytesRead } = await fh.read(buf, 0, 4, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw toFatal(e, ctx, null);
  }
}

// Temp copies of gunzipped Parquet files still present at exit (an iteration never finished) are removed then.
const liveTempDirs = new Set<string>();
let exitHookInstalled = false;

async function removeTemp(dir: string): Promise<void> {
  liveTempDirs.delete(dir);
  await rm(dir, { recursive: true, force: true });
}

/** Parquet needs random access to its footer, so a .parquet.gz is first gunzipped to a temp file. */
async function gunzipToTemp(reader: ChunkReader, ctx: FileContext): Promise<string> {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const dir of liveTempDirs) rmSync(dir, { recursive: true, force: true });
    });
  }
  const dir = await mkdtemp(join(tmpdir(), 'taxonomist-parquet-'));
  liveTempDirs.add(dir);
  try {
    const fh = await open(join(dir, 'data.parquet'), 'w');
    try {
      for (let chunk = await reader.next(); chunk; chunk = await reader.next()) {
        throwIfAborted(ctx, null);
        await fh.write(chunk);
      }
    } finally {
      await fh.close();
      reader.close();
    }
  } catch (e) {
    await removeTemp(dir);
    throw toFatal(e, ctx, null);
  }
  return dir;
}
