import { describe, expect, it } from 'vitest';
import { initialAppInfoState, loadAppInfo } from '../../src/renderer/app-info';
import type { DesktopApi } from '../../src/renderer/app-info';

const info = { name: 'taxonomist', version: '0.1.0', platform: 'linux' };
const workingApi: Pick<DesktopApi, 'appInfo'> = { appInfo: () => Promise.resolve(info) };

describe('initialAppInfoState', () => {
  it('is loading inside the desktop shell and no-shell outside it', () => {
    expect(initialAppInfoState(workingApi)).toEqual({ status: 'loading' });
    expect(initialAppInfoState(undefined)).toEqual({ status: 'no-shell' });
  });
});

describe('loadAppInfo', () => {
  it('returns the app info from the bridge', async () => {
    await expect(loadAppInfo(workingApi)).resolves.toEqual({ status: 'ready', info });
  });

  it('reports no shell when there is no bridge', async () => {
    await expect(loadAppInfo(undefined)).resolves.toEqual({ status: 'no-shell' });
  });

  it('turns a failed call into a message instead of throwing', async () => {
    const failing: Pick<DesktopApi, 'appInfo'> = {
      appInfo: () => Promise.reject(new Error('INTERNAL: boom')),
    };
    await expect(loadAppInfo(failing)).resolves.toEqual({ status: 'failed', message: 'INTERNAL: boom' });
  });
});
