import { useCallback, useEffect, useState } from 'react';
import type { TaxonomistApi } from '../../../shared/api';
import { ClusterMap } from './ClusterMap';
import type { DocumentText, MoveToTopicIntent } from './ClusterMap';
import type { ClusterMapData } from './map-data';
import { decodeMapData } from './map-data';
import { fixtureAbstract, generateClusterMapData } from './fixture-data';
import { moveSummary } from './move-documents';
import { invalidateQueries } from '../../state/query-cache';
import { unlessNotFound, useQueryWith } from '../../state/use-query';
import { useEditHistory } from '../../state/EditHistoryProvider';
import { useTopicLabels } from '../../state/TopicLabelsProvider';

type Loaded = { data: ClusterMapData; arrivedAt: number; fixture: boolean; clusterRunId: number | null };

/**
 * The outcome of the last move: `entryId` is the move's entry in the project's history (its Undo and
 * Redo), `moved` how many documents it moved.
 */
type MoveNote = { tone: 'info' | 'error'; text: string; entryId: number | null; moved: number };

/**
 * `?fixture=N` (1..1,000,000): draw N generated points instead of asking the engine. For demos, and
 * for the browser tests and benchmark that time the map without building a real project.
 */
export function fixtureSize(search: string): number | null {
  const n = Number(new URLSearchParams(search).get('fixture'));
  return Number.isInteger(n) && n > 0 && n <= 1_000_000 ? n : null;
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The project's map, decoded; null while there is no 2-d layout yet (the normal state of a new project). */
async function loadMap(api: TaxonomistApi): Promise<Loaded | null> {
  const wire = await unlessNotFound(api.mapData({}));
  if (!wire || wire.count === 0) return null;
  const data = decodeMapData(wire);
  return { data, arrivedAt: performance.now(), fixture: false, clusterRunId: wire.clusterRunId };
}

type Props = {
  api: TaxonomistApi | undefined;
  selectedTopic?: number | null;
  /** Clusters selected elsewhere (a taxonomy node): their documents are highlighted, the rest dimmed. */
  highlightClusters?: readonly number[] | null;
  highlightLabel?: string | null;
  onClearHighlight?: () => void;
  /** Told after this map moved documents (or undid a move); the views reading them reload by themselves. */
  onDataChanged?: () => void;
  /** The page's theme, passed on to the map's colours. */
  theme?: 'light' | 'dark';
};

/** The cluster map of the open project (or of generated data), shown once there is a map to draw. */
export function ClusterMapSection({
  api,
  selectedTopic,
  highlightClusters = null,
  highlightLabel = null,
  onClearHighlight,
  onDataChanged,
  theme,
}: Props) {
  // Read once: the page's address does not change under the map.
  const [fixtureCount] = useState(() =>
    typeof location === 'undefined' ? null : fixtureSize(location.search),
  );
  const [fixtureLoaded] = useState<Loaded | null>(() =>
    fixtureCount === null
      ? null
      : {
          data: generateClusterMapData(fixtureCount),
          arrivedAt: performance.now(),
          fixture: true,
          clusterRunId: null,
        },
  );
  const [intent, setIntent] = useState<MoveToTopicIntent | null>(null);
  const [moving, setMoving] = useState(false);
  const [note, setNote] = useState<MoveNote | null>(null);
  const history = useEditHistory();
  const labels = useTopicLabels(api);

  // A finished clustering, a move, an undo or a redo changes the map.
  const map = useQueryWith(api, 'map:data {}', loadMap, {
    enabled: fixtureCount === null,
    invalidateOn: ['job:finished', 'documents:moved', 'history:stepped'],
  });
  const loaded = fixtureLoaded ?? (map.status === 'ready' ? map.data : null);
  const failure = map.status === 'failed' ? map.error : null;
  const changed = useCallback(() => {
    invalidateQueries(api, 'documents:moved');
    onDataChanged?.();
  }, [api, onDataChanged]);

  // This map's move undone or redone (here or from anywhere else): its note says so.
  const lastStep = history.lastStep;
  useEffect(() => {
    if (!lastStep) return;
    setNote((n) =>
      n && n.entryId === lastStep.entry.id
        ? {
            ...n,
            text: moveSummary({
              moved: n.moved,
              requested: n.moved,
              label: '',
              ...(lastStep.direction === 'undo' ? { undone: true } : { redone: true }),
            }),
          }
        : n,
    );
  }, [lastStep]);

  const fixture = loaded?.fixture ?? false;
  const getDocument = useCallback(
    async (documentId: number): Promise<DocumentText> => {
      if (fixture || !api) return { abstract: fixtureAbstract(loaded?.data.titles[documentId - 1] ?? '') };
      return { abstract: (await api.documentsGet({ id: documentId })).abstract };
    },
    [api, fixture, loaded],
  );

  const clusterRunId = loaded?.clusterRunId ?? null;
  // The shared labels name this map's topics only when they belong to the run it is coloured by.
  const labelOf = !fixture && labels.runId === clusterRunId ? labels.labelOf : undefined;

  const moveToTopic = useCallback(
    async (request: MoveToTopicIntent) => {
      // Generated points have no project behind them: the request is only shown.
      if (!api || fixture || clusterRunId === null) return setIntent(request);
      const label =
        labelOf?.(request.clusterId) ??
        loaded?.data.topics.find((t) => t.clusterId === request.clusterId)?.label ??
        `topic ${request.clusterId}`;
      const runId = clusterRunId;
      setMoving(true);
      try {
        const r = await api.topicsMoveDocuments({
          runId,
          documentIds: request.documentIds,
          clusterId: request.clusterId,
        });
        // The engine recorded the move in the project's history: its entry is what undo takes next.
        const entryId = r.moved > 0 ? ((await history.recorded()).undo?.id ?? null) : null;
        setNote({
          tone: 'info',
          text: moveSummary({ moved: r.moved, requested: request.documentIds.length, label }),
          entryId,
          moved: r.moved,
        });
        changed();
      } catch (e) {
        setNote({
          tone: 'error',
          text: `Could not move the documents: ${messageOf(e)}`,
          entryId: null,
          moved: 0,
        });
      } finally {
        setMoving(false);
      }
    },
    [api, fixture, clusterRunId, loaded, changed, labelOf, history],
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
        onMoveToTopic={(request) => void moveToTopic(request)}
        moving={moving}
        selectedTopic={selectedTopic ?? null}
        highlightClusters={highlightClusters}
        highlightLabel={highlightLabel}
        onClearHighlight={onClearHighlight}
        theme={theme}
        // Names from the shared topic labels, for a map that takes them (see the reload above).
        labelOf={labelOf}
      />
      {intent && (
        <p role="status" data-testid="move-intent">
          Move {intent.documentIds.length.toLocaleString('en-US')} documents to “
          {labelOf?.(intent.clusterId) ?? target?.label ?? intent.clusterId}” requested.
        </p>
      )}
      {note && (
        <div
          className={`cluster-map-note callout${note.tone === 'error' ? ' is-error' : ''}`}
          role={note.tone === 'error' ? 'alert' : 'status'}
          data-testid="move-status"
        >
          <span>{note.text}</span>
          {/* Offered while this move is the edit undo (or redo) would take next. */}
          {note.entryId !== null && history.undoEntry?.id === note.entryId && (
            <button type="button" disabled={moving || history.busy} onClick={() => void history.undo()}>
              Undo move
            </button>
          )}
          {note.entryId !== null && history.redoEntry?.id === note.entryId && (
            <button type="button" disabled={moving || history.busy} onClick={() => void history.redo()}>
              Redo move
            </button>
          )}
          <button type="button" aria-label="Dismiss" className="icon-button" onClick={() => setNote(null)}>
            ×
          </button>
        </div>
      )}
    </>
  );
}
