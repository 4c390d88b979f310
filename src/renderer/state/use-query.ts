import { useCallback, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { ApiError } from '../../shared/api';
import type { TaxonomistApi } from '../../shared/api';
import type { Channel, RequestInput, RequestOutput } from '../../shared/contract';
import { methodName } from '../../shared/contract';
import { cacheFor, queryKey } from './query-cache';
import type { QuerySnapshot, QueryTrigger } from './query-cache';

export type QueryOptions = {
  /** What makes the answer stale: each of these asks again while the query is read. */
  invalidateOn?: readonly QueryTrigger[];
  /** A NOT_FOUND answer (no build yet, no taxonomy yet) is the normal empty state: data is null. */
  emptyOnNotFound?: boolean;
  /** While a changed input's first answer is on its way, the previous input's answer stays shown. */
  keepPrevious?: boolean;
  /** False holds the query back (nothing asked, status loading). */
  enabled?: boolean;
  /** Part of the key beside the channel and input: what else the answer depends on (the open project). */
  scope?: unknown;
};

export type QueryState<T> =
  { status: 'loading' } | { status: 'ready'; data: T } | { status: 'failed'; error: string };

export type Query<T> = QueryState<T> & {
  /** Asks again now. */
  refetch(): Promise<void>;
  /** Changes the answer in the cache (with an edit's reply) for every reader of the key; nothing before the first answer. */
  setData(update: (data: T) => T): void;
};

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const isNotFound = (e: unknown): boolean => e instanceof ApiError && e.code === 'NOT_FOUND';

const loading: QuerySnapshot = { status: 'loading', data: undefined, error: undefined, version: 0 };
const noop = () => () => {};

/**
 * A query answered from the shared cache by `load`, keyed by `key`: readers of one key share one
 * request and one answer, and the triggers in `invalidateOn` ask again.
 */
export function useQueryWith<T>(
  api: TaxonomistApi | undefined,
  key: string,
  load: (api: TaxonomistApi) => Promise<T>,
  options: QueryOptions & { emptyOnNotFound: true },
): Query<T | null>;
export function useQueryWith<T>(
  api: TaxonomistApi | undefined,
  key: string,
  load: (api: TaxonomistApi) => Promise<T>,
  options?: QueryOptions,
): Query<T>;
export function useQueryWith<T>(
  api: TaxonomistApi | undefined,
  key: string,
  load: (api: TaxonomistApi) => Promise<T>,
  options: QueryOptions = {},
): Query<T | null> {
  const { invalidateOn = [], emptyOnNotFound = false, keepPrevious = false, enabled = true } = options;
  const cache = api && enabled ? cacheFor(api) : undefined;
  const fullKey = options.scope === undefined ? key : `${key} @${queryKey('', options.scope)}`;
  const triggers = invalidateOn.join(' ');

  // The newest `load` is the one asked with; the key names everything it depends on.
  const loadRef = useRef(load);
  useLayoutEffect(() => {
    loadRef.current = load;
  });

  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!cache || !api) return () => {};
      const reader = { onChange, triggers: triggers ? (triggers.split(' ') as QueryTrigger[]) : [] };
      return cache.read(fullKey, () => loadRef.current(api), reader);
    },
    [cache, api, fullKey, triggers],
  );
  const snapshot = useSyncExternalStore(
    cache ? subscribe : noop,
    () => (cache ? cache.snapshot(fullKey) : loading),
    // Rendered to a string (first paint): nothing is asked, everything is loading.
    () => loading,
  );

  const state = useMemo(() => toState<T>(snapshot, emptyOnNotFound), [snapshot, emptyOnNotFound]);

  // The last answer shown, kept across a change of key (updated while rendering, as React advises
  // for state derived from the previous render).
  const [kept, setKept] = useState<{ key: string; state: QueryState<T | null> } | null>(null);
  if (keepPrevious && state.status === 'ready' && (kept?.key !== fullKey || kept.state !== state))
    setKept({ key: fullKey, state });
  const shown = keepPrevious && state.status === 'loading' && kept ? kept.state : state;

  const refetch = useCallback(() => (cache ? cache.refetch(fullKey) : Promise.resolve()), [cache, fullKey]);
  const setData = useCallback(
    (update: (data: T | null) => T | null) => cache?.set(fullKey, update),
    [cache, fullKey],
  );
  return useMemo(() => ({ ...shown, refetch, setData }), [shown, refetch, setData]);
}

function toState<T>(snapshot: QuerySnapshot, emptyOnNotFound: boolean): QueryState<T | null> {
  if (snapshot.status === 'ready') return { status: 'ready', data: snapshot.data as T };
  if (snapshot.status === 'failed') {
    if (emptyOnNotFound && isNotFound(snapshot.error)) return { status: 'ready', data: null };
    return { status: 'failed', error: messageOf(snapshot.error) };
  }
  return { status: 'loading' };
}

/** One channel's answer for `input`, from the shared cache; see useQueryWith. */
export function useQuery<C extends Channel>(
  api: TaxonomistApi | undefined,
  channel: C,
  input: RequestInput<C>,
  options: QueryOptions & { emptyOnNotFound: true },
): Query<RequestOutput<C> | null>;
export function useQuery<C extends Channel>(
  api: TaxonomistApi | undefined,
  channel: C,
  input: RequestInput<C>,
  options?: QueryOptions,
): Query<RequestOutput<C>>;
export function useQuery<C extends Channel>(
  api: TaxonomistApi | undefined,
  channel: C,
  input: RequestInput<C>,
  options: QueryOptions = {},
): Query<RequestOutput<C> | null> {
  const key = queryKey(channel, input);
  const load = (a: TaxonomistApi) => ask(a, channel, input);
  return useQueryWith(api, key, load, options);
}

/** Calls one channel through the typed API by its name. */
export function ask<C extends Channel>(
  api: TaxonomistApi,
  channel: C,
  input: RequestInput<C>,
): Promise<RequestOutput<C>> {
  const method = (api as unknown as Record<string, (input: unknown) => Promise<unknown>>)[
    methodName(channel)
  ];
  if (!method) return Promise.reject(new Error(`no method for ${channel}`));
  return method(input) as Promise<RequestOutput<C>>;
}

/** The answer, or null where the engine says there is none yet (no build, no taxonomy): not a failure. */
export function unlessNotFound<T>(answer: Promise<T>): Promise<T | null> {
  return answer.catch((e: unknown) => {
    if (isNotFound(e)) return null;
    throw e;
  });
}
