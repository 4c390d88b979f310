import { randomBytes } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CORPUS_UPLOAD_MAX_BYTES, uploadTooLarge } from '../shared/contract';
import type { CorpusUpload } from '../shared/contract';
import { AppError } from '../shared/errors';

/** A refused upload: the error the page shows, and the HTTP status the web host answers with. */
export class UploadError extends AppError {
  constructor(
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(status >= 500 ? 'INTERNAL' : 'INVALID_INPUT', message, options);
  }
}

/**
 * The uploaded file's name as it is kept: its last path part, with characters that file systems
 * refuse replaced, and short enough for any of them. The ending stays, since the importer reads the
 * format (and .gz) from it.
 */
export function uploadFileName(raw: string): string {
  const last = raw.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  let name = last.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').replace(/^[.\s]+|\s+$/g, '');
  if (name.length > 150) name = name.slice(-150);
  return name || 'corpus';
}

/**
 * Corpus files a browser uploads to the web host, kept in a private temporary folder of this process
 * (made on the first upload, 0700; each file in a folder of its own so its name stays as uploaded) and
 * removed by `close`, or at exit. They are not put beside the project: the page may switch projects,
 * and a copy left in the person's folders would be litter they never asked for.
 */
export class CorpusUploads {
  private dir: Promise<string> | null = null;
  private made: string | null = null;

  constructor(
    readonly maxBytes = CORPUS_UPLOAD_MAX_BYTES,
    private readonly parent = tmpdir(),
  ) {}

  /** The folder uploads go to, once one was made. */
  get folder(): string | null {
    return this.made;
  }

  /**
   * Refuses an upload from what its request says before anything is read: a declared length over the
   * limit, or more than the temporary folder has room for.
   */
  async check(name: string, declared: number | null): Promise<void> {
    if (declared !== null && declared > this.maxBytes)
      throw new UploadError(413, uploadTooLarge(name, declared, this.maxBytes));
    if (declared === null) return;
    const fs = await statfs(this.parent).catch(() => null);
    const free = fs ? fs.bavail * fs.bsize : Infinity;
    if (declared > free)
      throw new UploadError(
        507,
        `${name} does not fit in the server's temporary folder (${this.parent}): free some space, or type the path of the file instead`,
      );
  }

  /**
   * Streams `body` to disk, counting as it goes: more than the limit stops it and removes what was
   * written. Answers the path to import from.
   */
  async save(rawName: string, body: Readable, declared: number | null = null): Promise<CorpusUpload> {
    const name = uploadFileName(rawName);
    await this.check(name, declared);
    const root = await this.root();
    const folder = join(root, randomBytes(8).toString('hex'));
    await mkdir(folder, { mode: 0o700 });
    const path = join(folder, name);
    let bytes = 0;
    const limit = this.maxBytes;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (bytes > limit) done(new UploadError(413, uploadTooLarge(name, declared, limit)));
        else done(null, chunk);
      },
    });
    // Piped by hand rather than through pipeline(), which would destroy `body` (the request, and with
    // it the connection) on a refusal before the answer could be sent.
    body.on('error', (e) => counter.destroy(e));
    body.on('close', () => {
      if (!body.readableEnded)
        counter.destroy(new Error('the connection closed before the whole file arrived'));
    });
    body.pipe(counter);
    try {
      await pipeline(counter, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    } catch (e) {
      body.unpipe(counter);
      // The rest is read and dropped: closing with unread bytes would reset the connection, and the
      // client could lose the answer that says why.
      body.resume();
      await rm(folder, { recursive: true, force: true });
      if (e instanceof UploadError) throw e;
      const code = (e as { code?: string }).code;
      if (code === 'ENOSPC')
        throw new UploadError(507, `the server's temporary folder is full: ${name} could not be stored`, {
          cause: e,
        });
      throw new UploadError(400, `the upload of ${name} did not finish: ${(e as Error).message}`, {
        cause: e,
      });
    }
    return { path, name, bytes };
  }

  /** Removes every upload (the folder too). */
  async close(): Promise<void> {
    const dir = await this.dir?.catch(() => null);
    this.dir = null;
    this.made = null;
    if (dir) await rm(dir, { recursive: true, force: true });
  }

  /** `close` for a process on its way out, where nothing asynchronous runs any more. */
  closeSync(): void {
    if (this.made) rmSync(this.made, { recursive: true, force: true });
    this.made = null;
  }

  private root(): Promise<string> {
    if (!this.dir) {
      const made = mkdtemp(join(this.parent, 'taxonomist-uploads-'));
      this.dir = made;
      // A folder that could not be made is tried again on the next upload.
      made.then(
        (d) => (this.made = d),
        () => (this.dir = null),
      );
    }
    return this.dir;
  }
}
