import { pathToFileURL } from 'node:url';
import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ app: { getName: () => 'taxonomist', getVersion: () => '0.1.0' } }));

const { appInfo, handle, isTrustedSender, registerIpcHandlers } = await import('../../src/main/ipc');
const { AppError } = await import('../../src/shared/errors');
const { channels } = await import('../../src/shared/contract');

const entryUrl = pathToFileURL('/app/out/renderer/index.html').href;

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    ipcMain: { handle: (channel: string, handler: Handler) => void handlers.set(channel, handler) },
    invoke(channel: string, frame: { url: string; parent: unknown } | null, input?: unknown) {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`no handler for ${channel}`);
      return handler({ senderFrame: frame } as unknown as IpcMainInvokeEvent, input);
    },
    channels: () => [...handlers.keys()],
  };
}

const appFrame = { url: entryUrl, parent: null };

describe('isTrustedSender', () => {
  it('trusts the app page in a top-level frame only', () => {
    const trusted = (senderFrame: unknown) =>
      isTrustedSender({ senderFrame } as Pick<IpcMainInvokeEvent, 'senderFrame'>, entryUrl);
    expect(trusted(appFrame)).toBe(true);
    expect(trusted({ url: `${entryUrl}#/topics`, parent: null })).toBe(true);
    expect(trusted({ url: entryUrl, parent: appFrame })).toBe(false);
    expect(trusted({ url: 'https://example.com/', parent: null })).toBe(false);
    expect(trusted({ url: 'file:///tmp/evil.html', parent: null })).toBe(false);
    expect(trusted(null)).toBe(false);
  });
});

describe('app:info', () => {
  it('is registered with every other channel of the contract', () => {
    const fake = fakeIpcMain();
    registerIpcHandlers(fake.ipcMain, entryUrl);
    expect(fake.channels()).toEqual(channels);
  });

  it('answers the app page with name, version and platform', async () => {
    const fake = fakeIpcMain();
    registerIpcHandlers(fake.ipcMain, entryUrl);
    await expect(fake.invoke('app:info', appFrame)).resolves.toEqual({
      ok: true,
      value: { name: 'taxonomist', version: '0.1.0', platform: process.platform },
    });
    expect(appInfo()).toEqual({ name: 'taxonomist', version: '0.1.0', platform: process.platform });
  });

  it('refuses any other sender', async () => {
    const fake = fakeIpcMain();
    registerIpcHandlers(fake.ipcMain, entryUrl);
    await expect(fake.invoke('app:info', { url: 'https://example.com/', parent: null })).rejects.toThrow(
      /refused/,
    );
    await expect(fake.invoke('app:info', null)).rejects.toThrow(/refused/);
  });
});

describe('handle', () => {
  it('turns a failure into an error reply that keeps its code', async () => {
    const fake = fakeIpcMain();
    handle(fake.ipcMain, 'test:fail', entryUrl, () => {
      throw new AppError('NOT_FOUND', 'no such run');
    });
    handle(fake.ipcMain, 'test:crash', entryUrl, async () => Promise.reject(new Error('boom')));
    await expect(fake.invoke('test:fail', appFrame)).resolves.toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'no such run' },
    });
    await expect(fake.invoke('test:crash', appFrame)).resolves.toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'boom' },
    });
  });
});

describe('engine channels', () => {
  it('validate the payload in the main process, then forward it to the engine', async () => {
    const fake = fakeIpcMain();
    const seen: [string, unknown][] = [];
    registerIpcHandlers(fake.ipcMain, entryUrl, () => ({
      request: async (channel, input) => {
        seen.push([channel, input]);
        return { ok: true, value: { jobId: 'j1' } };
      },
    }));
    await expect(
      fake.invoke('jobs:start', appFrame, { kind: 'import', params: { path: '/x.jsonl' } }),
    ).resolves.toEqual({
      ok: true,
      value: { jobId: 'j1' },
    });
    const bad = (await fake.invoke('jobs:start', appFrame, { kind: 'import', params: { path: 42 } })) as {
      ok: boolean;
      error: { code: string };
    };
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(seen).toEqual([['jobs:start', { kind: 'import', params: { path: '/x.jsonl' } }]]);
    await expect(fake.invoke('jobs:list', { url: 'https://example.com/', parent: null })).rejects.toThrow(
      /refused/,
    );
  });

  it('answer NOT_FOUND when no project is open, and keep the engine error code', async () => {
    const fake = fakeIpcMain();
    registerIpcHandlers(fake.ipcMain, entryUrl);
    await expect(fake.invoke('jobs:list', appFrame, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const failing = fakeIpcMain();
    registerIpcHandlers(failing.ipcMain, entryUrl, () => ({
      request: async () => ({ ok: false, error: { code: 'CANCELLED', message: 'stopped' } }),
    }));
    await expect(failing.invoke('jobs:list', appFrame, {})).resolves.toEqual({
      ok: false,
      error: { code: 'CANCELLED', message: 'stopped' },
    });
  });
});
