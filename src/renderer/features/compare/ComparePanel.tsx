import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { TaxonomistApi } from '../../../shared/api';
import type { RunsComparisonWire } from '../../../shared/analysis';
import type { RequestOutput } from '../../../shared/contract';
import type { ClusterMapData } from '../cluster-map/map-data';
import { loadClusterMapData } from '../cluster-map/map-data';
import { CompareScatter } from './CompareScatter';
import { NewClusterRun } from './NewClusterRun';
import type { CompareSelection, MatchRow, MatchSort, MatchSortKey } from './compare-model';
import {
  clusterName,
  countSelected,
  decodeComparison,
  defaultMatchSort,
  describeClusterRun,
  maskForDocuments,
  matchRows,
  selectedDocuments,
  sortRows,
  toggleMatchSort,
} from './compare-model';
import { SortableHeader } from '../../components/SortableHeader';
import { useQuery } from '../../state/use-query';
import './compare.css';

type RunRow = RequestOutput<'runs:list'>['runs'][number];

type Loaded =
  | { status: 'idle' }
  | { status: 'loading' }
  | {
      status: 'ready';
      wire: RunsComparisonWire;
      maps: [ClusterMapData, ClusterMapData] | null;
      mapError: string | null;
    }
  | { status: 'failed'; message: string };

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const fixed = (v: number, digits = 3) => v.toFixed(digits);
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

const runLabel = (r: RunRow) =>
  `#${r.id}${r.name ? ` ${r.name}` : ''} · ${describeClusterRun(r.params)}${
    typeof r.metrics?.clusters === 'number' ? ` · ${r.metrics.clusters} clusters` : ''
  }`;

