import type { Session, WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const openExternal = vi.hoisted(() => vi.fn<(url: string) => Promise<void>>());
vi.mock('electron', () => ({ shell: { openExternal } }));

const { denyPermissionRequests, guardWebContents, installContentSecurityPolicy } =
  await import('../../src/main/security');
const { CONTENT_SECURITY_POLICY } = await import('../../src/main/content-security-policy');

const entryUrl = 'http://localhost:5173/';

type Listener = (event: { url?: string; preventDefault: () => void }) => void;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on(name: string, listener: Listener) {
      listeners.set(name, listener);
      return contents;
    },
    setWindowOpenHandler(handler: typeof openHandler) {
      openHandler = handler;
    },
  };
  return {
    contents: contents as unknown as WebContents,
    emit(name: string, url?: string) {
      const event = { url, preventDefault: vi.fn() };
      const listener = listeners.get(name);
      if (!listener) throw new Error(`no listener for ${name}`);
      listener(event);
      return event;
    },
    open(url: string) {
      if (!openHandler) throw new Error('no window open handler');
      return openHandler({ url });
    },
  };
}

beforeEach(() => {
  openExternal.mockReset();
  openExternal.mockResolvedValue(undefined);
});

describe('guardWebContents', () => {
  it('lets the app navigate within itself', () => {
    const fake = fakeContents();
    guardWebContents(fake.contents, entryUrl);
    expect(fake.emit('will-navigate', 'http://localhost:5173/topics').preventDefault).not.toHaveBeenCalled();
    expect(fake.emit('will-redirect', 'http://localhost:5173/').preventDefault).not.toHaveBeenCalled();
  });

  it('cancels navigations and redirects away from the app', () => {
    const fake = fakeContents();
    guardWebContents(fake.contents, entryUrl);
    expect(fake.emit('will-navigate', 'https://example.com/').preventDefault).toHaveBeenCalledOnce();
    expect(fake.emit('will-navigate', 'file:///etc/passwd').preventDefault).toHaveBeenCalledOnce();
    expect(fake.emit('will-redirect', 'https://example.com/').preventDefault).toHaveBeenCalledOnce();
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('refuses <webview>', () => {
    const fake = fakeContents();
    guardWebContents(fake.contents, entryUrl);
    expect(fake.emit('will-attach-webview').preventDefault).toHaveBeenCalledOnce();
  });

  it('denies every new window and sends http(s) links to the system browser', () => {
    const fake = fakeContents();
    guardWebContents(fake.contents, entryUrl);
    expect(fake.open('https://arxiv.org/abs/1802.03426')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://arxiv.org/abs/1802.03426');
    openExternal.mockClear();
    expect(fake.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(fake.open('http://localhost:5173/other')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledTimes(1);
    expect(openExternal).toHaveBeenCalledWith('http://localhost:5173/other');
  });

  it('survives the system browser failing to open', async () => {
    openExternal.mockRejectedValue(new Error('no browser'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const fake = fakeContents();
    guardWebContents(fake.contents, entryUrl);
    expect(fake.open('https://example.com/')).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(warn).toHaveBeenCalled());
    warn.mockRestore();
  });
});

describe('installContentSecurityPolicy', () => {
  type Details = { url: string; responseHeaders?: Record<string, string[]> };
  type Callback = (response: { responseHeaders?: Record<string, string[]> }) => void;

  function install() {
    let listener: ((details: Details, callback: Callback) => void) | undefined;
    const ses = { webRequest: { onHeadersReceived: (l: typeof listener) => (listener = l) } };
    installContentSecurityPolicy(ses as unknown as Session, entryUrl);
    return (details: Details) => {
      const callback = vi.fn<Callback>();
      listener?.(details, callback);
      return callback.mock.calls[0]?.[0];
    };
  }

  it('sets the policy on the app’s own responses', () => {
    const respond = install();
    expect(
      respond({ url: 'http://localhost:5173/', responseHeaders: { 'Content-Type': ['text/html'] } }),
    ).toEqual({
      responseHeaders: {
        'Content-Type': ['text/html'],
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });

  it('leaves other responses untouched', () => {
    const respond = install();
    expect(
      respond({ url: 'https://example.com/', responseHeaders: { 'Content-Type': ['text/html'] } }),
    ).toEqual({});
  });
});

describe('denyPermissionRequests', () => {
  it('refuses every permission', () => {
    let handler:
      ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    const ses = { setPermissionRequestHandler: (h: typeof handler) => (handler = h) };
    denyPermissionRequests(ses as unknown as Session);
    for (const permission of ['media', 'notifications', 'openExternal', 'geolocation']) {
      const callback = vi.fn();
      handler?.({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
  });
});
