import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent, PointerEvent as ReactPointerEvent } from 'react';
import { Deck, OrthographicView } from '@deck.gl/core';
import type { PickingInfo } from '@deck.gl/core';
import type { ClusterMapData } from './map-data';
import { buildLayers } from './cluster-map-layer';
import type { ClusterMapViewModel, MapLabel, PickedPoint } from './cluster-map-layer';
import {
  FOCUS_COLOR,
  MATCH_COLOR,
  MAX_MATCH_RINGS,
  SELECTION_COLOR,
  SELECTION_COLOR_DARK,
  buildMarks,
  buildPointBuffers,
  clustersMask,
  countAssigned,
  countMask,
  fitView,
  lassoSelect,
  legendRows,
  pickNearest,
  maskIndices,
  searchTitles,
  topicAnchors,
  topicColor,
  topicMask,
  zoomLimits,
} from './view-model';
import type { Rgba } from './view-model';
import { moveButtonText } from './move-documents';
import { DEFER_MIN_POINTS, DeferredFrames, isSoftwareRenderer } from './deferred-frames';
import type { OrthoView } from './deferred-frames';
import { placeTooltip } from './tooltip-placement';
import './cluster-map.css';

/** The user asked to move these documents to another topic; the topic editor performs it. */
export type MoveToTopicIntent = { documentIds: number[]; clusterId: number };

/** A document's text for the side panel, fetched on click (the map carries titles only). */
export type DocumentText = { abstract: string };

type Props = {
  data: ClusterMapData;
  /** performance.now() when the data arrived: the first frame's delay is measured from here. */
  arrivedAt?: number;
  getDocument: (documentId: number) => Promise<DocumentText>;
  onMoveToTopic: (intent: MoveToTopicIntent) => void;
  /** A topic selected elsewhere (the topics panel, the taxonomy): highlighted like a legend click. */
  selectedTopic?: number | null;
  /** Clusters selected elsewhere (a taxonomy node and its subtree): all highlighted, the rest dimmed. */
  highlightClusters?: readonly number[] | null;
  /** What the highlight stands for, shown above the map. */
  highlightLabel?: string | null;
  onClearHighlight?: () => void;
  /** A move is in flight: the move action waits. */
  moving?: boolean;
  /** The page's theme: noise and label colours follow it. */
  theme?: 'light' | 'dark';
  /**
   * A topic's current label, overriding `data.topics` wherever the map names a topic (labels on the
   * map, legend, tooltip, document panel, target topic). A new function updates them in place: the
   * view, selection and document panel stay.
   */
  labelOf?: (clusterId: number) => string | undefined;
};

type Hover = { pointIndex: number; x: number; y: number };
type Doc =
  { status: 'loading' } | { status: 'ready'; abstract: string } | { status: 'failed'; message: string };

const EMPTY = new Int32Array(0);

/** How noise is named wherever the map names a document's topic. */
export const NOISE_LABEL = 'Unplaced (noise)';

/** Arrow keys pan by this share of the canvas's smaller side. */
const KEY_PAN_SHARE = 0.1;

/** deck.gl's controller: clicks are told from drags by the map itself, keys pan a share of the view. */
const controllerFor = (width: number, height: number) => ({
  doubleClickZoom: false,
  keyboard: { moveSpeed: Math.max(10, Math.round(KEY_PAN_SHARE * Math.min(width, height))) },
});

/** Pointer distance (pixels) within which a point counts as hit: deck.gl's picking radius plus the dot's. */
const PICK_PX = 6.5;

