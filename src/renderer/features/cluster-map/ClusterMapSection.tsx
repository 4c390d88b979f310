import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../../shared/api';
import type { TaxonomistApi } from '../../../shared/api';
import { ClusterMap } from './ClusterMap';
import type { DocumentText, MoveToTopicIntent } from './ClusterMap';
import type { ClusterMapData } from './map-data';
import { loadClusterMapData } from './map-data';
import { fixtureAbstract, generateClusterMapData } from './fixture-data';

type Loaded = { data: ClusterMapData; arrivedAt: number; fixture: boolean };

/**
 * `?fixture=N` (1..1,000,000): draw N generated points instead of asking the engine. For demos, and
 * for the browser tests and benchmark that time the map without building a real project.
 */
export function fixtureSize(search: string): number | null {
  const n = Number(new URLSearchParams(search).get('fixture'));
  return Number.isInteger(n) && n > 0 && n <= 1_000_000 ? n : null;
}

/** The cluster map of the open project (or of generated data), shown once there is a map to draw. */
export function ClusterMapSection({
  api,
  selectedTopic,
}: {
  api: TaxonomistApi | undefined;
  selectedTopic?: number | null;
}) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [intent, setIntent] = useState<MoveToTopicIntent | null>(null);

  useEffect(() => {
    let current = true;
    const n = fixtureSize(location.search);
    if (n !== null) {
      const data = generateClusterMapData(n);
      setLoaded({ data, arrivedAt: performance.now(), fixture: true });
      return;
    }
    if (!api) return;
    const load = () =>
      loadClusterMapData(api).then(
        (data) =>
          current &&
          data.clusterIds.length > 0 &&
          setLoaded({ data, arrivedAt: performance.now(), fixture: false }),
        (e: unknown) => {
          // No 2-d layout yet is the normal state of a new project: nothing to draw, nothing wrong.
          if (!current || (e instanceof ApiError && e.code === 'NOT_FOUND')) return;
          setFailure(e instanceof Error ? e.message : String(e));
        },
      );
    void load();
    // A finished clustering or edit changes the map.
    const off = api.on('job:finished', () => void load());
    return () => {
      current = false;
      off();
    };
  }, [api]);

  const fixture = loaded?.fixture ?? false;
  const getDocument = useCallback(
    async (documentId: number): Promise<DocumentText> => {
      if (fixture || !api) return { abstract: fixtureAbstract(loaded?.data.titles[documentId - 1] ?? '') };
      return { abstract: (await api.documentsGet({ id: documentId })).abstract };
    },
    [api, fixture, loaded],
  );

  if (failure) return <p role="alert">Could not load the cluster map: {failure}</p>;
  if (!loaded) return null;
  const target = intent && loaded.data.topics.find((t) => t.clusterId === intent.clusterId);
  return (
    <>
      {/* Keyed by arrival: new data starts a fresh map (selection and focus index the old points). */}
      <ClusterMap
        key={loaded.arrivedAt}
        data={loaded.data}
        arrivedAt={loaded.arrivedAt}
        getDocument={getDocument}
        onMoveToTopic={setIntent}
        selectedTopic={selectedTopic ?? null}
      />
      {intent && (
        <p role="status" data-testid="move-intent">
          Move {intent.documentIds.length.toLocaleString('en-US')} documents to “
          {target?.label ?? intent.clusterId}” requested.
        </p>
      )}
    </>
  );
}
