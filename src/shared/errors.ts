import { z } from 'zod';

/** Error codes that cross every boundary (IPC, HTTP, CLI exit paths). */
export const errorCodeSchema = z.enum([
  'USAGE',
  'NOT_FOUND',
  'NOT_A_PROJECT',
  'PROJECT_TOO_NEW',
  'PROJECT_LOCKED',
  'INVALID_INPUT',
  'IMPORT_FAILED',
  'CANCELLED',
  'INTERNAL',
  /** A request that needs an open project, with none open (the Home screen is showing). */
  'NO_PROJECT',
  /** Switching projects while a job of the open one is queued or running. */
  'PROJECT_BUSY',
  /** Creating a project where a file already is. */
  'ALREADY_EXISTS',
  /** A request this host cannot answer (a native file dialog on the web host). */
  'UNSUPPORTED',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const appErrorSchema = z.object({ code: errorCodeSchema, message: z.string() });
export type AppErrorData = z.infer<typeof appErrorSchema>;

/** An error with a stable code; its message is written for the person reading it. */
export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
  toJSON(): AppErrorData {
    return { code: this.code, message: this.message };
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** Any thrown value as `{ code, message }`; unknown failures become INTERNAL. */
export function toErrorData(e: unknown): AppErrorData {
  if (isAppError(e)) return e.toJSON();
  if (e instanceof Error && e.name === 'AbortError') return { code: 'CANCELLED', message: 'cancelled' };
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}
