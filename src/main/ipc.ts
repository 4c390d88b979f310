import { app } from 'electron';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { toErrorData } from '../shared/errors';
import type { AppErrorData } from '../shared/errors';
import { isAppUrl } from './window-options';

/** What every handler answers: a thrown error would reach the renderer as a bare message, without its code. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

export type AppInfo = { name: string; version: string; platform: string };

export function appInfo(): AppInfo {
  return { name: app.getName(), version: app.getVersion(), platform: process.platform };
}

/**
 * Whether an IPC message comes from the app's own page in a top-level frame, not from an iframe or from
 * a page the window was somehow made to load.
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, entryUrl: string): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url, entryUrl);
}

/**
 * Registers `channel`: refuses foreign senders outright (they are not our client, so they get no typed
 * answer) and wraps the result, or the failure, in a Reply.
 */
export function handle<T>(
  ipcMain: Pick<IpcMain, 'handle'>,
  channel: string,
  entryUrl: string,
  run: () => T | Promise<T>,
): void {
  ipcMain.handle(channel, async (event): Promise<Reply<T>> => {
    if (!isTrustedSender(event, entryUrl)) throw new Error(`${channel}: refused, the sender is not the app`);
    try {
      return { ok: true, value: await run() };
    } catch (error) {
      return { ok: false, error: toErrorData(error) };
    }
  });
}

/** The desktop shell's own channels; the engine's contract will be routed beside them. */
export function registerIpcHandlers(ipcMain: Pick<IpcMain, 'handle'>, entryUrl: string): void {
  handle(ipcMain, 'app:info', entryUrl, appInfo);
}
