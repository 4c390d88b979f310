import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { TaxonomistApi } from '../../shared/api';
import { invalidateQueries } from './query-cache';
import type { TopicView } from '../../shared/contract';

/**
 * What every view shows of a topic: its name, its description, whether relabelling keeps it, and
 * who named it; the whole topic as the engine last answered it.
 */
export type TopicLabel = TopicView;

export type TopicLabels = {
  /** The cluster run the labels belong to (the newest); null before one is loaded or when there is none. */
  runId: number | null;
  topics: ReadonlyMap<number, TopicLabel>;
  /** The label of a cluster of `runId`; undefined when it has no topic (or nothing is loaded yet). */
  labelOf(clusterId: number): string | undefined;
  /** Renames a topic (the engine locks it and renames the taxonomy leaves that show it). */
  rename(runId: number, clusterId: number, label: string, description?: string | null): Promise<TopicView>;
  setLocked(runId: number, clusterId: number, locked: boolean): Promise<TopicView>;
  /** Takes a topic the engine answered elsewhere (a regenerated label) into every view. */
  update(topic: TopicView): void;
  reload(): Promise<void>;
  /** Changes whenever a label, description or lock changes: views holding a copy reload on it. */
  version: number;
};

const unloaded: ReadonlyMap<number, TopicLabel> = new Map();

/**
 * `topic` as a view loaded it, with the naming the shared labels hold now (label, description, lock,
 * source); its sizes and titles stay as loaded, since moves change them without a relabel.
 */
export function namedAs(topic: TopicView, shared: TopicLabel | undefined): TopicView {
  if (!shared) return topic;
  const { label, description, locked, source } = shared;
  return { ...topic, label, description, locked, source };
}

const TopicLabelsContext = createContext<TopicLabels | null>(null);

/** Without a provider (a panel shown on its own): edits go straight to the engine, nothing is shared. */
function detached(api: TaxonomistApi | undefined): TopicLabels {
  const engine = () => {
    if (!api) throw new Error('no project is open');
    return api;
  };
  return {
    runId: null,
    topics: unloaded,
    labelOf: () => undefined,
    rename: async (runId, clusterId, label, description) =>
      engine().topicsRename({
        runId,
        clusterId,
        label,
        ...(description !== undefined ? { description } : {}),
      }),
    setLocked: async (runId, clusterId, locked) => engine().topicsLock({ runId, clusterId, locked }),
    update: () => {},
    reload: async () => {},
    version: 0,
  };
}

/**
 * The topic labels of the open project's newest cluster run, one copy for every view (the topics
 * list, the taxonomy tree, the map's labels and legend), so a rename shows everywhere at once.
 * Reloaded when a job finishes and when another project opens.
 */
export function TopicLabelsProvider({
  api,
  children,
}: {
  api: TaxonomistApi | undefined;
  children: ReactNode;
}) {
  const [state, setState] = useState<{ runId: number | null; topics: ReadonlyMap<number, TopicLabel> }>({
    runId: null,
    topics: unloaded,
  });
  const [version, setVersion] = useState(0);
  // Answers to loads overtaken by a later load (or by an edit) are dropped.
  const generation = useRef(0);

  const reload = useCallback(async () => {
    if (!api) return;
    const at = ++generation.current;
    const r = await api.topicsList({});
    if (at !== generation.current) return;
    setState({ runId: r.runId, topics: new Map(r.topics.map((t) => [t.clusterId, t])) });
    setVersion((v) => v + 1);
  }, [api]);

  useEffect(() => {
    if (!api) return;
    const quietly = () => void reload().catch(() => {});
    quietly();
    const offJob = api.on('job:finished', quietly);
    const offProject = api.on('projects:changed', quietly);
    // A counter, not a node: leaving bumps its latest value so answers still on their way are dropped.
    const answers = generation;
    return () => {
      answers.current++;
      offJob();
      offProject();
    };
  }, [api, reload]);

  const update = useCallback(
    (topic: TopicView) => {
      generation.current++;
      setState((s) =>
        s.runId !== null && s.runId !== topic.runId
          ? s
          : { runId: topic.runId, topics: new Map(s.topics).set(topic.clusterId, topic) },
      );
      setVersion((v) => v + 1);
      // The engine's answers that show labels or locks (the topic list, the tree's leaves) are stale.
      invalidateQueries(api, 'labels:changed');
    },
    [api],
  );

  const rename = useCallback(
    async (runId: number, clusterId: number, label: string, description?: string | null) => {
      if (!api) throw new Error('no project is open');
      const topic = await api.topicsRename({
        runId,
        clusterId,
        label,
        ...(description !== undefined ? { description } : {}),
      });
      update(topic);
      return topic;
    },
    [api, update],
  );

  const setLocked = useCallback(
    async (runId: number, clusterId: number, locked: boolean) => {
      if (!api) throw new Error('no project is open');
      const topic = await api.topicsLock({ runId, clusterId, locked });
      update(topic);
      return topic;
    },
    [api, update],
  );

  const labelOf = useCallback((clusterId: number) => state.topics.get(clusterId)?.label, [state]);

  const value = useMemo<TopicLabels>(
    () => ({ ...state, labelOf, rename, setLocked, update, reload, version }),
    [state, labelOf, rename, setLocked, update, reload, version],
  );
  return <TopicLabelsContext.Provider value={value}>{children}</TopicLabelsContext.Provider>;
}

/**
 * The shared topic labels. Outside a `TopicLabelsProvider` (a panel rendered on its own), one that
 * renames through `api` and shares nothing.
 */
export function useTopicLabels(api?: TaxonomistApi): TopicLabels {
  const shared = useContext(TopicLabelsContext);
  return useMemo(() => shared ?? detached(api), [shared, api]);
}