/** The 2-d layout coloured by topic: pan, zoom, hover, click, search, lasso and a legend. */
export function ClusterMap({
  data,
  arrivedAt,
  getDocument,
  onMoveToTopic,
  selectedTopic,
  highlightClusters = null,
  highlightLabel = null,
  onClearHighlight,
  moving = false,
  theme = 'light',
  labelOf,
}: Props) {
  const containerRef = useRef<HTMLDivElement>(null);
  const deckRef = useRef<Deck<OrthographicView> | null>(null);
  // Large maps on CPU-rendered WebGL pick on the CPU: a GPU picking pass there costs about a second.
  const cpuPickRef = useRef(false);
  const [showNoise, setShowNoise] = useState(true);
  const [showAssigned, setShowAssigned] = useState(true);
  const [query, setQuery] = useState('');
  const [topic, setTopic] = useState<number | null>(null);
  useEffect(() => {
    if (selectedTopic !== undefined) setTopic(selectedTopic);
  }, [selectedTopic]);
  // A node chosen in the taxonomy takes over from a topic chosen in the legend.
  useEffect(() => {
    if (highlightClusters) setTopic(null);
  }, [highlightClusters]);
  const [hover, setHover] = useState<Hover | null>(null);
  const [focused, setFocused] = useState<number | null>(null);
  const [doc, setDoc] = useState<Doc | null>(null);
  const [lassoOn, setLassoOn] = useState(false);
  const [lasso, setLasso] = useState<number[] | null>(null);
  // The selection is a typed array kept outside React state; `selectionVersion` re-renders on change.
  const selectionRef = useRef<Int32Array>(EMPTY);
  const [selectionVersion, setSelectionVersion] = useState(0);
  const [target, setTarget] = useState<number | ''>('');

  const [sideOpen, setSideOpen] = useState(true);
  const sideId = useId();
  const tooltipRef = useRef<HTMLDivElement>(null);

  const byCluster = useMemo(() => new Map(data.topics.map((t) => [t.clusterId, t.label])), [data]);
  const labelFor = useCallback(
    (clusterId: number) => labelOf?.(clusterId) ?? byCluster.get(clusterId) ?? `Topic ${clusterId}`,
    [labelOf, byCluster],
  );
  const dataAnchors = useMemo(() => topicAnchors(data), [data]);
  // Relabelled anchors are a new array: the layer lays its labels out again, nothing else moves.
  const anchors = useMemo(
    () => (labelOf ? dataAnchors.map((a) => ({ ...a, label: labelFor(a.clusterId) })) : dataAnchors),
    [dataAnchors, labelOf, labelFor],
  );
  const legend = useMemo(() => legendRows(data), [data]);
  const noiseCount = legend.find((row) => row.clusterId < 0)?.count ?? 0;
  const assignedCount = useMemo(() => countAssigned(data), [data]);
  const matches = useMemo(() => searchTitles(data.titles, query), [data, query]);
  const highlight = useMemo(() => {
    if (matches) return matches;
    if (topic !== null) return topicMask(data.clusterIds, topic);
    return highlightClusters ? clustersMask(data.clusterIds, highlightClusters) : null;
  }, [data, matches, topic, highlightClusters]);
  const highlighted = useMemo(() => (highlight ? countMask(highlight) : null), [highlight]);
  const points = useMemo(
    () => buildPointBuffers(data, { showNoise, showAssigned, highlight, theme }),
    [data, showNoise, showAssigned, highlight, theme],
  );
  // selectionRef changes only together with selectionVersion: this is the selection as of that version.
  const selection = useMemo(
    () => ({ version: selectionVersion, indices: selectionRef.current }),
    [selectionVersion],
  );
  const model: ClusterMapViewModel = useMemo(() => {
    const groups: { indices: ArrayLike<number>; color: Rgba }[] = [
      { indices: selection.indices, color: theme === 'dark' ? SELECTION_COLOR_DARK : SELECTION_COLOR },
      { indices: maskIndices(matches, MAX_MATCH_RINGS), color: MATCH_COLOR },
    ];
    if (focused !== null) groups.push({ indices: [focused], color: FOCUS_COLOR });
    return { points, anchors, marks: buildMarks(data, groups), theme };
  }, [data, points, anchors, matches, focused, selection, theme]);
  const modelRef = useRef(model);
  modelRef.current = model;
  // The labels the layer placed, for tests and benchmarks: how many, and their boxes in canvas pixels.
  const showLabels = useCallback((labels: readonly MapLabel[]) => {
    const el = containerRef.current;
    if (!el) return;
    el.dataset.labels = String(labels.length);
    el.dataset.labelBoxes = JSON.stringify(
      labels.map((l) => [l.x - l.w / 2, l.y - l.h / 2, l.w, l.h].map((v) => Math.round(v * 10) / 10)),
    );
  }, []);

  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    let width = el.clientWidth || 800;
    let height = el.clientHeight || 560;
    let fit = fitView(data.positions, width, height);
    let frames = 0;
    let moved = 0;
    let renderStarted = 0;
    let renderMs = 0;
    let view: OrthoView = fit;
    // The view, read by tests and benchmarks to tell how far a gesture moved it.
    const showView = (v: OrthoView) => {
      el.dataset.zoom = v.zoom.toFixed(3);
      el.dataset.target = `${v.target[0]!.toFixed(4)},${v.target[1]!.toFixed(4)}`;
    };
    showView(fit);
    // A held button means the gesture goes on (the pointer may leave the map while dragging).
    let held = false;
    const press = (e: PointerEvent) => {
      held = e.buttons !== 0;
    };
    window.addEventListener('pointerdown', press, true);
    window.addEventListener('pointerup', press, true);
    window.addEventListener('pointercancel', press, true);
    const deferred = new DeferredFrames({
      canvas: () => deckRef.current?.getCanvas() ?? null,
      draw: (reason) => deckRef.current?._drawLayers(reason),
      view: () => view,
      busy: () => held,
      onMoved: () => {
        moved++;
        el.dataset.movedFrames = String(moved);
      },
    });
    // deck.gl reads pointer positions against this layer, which never moves: the canvas inside it
    // does while frames are deferred, and positions read against it would be off by that much.
    const root = document.createElement('div');
    root.className = 'deck-events-root cluster-map-layer';
    el.prepend(root);
    const deck = new Deck<OrthographicView>({
      parent: root,
      views: new OrthographicView({ id: 'map', flipY: false }),
      initialViewState: { ...fit, ...zoomLimits(data.positions, width, height, fit) },
      controller: controllerFor(width, height),
      layers: buildLayers(modelRef.current, showLabels),
      pickingRadius: 4,
      onDeviceInitialized: (device) => {
        const software = isSoftwareRenderer(device.info);
        el.dataset.renderer = software ? 'software' : 'gpu';
        deferred.enabled = software && data.clusterIds.length >= DEFER_MIN_POINTS;
        cpuPickRef.current = deferred.enabled;
        if (deferred.enabled) deckRef.current?.setProps({ _pickable: false });
        el.dataset.picking = deferred.enabled ? 'cpu' : 'gpu';
      },
      onViewStateChange: ({ viewState }) => {
        view = viewState as OrthoView;
        userMoved = true;
        showView(view);
      },
      _customRender: (reason) => deferred.render(reason),
      onHover: (info: PickingInfo) => {
        if (cpuPickRef.current) return; // picked on the CPU (onPointerMove)
        const picked = info.object as PickedPoint | undefined;
        setHover(picked ? { pointIndex: picked.pointIndex, x: info.x, y: info.y } : null);
      },
      onBeforeRender: () => {
        renderStarted = performance.now();
      },
      onAfterRender: () => {
        frames++;
        el.dataset.frames = String(frames);
        // The page's own work per frame (layer updates, draw calls issued); the drawing itself runs
        // in the GPU process. Benchmarks read it to tell page cost from rasterisation cost.
        renderMs += performance.now() - renderStarted;
        el.dataset.renderMs = renderMs.toFixed(1);
        // The first frame that drew the points: its delay after the data arrived is the map's start-up cost.
        if (frames === 1 && arrivedAt !== undefined) {
          el.dataset.firstFrameMs = (performance.now() - arrivedAt).toFixed(1);
          el.dataset.points = String(data.clusterIds.length);
        }
      },
    });
    deckRef.current = deck;
    // The focusable element (deck.gl's key input makes it one): arrow keys pan, + and - zoom.
    root.setAttribute('role', 'application');
    root.setAttribute('aria-roledescription', 'map');
    root.setAttribute('aria-label', 'Map view: arrow keys pan, plus and minus zoom, Escape closes');

    // The canvas follows its box (deck.gl resizes the drawing buffer itself); until the user moves
    // the view, a new size frames the points afresh, so a map laid out late still starts framed.
    let userMoved = false;
    const resized = new ResizeObserver(() => {
      const w = el.clientWidth;
      const h = el.clientHeight;
      if (!w || !h || (w === width && h === height)) return;
      width = w;
      height = h;
      if (userMoved) {
        deck.setProps({ controller: controllerFor(width, height) });
        return;
      }
      fit = fitView(data.positions, width, height);
      view = fit;
      showView(fit);
      deck.setProps({
        controller: controllerFor(width, height),
        initialViewState: { ...fit, ...zoomLimits(data.positions, width, height, fit) },
      });
    });
    resized.observe(el);
    return () => {
      resized.disconnect();
      window.removeEventListener('pointerdown', press, true);
      window.removeEventListener('pointerup', press, true);
      window.removeEventListener('pointercancel', press, true);
      deferred.dispose();
      deck.finalize();
      root.remove();
      deckRef.current = null;
    };
  }, [data, arrivedAt, showLabels]);

  useEffect(() => {
    deckRef.current?.setProps({ layers: buildLayers(model, showLabels) });
  }, [model, showLabels]);

  useEffect(() => {
    if (focused === null) return setDoc(null);
    let current = true;
    setDoc({ status: 'loading' });
    getDocument(data.documentIds[focused]!).then(
      (d) => current && setDoc({ status: 'ready', abstract: d.abstract }),
      (e: unknown) =>
        current && setDoc({ status: 'failed', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      current = false;
    };
  }, [data, focused, getDocument]);

  /** The point under canvas pixel (x, y), or null. */
  const pickAt = (x: number, y: number): number | null => {
    const deck = deckRef.current;
    if (!deck) return null;
    if (cpuPickRef.current) {
      const viewport = deck.getViewports()[0];
      if (!viewport) return null;
      const [wx, wy] = viewport.unproject([x, y]) as [number, number];
      const i = pickNearest(data.positions, points.order, wx, wy, PICK_PX / 2 ** viewport.zoom);
      return i >= 0 ? i : null;
    }
    const info = deck.pickObject({ x, y, radius: 4 });
    return (info?.object as PickedPoint | undefined)?.pointIndex ?? null;
  };

  // Clicks are told from drags here rather than by deck.gl's tap recogniser, which missed plain
  // clicks in headless Chromium; a press that barely moved picks the point under it.
  const pressRef = useRef<{ x: number; y: number } | null>(null);
  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (cpuPickRef.current) setHover(null);
    pressRef.current = e.button === 0 ? { x: e.clientX, y: e.clientY } : null;
  };
  const onPointerUp = (e: ReactPointerEvent<HTMLDivElement>) => {
    const press = pressRef.current;
    pressRef.current = null;
    const deck = deckRef.current;
    if (!press || !deck || lassoOn || Math.hypot(e.clientX - press.x, e.clientY - press.y) > 4) return;
    const box = e.currentTarget.getBoundingClientRect();
    const picked = pickAt(e.clientX - box.left, e.clientY - box.top);
    if (picked !== null) setFocused(picked);
  };
  // Hover for CPU picking (deck.gl's onHover does it otherwise).
  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (!cpuPickRef.current || e.buttons !== 0 || lassoOn) return;
    const box = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - box.left;
    const y = e.clientY - box.top;
    const picked = pickAt(x, y);
    setHover(picked === null ? null : { pointIndex: picked, x, y });
  };
  // The tooltip would stay put while the map moves under it.
  const onPointerLeave = () => {
    if (cpuPickRef.current) setHover(null);
  };

  const topicLabel = (i: number) => {
    const c = data.clusterIds[i]!;
    return c < 0 ? NOISE_LABEL : labelFor(c);
  };

  // The tooltip beside the pointer, flipped and kept inside the canvas near its edges; placed from
  // its measured size before the browser paints it.
  useLayoutEffect(() => {
    const tip = tooltipRef.current;
    const el = containerRef.current;
    if (!hover || !tip || !el) return;
    const { left, top } = placeTooltip(
      hover,
      { w: tip.offsetWidth, h: tip.offsetHeight },
      { width: el.clientWidth, height: el.clientHeight },
    );
    tip.style.left = `${left}px`;
    tip.style.top = `${top}px`;
  }, [hover]);

  // A document opened or a selection made shows the side panel, even when it was folded away.
  useEffect(() => {
    if (focused !== null || selectionRef.current.length > 0) setSideOpen(true);
  }, [focused, selectionVersion]);
  const lassoPoint = (e: ReactPointerEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    return [e.clientX - box.left, e.clientY - box.top] as const;
  };
  const finishLasso = () => {
    const ring = lasso;
    setLasso(null);
    const viewport = deckRef.current?.getViewports()[0];
    if (!ring || ring.length < 6 || !viewport) return;
    const world: number[] = [];
    for (let k = 0; k < ring.length; k += 2) {
      const [x, y] = viewport.unproject([ring[k]!, ring[k + 1]!]) as [number, number];
      world.push(x, y);
    }
    selectionRef.current = lassoSelect(data.positions, points.order, world);
    setSelectionVersion((v) => v + 1);
  };
  const clearSelection = () => {
    selectionRef.current = EMPTY;
    setSelectionVersion((v) => v + 1);
  };
  const selected = selectionRef.current.length;

  // Escape closes what the map opened: the document panel, the lasso selection, the tooltip.
  const onKeyDown = (e: ReactKeyboardEvent<HTMLElement>) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    const open = focused !== null || selected > 0 || hover !== null || lasso !== null;
    if (!open) return;
    setFocused(null);
    setHover(null);
    setLasso(null);
    if (selected > 0) clearSelection();
    e.preventDefault();
  };

  const topicRows = legend.filter((row) => row.clusterId >= 0);
  const swatch = (clusterId: number) => {
    const [r, g, b] = topicColor(clusterId, theme);
    return `rgb(${r} ${g} ${b})`;
  };

  return (
    <section className="cluster-map" aria-label="Cluster map" onKeyDown={onKeyDown}>
      <div className="cluster-map-toolbar">
        <input
          type="search"
          placeholder="Search titles"
          aria-label="Search titles"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        {matches && (
          <span data-testid="search-matches">
            {countMask(matches).toLocaleString('en-US')} matching titles
          </span>
        )}
        <label>
          <input type="checkbox" checked={showNoise} onChange={(e) => setShowNoise(e.target.checked)} /> Show
          noise
        </label>
        {assignedCount > 0 && (
          <label
            className="cluster-map-assigned-toggle"
            title="Documents HDBSCAN left as noise and placed in a nearby topic afterwards, drawn as smaller, fainter dots"
          >
            <input
              type="checkbox"
              checked={showAssigned}
              onChange={(e) => setShowAssigned(e.target.checked)}
            />{' '}
            <span className="assigned-dot" aria-hidden="true" /> Show assigned (
            {assignedCount.toLocaleString('en-US')})
          </label>
        )}
        <button type="button" aria-pressed={lassoOn} onClick={() => setLassoOn((on) => !on)}>
          Lasso
        </button>
        {highlightClusters && topic === null && !matches && (
          <span className="cluster-map-highlight" data-testid="map-highlight">
            Highlighting “{highlightLabel ?? 'selection'}”: {(highlighted ?? 0).toLocaleString('en-US')}{' '}
            documents
            {onClearHighlight && (
              <button
                type="button"
                className="icon-button"
                aria-label="Clear highlight"
                onClick={onClearHighlight}
              >
                ×
              </button>
            )}
          </span>
        )}
        <button
          type="button"
          className="cluster-map-side-toggle"
          aria-expanded={sideOpen}
          aria-controls={sideId}
          title={sideOpen ? 'Fold the legend and document panel away' : 'Show the legend and document panel'}
          onClick={() => setSideOpen((open) => !open)}
        >
          Legend
        </button>
      </div>
      <div className={`cluster-map-body${sideOpen ? '' : ' is-side-closed'}`}>
        <div
          className="cluster-map-canvas"
          ref={containerRef}
          data-testid="cluster-map-canvas"
          data-highlighted={highlighted ?? undefined}
          data-drawn-points={points.order.length}
          data-highlight-clusters={
            highlightClusters && topic === null && !matches ? highlightClusters.join(',') : undefined
          }
          onPointerDown={onPointerDown}
          onPointerUp={onPointerUp}
          onPointerMove={onPointerMove}
          onPointerLeave={onPointerLeave}
          onWheel={onPointerLeave}
        >
          {lassoOn && (
            <svg
              className="cluster-map-lasso"
              data-testid="lasso-overlay"
              onPointerDown={(e) => {
                e.currentTarget.setPointerCapture(e.pointerId);
                setLasso([...lassoPoint(e)]);
              }}
              onPointerMove={(e) => {
                if (!lasso) return;
                const [x, y] = lassoPoint(e);
                const n = lasso.length;
                if (Math.hypot(x - lasso[n - 2]!, y - lasso[n - 1]!) >= 3) setLasso([...lasso, x, y]);
              }}
              onPointerUp={finishLasso}
            >
              {lasso && <polygon points={lasso.join(' ')} />}
            </svg>
          )}
          {hover && (
            <div
              className="cluster-map-tooltip"
              role="tooltip"
              ref={tooltipRef}
              style={{ left: hover.x + 12, top: hover.y + 12 }}
            >
              <strong>{data.titles[hover.pointIndex]}</strong>
              <span>{topicLabel(hover.pointIndex)}</span>
            </div>
          )}
        </div>
        <aside className="cluster-map-side" id={sideId} hidden={!sideOpen}>
          {focused !== null && (
            <section className="cluster-map-document" aria-label="Document">
              <h3>{data.titles[focused]}</h3>
              <dl>
                <dt>Topic</dt>
                <dd data-testid="document-topic">{topicLabel(focused)}</dd>
                <dt>Membership</dt>
                <dd data-testid="membership">{data.probabilities[focused]!.toFixed(2)}</dd>
                {data.assigned[focused] === 1 && data.clusterIds[focused]! >= 0 && (
                  <>
                    <dt>Placed</dt>
                    <dd data-testid="assigned-strength">
                      after clustering
                      {Number.isFinite(data.strengths[focused]!)
                        ? `, strength ${data.strengths[focused]!.toFixed(2)}`
                        : ''}
                    </dd>
                  </>
                )}
              </dl>
              {doc?.status === 'loading' && <p role="status">Loading the abstract…</p>}
              {doc?.status === 'ready' && <p className="cluster-map-abstract">{doc.abstract}</p>}
              {doc?.status === 'failed' && <p role="alert">Could not load the document: {doc.message}</p>}
              <button type="button" onClick={() => setFocused(null)}>
                Close
              </button>
            </section>
          )}
          {selected > 0 && (
            <section className="cluster-map-selection" aria-label="Selection">
              <p data-testid="selection-count">{selected.toLocaleString('en-US')} selected</p>
              <select
                aria-label="Target topic"
                value={target}
                onChange={(e) => setTarget(e.target.value === '' ? '' : Number(e.target.value))}
              >
                <option value="">Move to topic…</option>
                {data.topics.map((t) => (
                  <option key={t.clusterId} value={t.clusterId}>
                    {labelFor(t.clusterId)}
                  </option>
                ))}
              </select>
              <button
                type="button"
                disabled={target === '' || moving}
                aria-busy={moving}
                onClick={() => {
                  if (target === '') return;
                  const ids = Array.from(selectionRef.current, (i) => data.documentIds[i]!);
                  onMoveToTopic({ documentIds: ids, clusterId: target });
                }}
              >
                {moveButtonText(selected)}
              </button>
              <button type="button" onClick={clearSelection}>
                Clear
              </button>
            </section>
          )}
          <section aria-label="Legend" className="cluster-map-legend-section">
            {noiseCount > 0 && (
              <button
                type="button"
                className="cluster-map-legend-noise"
                data-testid="legend-noise"
                aria-pressed={showNoise}
                title={showNoise ? 'Hide the unplaced documents' : 'Show the unplaced documents'}
                onClick={() => setShowNoise((on) => !on)}
              >
                <span className="swatch" style={{ background: swatch(-1) }} />
                <span className="label">{NOISE_LABEL}</span>
                <span className="count">{noiseCount.toLocaleString('en-US')}</span>
              </button>
            )}
            <ul className="cluster-map-legend">
              {topicRows.map((row) => (
                <li key={row.clusterId} data-testid="legend-row" data-cluster-id={row.clusterId}>
                  <button
                    type="button"
                    aria-pressed={topic === row.clusterId}
                    onClick={() => setTopic((t) => (t === row.clusterId ? null : row.clusterId))}
                  >
                    <span className="swatch" style={{ background: swatch(row.clusterId) }} />
                    <span className="label">{labelFor(row.clusterId)}</span>
                    <span className="count">{row.count.toLocaleString('en-US')}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        </aside>
      </div>
    </section>
  );
}