/** Two cluster runs side by side: agreement scores, the matched clusters, and linked maps. */
export function ComparePanel({ api, active = true }: { api: TaxonomistApi; active?: boolean }) {
  const [a, setA] = useState<number | null>(null);
  const [b, setB] = useState<number | null>(null);
  const [loaded, setLoaded] = useState<Loaded>({ status: 'idle' });
  const [sort, setSort] = useState<MatchSort>(defaultMatchSort);
  const [selection, setSelection] = useState<CompareSelection | null>(null);
  const shown = useRef<string | null>(null);

  // A finished job may have made a run (or changed the topics): the list and the comparison reload.
  const listed = useQuery(api, 'runs:list', { kind: 'cluster' }, { invalidateOn: ['job:finished'] });
  const runsError = listed.status === 'failed' ? listed.error : null;
  const answer = listed.status === 'ready' ? listed.data : null;
  const runs = useMemo(() => answer?.runs.filter((x) => x.status === 'done') ?? null, [answer]);
  /** Bumped with every new list of runs. */
  const [version, setVersion] = useState(0);
  const [seen, setSeen] = useState<RunRow[] | null>(null);
  if (runs !== null && runs !== seen) {
    // Newest first: compare the newest run (B) with the one before it (A). Set while rendering, as
    // React advises for state that follows another's change.
    setSeen(runs);
    setVersion((v) => v + 1);
    setA((v) => (v !== null && runs.some((x) => x.id === v) ? v : (runs[1]?.id ?? runs[0]?.id ?? null)));
    setB((v) => (v !== null && runs.some((x) => x.id === v) ? v : (runs[0]?.id ?? null)));
  }

  useEffect(() => {
    if (!active || a === null || b === null) return;
    // Coming back to the tab keeps the comparison and its selection unless the runs or data changed.
    const key = `${a}:${b}:${version}`;
    if (shown.current === key) return;
    shown.current = key;
    // Answers for runs no longer shown are dropped; leaving the tab does not drop them.
    const current = () => shown.current === key;
    setLoaded({ status: 'loading' });
    setSelection(null);
    api.runsCompare({ a, b }).then(
      (wire) => {
        if (!current()) return;
        setLoaded({ status: 'ready', wire, maps: null, mapError: null });
        Promise.all([
          loadClusterMapData(api, { clusterRunId: a }),
          loadClusterMapData(api, { clusterRunId: b }),
        ]).then(
          (maps) =>
            current() &&
            setLoaded((l) => (l.status === 'ready' && l.wire === wire ? { ...l, maps, mapError: null } : l)),
          (e: unknown) =>
            current() &&
            setLoaded((l) =>
              l.status === 'ready' && l.wire === wire ? { ...l, mapError: messageOf(e) } : l,
            ),
        );
      },
      (e: unknown) => current() && setLoaded({ status: 'failed', message: messageOf(e) }),
    );
  }, [api, a, b, active, version]);

  const wire = loaded.status === 'ready' ? loaded.wire : null;
  const arrays = useMemo(() => (wire ? decodeComparison(wire) : null), [wire]);
  const rows = useMemo(() => (wire ? sortRows(matchRows(wire), sort) : []), [wire, sort]);
  const selected = useMemo(() => (arrays ? selectedDocuments(arrays, selection) : null), [arrays, selection]);
  const maps = loaded.status === 'ready' ? loaded.maps : null;
  const masks = useMemo(() => {
    if (!maps || !arrays || !selected || !selection) return null;
    return maps.map((m) => maskForDocuments(arrays.documentIds, selected, m.documentIds)) as [
      Uint8Array,
      Uint8Array,
    ];
  }, [maps, arrays, selected, selection]);

  const selectRow = (r: MatchRow) =>
    setSelection((s) =>
      s?.kind === 'row' && s.key === r.key ? null : { kind: 'row', key: r.key, a: r.a, b: r.b },
    );
  const selectCluster = (side: 'a' | 'b', clusterId: number | null) =>
    setSelection(clusterId === null ? null : { kind: 'cluster', side, clusterId });

  const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, r: MatchRow) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      selectRow(r);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = (
        e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling
      ) as HTMLElement | null;
      next?.focus();
    }
  };

  const rowSelected = (r: MatchRow) => {
    if (!selection) return false;
    if (selection.kind === 'row') return selection.key === r.key;
    return selection.side === 'a' ? r.a === selection.clusterId : r.b === selection.clusterId;
  };

  const header = (key: MatchSortKey, text: string, className?: string) => (
    <SortableHeader
      sort={sort}
      column={key}
      label={text}
      className={className}
      onSort={(k) => setSort((s) => toggleMatchSort(s, k))}
    />
  );

  if (runsError)
    return (
      <p role="alert" className="panel-error">
        Could not list the cluster runs: {runsError}
      </p>
    );
  if (runs === null) return <p className="panel-note">Loading cluster runs…</p>;
  if (runs.length < 2)
    return (
      <div className="compare-panel">
        <p className="panel-note compare-empty">
          Comparing needs two finished cluster runs; this project has {runs.length}. Make another here with a
          different minimum cluster size or selection method (the vectors and the layout are reused).
        </p>
        {runs.length > 0 && <NewClusterRun api={api} />}
      </div>
    );

  const picker = (side: 'A' | 'B', value: number | null, set: (v: number) => void) => (
    <label className="compare-pick">
      <span>Run {side}</span>
      <select aria-label={`Run ${side}`} value={value ?? ''} onChange={(e) => set(Number(e.target.value))}>
        {runs.map((r) => (
          <option key={r.id} value={r.id}>
            {runLabel(r)}
          </option>
        ))}
      </select>
    </label>
  );

  const chip = (side: 'a' | 'b', id: number) => {
    const ref = (side === 'a' ? wire?.clustersA : wire?.clustersB)?.[id];
    const pressed = selection?.kind === 'cluster' && selection.side === side && selection.clusterId === id;
    return (
      <button
        key={`${side}${id}`}
        type="button"
        className="cluster-chip"
        aria-pressed={pressed}
        onClick={() => selectCluster(side, pressed ? null : id)}
      >
        {clusterName(side === 'a' ? 'A' : 'B', id, ref?.label ?? null)}
      </button>
    );
  };

  const selectedCount = selected ? countSelected(selected) : 0;

  return (
    <div className="compare-panel" onKeyDown={(e) => e.key === 'Escape' && setSelection(null)}>
      <div className="panel-toolbar compare-pickers">
        {picker('A', a, setA)}
        <button
          type="button"
          aria-label="Swap runs A and B"
          title="Swap runs"
          onClick={() => {
            setA(b);
            setB(a);
          }}
        >
          ⇄
        </button>
        {picker('B', b, setB)}
      </div>
      <details className="compare-new-run">
        <summary>Make another cluster run…</summary>
        <NewClusterRun api={api} />
      </details>

      {loaded.status === 'loading' && <p className="panel-note">Comparing…</p>}
      {loaded.status === 'failed' && (
        <p role="alert" className="panel-error">
          Could not compare the runs: {loaded.message}
        </p>
      )}
      {wire && arrays && (
        <>
          <dl className="compare-scores" aria-label="Agreement">
            <div>
              <dt>ARI</dt>
              <dd data-testid="compare-ari">{fixed(wire.ari)}</dd>
            </div>
            <div>
              <dt>NMI</dt>
              <dd data-testid="compare-nmi">{fixed(wire.nmi)}</dd>
            </div>
            <div>
              <dt>Documents</dt>
              <dd>{wire.sharedDocuments.toLocaleString('en-US')}</dd>
            </div>
            {(['A', 'B'] as const).map((side) => {
              const r = side === 'A' ? wire.runA : wire.runB;
              return (
                <div key={side}>
                  <dt>Run {side}</dt>
                  <dd>
                    {r.clusters} clusters · {pct(r.noiseFraction)} noise
                    <span className="compare-params">
                      {describeClusterRun(r.params)}
                      {r.precision ? ` · ${r.precision}` : ''}
                    </span>
                  </dd>
                </div>
              );
            })}
          </dl>
          <p className="panel-note">
            ARI and NMI are 1 for identical clusterings and near 0 for unrelated ones; noise counts as one
            class.
          </p>

          <div className="compare-changes">
            {wire.splits.length > 0 && (
              <div>
                <h3>Split</h3>
                {wire.splits.map((s) => (
                  <span key={s.a} className="change-item">
                    {chip('a', s.a)} → {s.into.map((x) => chip('b', x))}
                  </span>
                ))}
              </div>
            )}
            {wire.merges.length > 0 && (
              <div>
                <h3>Merged</h3>
                {wire.merges.map((m) => (
                  <span key={m.b} className="change-item">
                    {m.from.map((x) => chip('a', x))} → {chip('b', m.b)}
                  </span>
                ))}
              </div>
            )}
            {wire.vanished.length > 0 && (
              <div>
                <h3>Vanished from A</h3>
                {wire.vanished.map((x) => chip('a', x))}
              </div>
            )}
            {wire.appeared.length > 0 && (
              <div>
                <h3>Appeared in B</h3>
                {wire.appeared.map((x) => chip('b', x))}
              </div>
            )}
            {!wire.splits.length && !wire.merges.length && !wire.vanished.length && !wire.appeared.length && (
              <p className="panel-note">No cluster split, merged, vanished or appeared.</p>
            )}
          </div>

          <div className="compare-body">
            <div className="topics-scroll compare-table-scroll">
              <table className="topics-table compare-table" aria-label="Matched clusters">
                <thead>
                  <tr>
                    {header('a', 'Run A cluster')}
                    {header('sizeA', 'Size A', 'col-num')}
                    {header('b', 'Run B cluster')}
                    {header('sizeB', 'Size B', 'col-num')}
                    {header('overlap', 'Overlap', 'col-num')}
                    {header('jaccard', 'Jaccard', 'col-num')}
                    {header('change', 'Change')}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr
                      key={r.key}
                      data-testid={`match-${r.key}`}
                      className={rowSelected(r) ? 'is-selected' : undefined}
                      aria-selected={rowSelected(r)}
                      tabIndex={0}
                      onClick={() => selectRow(r)}
                      onKeyDown={(e) => onRowKey(e, r)}
                    >
                      <td>{clusterName('A', r.a, r.labelA)}</td>
                      <td className="col-num">{r.a === null ? '' : r.sizeA}</td>
                      <td>{clusterName('B', r.b, r.labelB)}</td>
                      <td className="col-num">{r.b === null ? '' : r.sizeB}</td>
                      <td className="col-num">{r.a !== null && r.b !== null ? r.overlap : ''}</td>
                      <td className="col-num">{r.a !== null && r.b !== null ? fixed(r.jaccard, 2) : ''}</td>
                      <td className="col-change">{r.change}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="compare-maps">
              <p className="panel-note" role="status" data-testid="compare-selection">
                {selection
                  ? `${selectedCount.toLocaleString('en-US')} documents selected, highlighted in both runs (Esc clears).`
                  : 'Click a row, a cluster or a point to highlight its documents in both runs.'}
              </p>
              {loaded.status === 'ready' && loaded.mapError && (
                <p className="panel-note">No map to draw: {loaded.mapError}</p>
              )}
              {maps && (
                <div className="compare-scatters">
                  <CompareScatter
                    name="Run A"
                    data={maps[0]}
                    mask={masks?.[0] ?? null}
                    selectedCount={masks ? countSelected(masks[0]) : 0}
                    onPick={(c) => selectCluster('a', c)}
                  />
                  <CompareScatter
                    name="Run B"
                    data={maps[1]}
                    mask={masks?.[1] ?? null}
                    selectedCount={masks ? countSelected(masks[1]) : 0}
                    onPick={(c) => selectCluster('b', c)}
                  />
                </div>
              )}
            </div>
          </div>
        </>
      )}
    </div>
  );
}
