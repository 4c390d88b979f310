import { app } from 'electron';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { channels, requests } from '../shared/contract';
import type { Channel, Result } from '../shared/contract';
import { AppError, toErrorData } from '../shared/errors';
import { isAppUrl } from './window-options';

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
 * answer) and wraps the result, or the failure, in a Result: a thrown error would reach the renderer
 * as a bare message, without its code.
 */
export function handle<T>(
  ipcMain: Pick<IpcMain, 'handle'>,
  channel: string,
  entryUrl: string,
  run: (input: unknown) => T | Promise<T>,
): void {
  ipcMain.handle(channel, async (event, input: unknown): Promise<Result<T>> => {
    if (!isTrustedSender(event, entryUrl)) throw new Error(`${channel}: refused, the sender is not the app`);
    try {
      return { ok: true, value: await run(input) };
    } catch (error) {
      return { ok: false, error: toErrorData(error) };
    }
  });
}

/** Where engine requests go: the project session, which hands them to the open project's engine. */
export type EngineRoute = () => { request(channel: string, input: unknown): Promise<Result<unknown>> } | null;

/**
 * Registers every channel of the contract. `app:info` is the shell's own; the rest are validated
 * here against the contract (a malformed payload never reaches the engine) and forwarded.
 */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle'>,
  entryUrl: string,
  engine: EngineRoute = () => null,
  local: Partial<Record<Channel, (input: unknown) => unknown>> = {},
  /** Sees every engine answer on its way to the page (the menu follows the edit history this way). */
  observe: (channel: Channel, value: unknown) => void = () => {},
): void {
  for (const channel of channels) {
    if (channel === 'app:info') {
      handle(ipcMain, channel, entryUrl, appInfo);
      continue;
    }
    handle(ipcMain, channel, entryUrl, async (input) => {
      const parsed = requests[channel as Channel].input.safeParse(input ?? {});
      if (!parsed.success)
        throw new AppError(
          'INVALID_INPUT',
          `${channel}: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
        );
      // Channels the shell answers itself (settings it keeps outside any project).
      const own = local[channel as Channel];
      if (own) return own(parsed.data);
      const target = engine();
      if (!target) throw new AppError('NOT_FOUND', 'no project is open');
      const result = await target.request(channel, parsed.data);
      if (!result.ok) throw new AppError(result.error.code, result.error.message);
      observe(channel as Channel, result.value);
      return result.value;
    });
  }
}
