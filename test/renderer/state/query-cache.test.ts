import { describe, expect, it } from 'vitest';
import { QueryCache, queryKey } from '../../../src/renderer/state/query-cache';
import type { QueryTrigger } from '../../../src/renderer/state/query-cache';

/** A load whose answers the test hands out one by one. */
function deferredLoad() {
  const pending: { resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  const load = () =>
    new Promise<unknown>((resolve, reject) => {
      pending.push({ resolve, reject });
    });
  return { load, pending };
}

/** A cache over a fake event source the test fires. */
function cacheWithEvents() {
  const listeners = new Map<string, Set<() => void>>();
  const cache = new QueryCache((event, listener) => {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  });
  const fire = (event: string) => [...(listeners.get(event) ?? [])].forEach((l) => l());
  const listening = (event: string) => listeners.get(event)?.size ?? 0;
  return { cache, fire, listening };
}

const reader = (triggers: QueryTrigger[] = [], seen: string[] = []) => ({
  onChange: () => seen.push('change'),
  triggers,
});
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the query cache', () => {
  it('keys equal inputs alike, whatever the order of their fields', () => {
    expect(queryKey('runs:list', { b: 1, a: 2 })).toBe(queryKey('runs:list', { a: 2, b: 1 }));
    expect(queryKey('runs:list', { a: 1 })).not.toBe(queryKey('runs:list', { a: 2 }));
    expect(queryKey('runs:list', { a: 1, b: undefined })).toBe(queryKey('runs:list', { a: 1 }));
    expect(queryKey('topics:list', {})).not.toBe(queryKey('runs:list', {}));
  });

  it('asks once for concurrent readers of one key and shares the answer', async () => {
    const { cache } = cacheWithEvents();
    const { load, pending } = deferredLoad();
    const seenA: string[] = [];
    const seenB: string[] = [];
    cache.read('k', load, reader([], seenA));
    cache.read('k', load, reader([], seenB));
    expect(pending).toHaveLength(1);
    expect(cache.snapshot('k').status).toBe('loading');
    pending[0]!.resolve(7);
    await tick();
    expect(cache.snapshot('k')).toMatchObject({ status: 'ready', data: 7 });
    expect(seenA).toEqual(['change']);
    expect(seenB).toEqual(['change']);
  });

  it('asks again on a trigger its readers depend on, keeping the last answer meanwhile', async () => {
    const { cache, fire } = cacheWithEvents();
    const { load, pending } = deferredLoad();
    cache.read('k', load, reader(['job:finished']));
    pending[0]!.resolve('first');
    await tick();
    fire('job:progress');
    expect(pending).toHaveLength(1);
    fire('job:finished');
    expect(pending).toHaveLength(2);
    expect(cache.snapshot('k')).toMatchObject({ status: 'ready', data: 'first' });
    pending[1]!.resolve('second');
    await tick();
    expect(cache.snapshot('k')).toMatchObject({ status: 'ready', data: 'second' });
  });

  it('asks again on an edit made here only for the entries that depend on it', async () => {
    const { cache } = cacheWithEvents();
    const moved = deferredLoad();
    const other = deferredLoad();
    cache.read('moved', moved.load, reader(['documents:moved']));
    cache.read('other', other.load, reader(['labels:changed']));
    cache.invalidate('documents:moved');
    expect(moved.pending).toHaveLength(2);
    expect(other.pending).toHaveLength(1);
  });

  it('drops an answer overtaken by a later ask', async () => {
    const { cache, fire } = cacheWithEvents();
    const { load, pending } = deferredLoad();
    cache.read('k', load, reader(['job:finished']));
    fire('job:finished');
    pending[1]!.resolve('newer');
    await tick();
    pending[0]!.resolve('older');
    await tick();
    expect(cache.snapshot('k').data).toBe('newer');
  });

  it('keeps a failure with its error and recovers on the next answer', async () => {
    const { cache } = cacheWithEvents();
    const { load, pending } = deferredLoad();
    cache.read('k', load, reader());
    pending[0]!.reject(new Error('boom'));
    await tick();
    expect(cache.snapshot('k')).toMatchObject({ status: 'failed' });
    expect((cache.snapshot('k').error as Error).message).toBe('boom');
    void cache.refetch('k');
    pending[1]!.resolve(1);
    await tick();
    expect(cache.snapshot('k')).toMatchObject({ status: 'ready', data: 1 });
  });

  it('changes an answer in place for every reader; an ask on its way still lands after it', async () => {
    const { cache, fire } = cacheWithEvents();
    const { load, pending } = deferredLoad();
    const seen: string[] = [];
    cache.set<number>('k', (n) => n + 1);
    cache.read('k', load, reader(['job:finished'], seen));
    cache.set<number>('k', (n) => n + 1);
    expect(cache.snapshot('k').status).toBe('loading');
    pending[0]!.resolve(1);
    await tick();
    fire('job:finished');
    cache.set<number>('k', (n) => n + 10);
    expect(cache.snapshot('k').data).toBe(11);
    pending[1]!.resolve(100);
    await tick();
    expect(cache.snapshot('k').data).toBe(100);
    expect(seen).toEqual(['change', 'change', 'change']);
  });

  it('forgets an entry, its late answer and its event subscriptions once nobody reads it', async () => {
    const { cache, fire, listening } = cacheWithEvents();
    const { load, pending } = deferredLoad();
    const seen: string[] = [];
    const stop = cache.read('k', load, reader(['job:finished', 'projects:changed'], seen));
    expect(listening('job:finished')).toBe(1);
    stop();
    stop();
    await tick();
    expect(cache.size).toBe(0);
    expect(listening('job:finished')).toBe(0);
    expect(listening('projects:changed')).toBe(0);
    pending[0]!.resolve('late');
    await tick();
    fire('job:finished');
    expect(seen).toEqual([]);
    expect(pending).toHaveLength(1);
    expect(cache.snapshot('k').status).toBe('loading');
  });

  it('keeps an entry whose reader comes straight back (a remount) without asking twice', async () => {
    const { cache } = cacheWithEvents();
    const { load, pending } = deferredLoad();
    const stop = cache.read('k', load, reader());
    stop();
    cache.read('k', load, reader());
    await tick();
    expect(cache.size).toBe(1);
    expect(pending).toHaveLength(1);
    pending[0]!.resolve('kept');
    await tick();
    expect(cache.snapshot('k').data).toBe('kept');
  });

  it('subscribes to an engine event once, however many readers depend on it', () => {
    const { cache, listening } = cacheWithEvents();
    const { load } = deferredLoad();
    const stopA = cache.read('a', load, reader(['job:finished', 'documents:moved']));
    cache.read('b', load, reader(['job:finished']));
    expect(listening('job:finished')).toBe(1);
    expect(listening('documents:moved')).toBe(0);
    stopA();
    expect(listening('job:finished')).toBe(1);
  });
});
