import type { TaxonomistApi } from '../../shared/api';
import type { EventName } from '../../shared/contract';

/**
 * What makes a query's answer stale: an event the engine pushes, or an edit made in this window
 * ('documents:moved' after documents changed topics, 'labels:changed' after a topic's label or lock did,
 * 'history:stepped' after an undo or redo of any edit).
 */
export type QueryTrigger = EventName | 'documents:moved' | 'labels:changed' | 'history:stepped';

const localTriggers: ReadonlySet<QueryTrigger> = new Set([
  'documents:moved',
  'labels:changed',
  'history:stepped',
]);

/** One entry's answer as its readers see it; the last answer stays while the next is on its way. */
export type QuerySnapshot<T = unknown> = {
  status: 'loading' | 'ready' | 'failed';
  data: T | undefined;
  error: unknown;
  /** Bumped on every new answer, so a reader can tell two answers apart. */
  version: number;
};

type Reader = { onChange: () => void; triggers: readonly QueryTrigger[] };

type Entry = {
  load: () => Promise<unknown>;
  snapshot: QuerySnapshot;
  readers: Set<Reader>;
  /** The ask in flight; concurrent readers of the same key share it. */
  inFlight: Promise<void> | null;
  /** Answers to asks overtaken by a later ask (or by a local set) are dropped. */
  asked: number;
};

const loadingSnapshot: QuerySnapshot = { status: 'loading', data: undefined, error: undefined, version: 0 };

/**
 * The renderer's one cache of engine answers, keyed by channel and input. Every mounted reader of a
 * key shares its entry and its requests; an entry lives while it has readers. Triggers named by the
 * readers (job:finished, an edit) ask again for every entry that depends on them.
 */
export class QueryCache {
  private readonly entries = new Map<string, Entry>();
  /** Engine subscriptions, counted by the readers that need them. */
  private readonly listening = new Map<EventName, { count: number; off: () => void }>();

  constructor(private readonly subscribe?: (event: EventName, listener: () => void) => () => void) {}

  snapshot<T>(key: string): QuerySnapshot<T> {
    return (this.entries.get(key)?.snapshot ?? loadingSnapshot) as QuerySnapshot<T>;
  }

  /**
   * Adds a reader of `key`, asks the engine unless an ask for it is already on its way, and answers
   * the function that removes the reader. `load` is taken only when the entry is new.
   */
  read(key: string, load: () => Promise<unknown>, reader: Reader): () => void {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { load, snapshot: loadingSnapshot, readers: new Set(), inFlight: null, asked: 0 };
      this.entries.set(key, entry);
    }
    entry.readers.add(reader);
    for (const t of reader.triggers) this.listen(t);
    if (!entry.inFlight) void this.ask(key, entry);
    const e = entry;
    return () => {
      if (!e.readers.delete(reader)) return;
      for (const t of reader.triggers) this.unlisten(t);
      if (e.readers.size > 0) return;
      // Nobody reads it any more: it goes, and a late answer with it, unless a reader comes back at
      // once (a component remounted in the same commit).
      queueMicrotask(() => {
        if (e.readers.size > 0 || this.entries.get(key) !== e) return;
        e.asked++;
        this.entries.delete(key);
      });
    };
  }

  /** Asks again for every entry read by someone who depends on `trigger`. */
  invalidate(trigger: QueryTrigger): void {
    for (const [key, entry] of this.entries)
      if ([...entry.readers].some((r) => r.triggers.includes(trigger))) void this.ask(key, entry);
  }

  /** Asks again for one key now (a retry, or a change the caller knows of). */
  refetch(key: string): Promise<void> {
    const entry = this.entries.get(key);
    return entry ? this.ask(key, entry) : Promise.resolve();
  }

  /**
   * Replaces an entry's answer with one made from it by the caller (an edit's reply). An ask already
   * on its way still lands after it: it was asked after the edit, or a trigger will ask again. An
   * entry without an answer yet is left alone.
   */
  set<T>(key: string, update: (data: T) => T): void {
    const entry = this.entries.get(key);
    if (!entry || entry.snapshot.status !== 'ready') return;
    this.publish(entry, { status: 'ready', data: update(entry.snapshot.data as T), error: undefined });
  }

  /** How many entries are read now (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }

  private ask(key: string, entry: Entry): Promise<void> {
    const at = ++entry.asked;
    const done = entry.load().then(
      (data) => {
        if (at === entry.asked) this.publish(entry, { status: 'ready', data, error: undefined });
      },
      (error: unknown) => {
        if (at === entry.asked) this.publish(entry, { status: 'failed', data: entry.snapshot.data, error });
      },
    );
    const tracked = done.finally(() => {
      if (entry.inFlight === tracked) entry.inFlight = null;
    });
    entry.inFlight = tracked;
    return tracked;
  }

  private publish(entry: Entry, next: Omit<QuerySnapshot, 'version'>): void {
    entry.snapshot = { ...next, version: entry.snapshot.version + 1 };
    for (const r of [...entry.readers]) r.onChange();
  }

  private listen(trigger: QueryTrigger): void {
    if (localTriggers.has(trigger) || !this.subscribe) return;
    const event = trigger as EventName;
    const held = this.listening.get(event);
    if (held) held.count++;
    else this.listening.set(event, { count: 1, off: this.subscribe(event, () => this.invalidate(event)) });
  }

  private unlisten(trigger: QueryTrigger): void {
    const held = this.listening.get(trigger as EventName);
    if (!held) return;
    if (--held.count === 0) {
      held.off();
      this.listening.delete(trigger as EventName);
    }
  }
}

const caches = new WeakMap<TaxonomistApi, QueryCache>();

/** The cache of one engine connection (one per api object, so a test's fake engine gets its own). */
export function cacheFor(api: TaxonomistApi): QueryCache {
  let cache = caches.get(api);
  if (!cache) {
    cache = new QueryCache((event, listener) => api.on(event, listener));
    caches.set(api, cache);
  }
  return cache;
}

/** Tells every query of this engine that depends on `trigger` to ask again (after an edit made here). */
export function invalidateQueries(api: TaxonomistApi | undefined, trigger: QueryTrigger): void {
  if (api) cacheFor(api).invalidate(trigger);
}

/** A cache key: the channel, then the input with its keys sorted so equal inputs give equal keys. */
export function queryKey(channel: string, input: unknown): string {
  return `${channel} ${stableJson(input)}`;
}

function stableJson(value: unknown): string {
  if (value === undefined) return '';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson(record[k])}`)
    .join(',')}}`;
}
