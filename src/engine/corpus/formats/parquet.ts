import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import * as zlib from 'node:zlib';
import { parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, Compressors, FileMetaData } from 'hyparquet';
import type { FileContext } from './fatal';
import { fatal, throwIfAborted, toFatal } from './fatal';
import type { RecordItem } from './records';

/** Parquet data, opened: the column names are known from the footer before any row is read. */
export type ParquetSource = {
  columns: string[];
  numRows: number;
  rowsRead(): number;
  rows(): AsyncGenerator<RecordItem>;
  close(): Promise<void>;
};

// hyparquet decodes only snappy and uncompressed pages itself; Node's zlib covers the other codecs
// that writers commonly pick (zstd only on Node versions that ship it).
const zstd = (zlib as { zstdDecompressSync?: (b: Uint8Array) => Buffer }).zstdDecompressSync;
const compressors: Compressors = {
  GZIP: (input) => zlib.gunzipSync(input),
  BROTLI: (input) => zlib.brotliDecompressSync(input),
  ...(zstd ? { ZSTD: (input: Uint8Array) => zstd(input) } : {}),
};

/** Reads byte ranges on demand, so only the footer and the current row group are ever in memory. */
function fileAsyncBuffer(fh: FileHandle, size: number): AsyncBuffer {
  return {
    byteLength: size,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const stop = Math.min(end ?? size, size);
      const out = new Uint8Array(Math.max(0, stop - start));
      let filled = 0;
      while (filled < out.length) {
        const { bytesRead } = await fh.read(out, filled, out.length - filled, start + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return out.buffer;
    },
  };
}

/** Makes values safe for JSON and SQLite: int64 as a number when exact (else its decimal string), dates as ISO text. */
export function normalizeParquetValue(v: unknown): unknown {
  if (typeof v === 'bigint') {
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(v)
      : v.toString();
  }
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (Array.isArray(v)) return v.map(normalizeParquetValue);
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = normalizeParquetValue(x);
    return out;
  }
  return v;
}

export async function openParquet(path: string, ctx: FileContext): Promise<ParquetSource> {
  const fh = await open(path, 'r');
  let metadata: FileMetaData;
  let file: AsyncBuffer;
  try {
    const { size } = await fh.stat();
    file = fileAsyncBuffer(fh, size);
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    await fh.close();
    const detail = e instanceof Error ? e.message : String(e);
    throw fatal(ctx, null, `not a readable Parquet file (${detail})`);
  }
  const columns = parquetSchema(metadata).children.map((c) => c.element.name);
  const numRows = Number(metadata.num_rows);
  let rowsRead = 0;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await fh.close();
  };

  async function* rows(): AsyncGenerator<RecordItem> {
    let groupStart = 0;
    try {
      for (const group of metadata.row_groups) {
        const groupRows = Number(group.num_rows);
        throwIfAborted(ctx, { row: groupStart + 1 });
        let objects: Record<string, unknown>[];
        try {
          objects = await parquetReadObjects({
            file,
            metadata,
            rowStart: groupStart,
            rowEnd: groupStart + groupRows,
            compressors,
          });
        } catch (e) {
          const detail = e instanceof Error ? e.message : String(e);
          throw fatal(
            ctx,
            { row: groupStart + 1 },
            `could not read the row group starting at this row (${detail})`,
          );
        }
        for (let k = 0; k < objects.length; k++) {
          if ((k & 1023) === 0) throwIfAborted(ctx, { row: groupStart + k + 1 });
          const fields = normalizeParquetValue(objects[k]) as Record<string, unknown>;
          objects[k] = {}; // let the row go as soon as it is handed on
          rowsRead = groupStart + k + 1;
          yield { kind: 'record', line: groupStart + k + 1, fields };
        }
        groupStart += groupRows;
      }
    } catch (e) {
      throw toFatal(e, ctx, { row: rowsRead + 1 });
    } finally {
      await close();
    }
  }

  return { columns, numRows, rowsRead: () => rowsRead, rows, close };
}
