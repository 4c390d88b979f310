import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Read and gunzip in 64 KiB pieces: large enough to keep per-chunk overhead negligible, small enough to stay cache-friendly. */
export const CHUNK_SIZE = 64 * 1024;

/**
 * The file's bytes, decompressed when needed, as a pull-based sequence of chunks.
 * A read or gunzip failure is held back until the chunks before it have been handed out, so a
 * truncated .gz yields every complete record before the error surfaces at the line it reached.
 */
export class ChunkReader {
  private readonly pending: Buffer[] = [];
  private pendingBytes = 0;
  private error: unknown = null;
  private done = false;

  constructor(
    private readonly source: AsyncIterator<Buffer>,
    private readonly onClose: () => void,
    readonly bytesRead: () => number,
  ) {}

  /** The next chunk, or null at the end of the data; throws a held-back read error. */
  async next(): Promise<Buffer | null> {
    const first = this.pending.shift();
    if (first) {
      this.pendingBytes -= first.length;
      return first;
    }
    if (this.error !== null) throw this.error;
    if (this.done) return null;
    const r = await this.source.next();
    if (r.done) {
      this.done = true;
      return null;
    }
    return r.value;
  }

  /**
   * Reads ahead until `bytes` are buffered (or the data ends, or a read fails) and returns them
   * joined, without consuming them: sniffing and the header row must not lose bytes.
   */
  async peek(bytes: number): Promise<Buffer> {
    while (this.pendingBytes < bytes && !this.done && this.error === null) {
      try {
        const r = await this.source.next();
        if (r.done) this.done = true;
        else {
          this.pending.push(r.value);
          this.pendingBytes += r.value.length;
        }
      } catch (e) {
        this.error = e;
      }
    }
    const head = Buffer.concat(this.pending, this.pendingBytes);
    this.pending.length = 0;
    if (head.length > 0) this.pending.push(head);
    return head;
  }

  /** Drops `bytes` from the front of what peek() buffered (a byte-order mark). */
  skip(bytes: number): void {
    const head = this.pending[0];
    if (!head || bytes === 0) return;
    const rest = head.subarray(bytes);
    this.pendingBytes -= Math.min(bytes, head.length);
    if (rest.length > 0) this.pending[0] = rest;
    else this.pending.shift();
  }

  /** True once peek() has seen the end of the data, i.e. the peeked bytes are the whole content. */
  get reachedEnd(): boolean {
    return this.done && this.error === null;
  }

  close(): void {
    this.onClose();
  }
}

/** Opens `path` as a chunk sequence; `gzip` inserts a streaming gunzip. */
export function openByteSource(path: string, gzip: boolean): ChunkReader {
  const raw = createReadStream(path, { highWaterMark: CHUNK_SIZE });
  if (!gzip) {
    return new ChunkReader(
      raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>,
      () => raw.destroy(),
      () => raw.bytesRead,
    );
  }
  const gunzip = createGunzip({ chunkSize: CHUNK_SIZE });
  // pipeline forwards a read error from the file into the gunzip stream, so iterating gunzip sees both.
  pipeline(raw, gunzip, () => {});
  return new ChunkReader(
    gunzip[Symbol.asyncIterator]() as AsyncIterator<Buffer>,
    () => {
      gunzip.destroy();
      raw.destroy();
    },
    () => raw.bytesRead,
  );
}
