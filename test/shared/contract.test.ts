import { describe, expect, it, vi } from 'vitest';
import { createApi } from '../../src/shared/api';
import { channels, eventNames, methodName, requests } from '../../src/shared/contract';
import { EngineService } from '../../src/engine/service';
import { ProjectStore } from '../../src/engine/store';

// The preload, with electron mocked: capture what it exposes to the page.
const exposed: Record<string, unknown> = {};
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: { invoke: async () => ({ ok: true, value: null }), on: () => {}, off: () => {} },
}));

describe('the contract', () => {
  it('names channels domain:verb in kebab-case', () => {
    for (const c of [...channels, ...eventNames]) expect(c).toMatch(/^[a-z]+(-[a-z]+)*:[a-z]+(-[a-z]+)*$/);
    expect(methodName('jobs:start')).toBe('jobsStart');
    expect(methodName('documents:list')).toBe('documentsList');
  });

  it('every request has an engine handler and a preload method (web routes: web-host.test.ts)', async () => {
    const service = new EngineService(ProjectStore.open(':memory:', { create: true }), () => {});
    expect([...service.channels].sort()).toEqual([...channels].sort());
    await import('../../src/preload/index');
    const preloadApi = exposed.taxonomist as Record<string, unknown>;
    for (const c of channels) expect(typeof preloadApi[methodName(c)], c).toBe('function');
    expect(typeof preloadApi.on).toBe('function');
    const browserApi = createApi({
      invoke: async () => ({ ok: true, value: null }),
      subscribe: () => () => {},
    }) as unknown as Record<string, unknown>;
    expect(Object.keys(browserApi).sort()).toEqual(Object.keys(preloadApi).sort());
    for (const c of channels) expect(requests[c].input).toBeDefined();
  });
});
