import { AppError } from '../../../shared/errors';

/** What every reader needs to word an error: the file's display name and the abort signal. */
export type FileContext = {
  name: string;
  signal: AbortSignal | undefined;
};

/** Where a problem sits: a text line, or a Parquet row. */
export type Position = { line: number } | { row: number } | null;

const where = (ctx: FileContext, at: Position): string => {
  if (at === null) return `${ctx.name}:`;
  if ('line' in at) return `${ctx.name}:${at.line}:`;
  return `${ctx.name}: row ${at.row}:`;
};

export const fatal = (ctx: FileContext, at: Position, message: string): AppError =>
  new AppError('IMPORT_FAILED', `${where(ctx, at)} ${message}`);

export const cancelled = (ctx: FileContext, at: Position): AppError =>
  new AppError('CANCELLED', `${where(ctx, at)} import cancelled`);

export function throwIfAborted(ctx: FileContext, at: Position): void {
  if (ctx.signal?.aborted) throw cancelled(ctx, at);
}

export function isZlibError(e: unknown): boolean {
  const code = e instanceof Error ? (e as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('Z_');
}

export const formatMiB = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${+(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${bytes} bytes`;

/**
 * Turns whatever escaped a reader into an AppError that names the file and the position reached,
 * because the importer shows these messages to people as they are.
 */
export function toFatal(e: unknown, ctx: FileContext, at: Position): AppError {
  if (e instanceof AppError) return e;
  if (ctx.signal?.aborted || (e instanceof Error && e.name === 'AbortError')) return cancelled(ctx, at);
  if (isZlibError(e)) {
    return new AppError(
      'IMPORT_FAILED',
      `${where(ctx, at)} the gzip data is truncated or corrupt (${(e as Error).message}); the file was probably cut short while copying or downloading`,
      { cause: e },
    );
  }
  const detail = e instanceof Error ? e.message : String(e);
  return new AppError('IMPORT_FAILED', `${where(ctx, at)} could not read the file: ${detail}`, { cause: e });
}
