import { useMemo, useState } from 'react';
import type { KeyboardEvent, MouseEvent } from 'react';
import type { DiagnosticsWire } from '../../../shared/analysis';
import type { Box } from './charts';
import {
  barAt,
  cellAt,
  formatBytes,
  formatCountShort,
  formatPercent,
  heatLevel,
  heatmapCells,
  histogramBars,
  niceTicks,
  offDiagonalRange,
  shortTitle,
} from './charts';

const count = new Intl.NumberFormat('en-US');
const value = (v: number) => (Math.abs(v) < 0.01 && v !== 0 ? v.toExponential(2) : v.toFixed(3));

/** Arrow keys step an index within [0, length), Home/End jump; null when the key does nothing. */
function stepIndex(key: string, at: number, length: number, step = 1): number | null {
  if (key === 'ArrowRight' || key === 'ArrowDown') return Math.min(length - 1, Math.max(0, at) + step);
  if (key === 'ArrowLeft' || key === 'ArrowUp') return Math.max(0, (at < 0 ? 0 : at) - step);
  if (key === 'Home') return 0;
  if (key === 'End') return length - 1;
  return null;
}

/** The histogram's drawing area, in SVG units. */
const histogramBox: Box = { width: 560, height: 200, left: 44, right: 8, top: 8, bottom: 28 };

export function ValueHistogram({ histogram }: { histogram: DiagnosticsWire['histogram'] }) {
  const bars = useMemo(
    () => histogramBars(histogram.counts, histogram.min, histogram.max, histogramBox),
    [histogram],
  );
  const ticks = useMemo(() => niceTicks(histogram.min, histogram.max, 6), [histogram]);
  const [hover, setHover] = useState(-1);
  const plotW = histogramBox.width - histogramBox.left - histogramBox.right;
  const plotH = histogramBox.height - histogramBox.top - histogramBox.bottom;
  const xOf = (v: number) =>
    histogramBox.left + ((v - histogram.min) / (histogram.max - histogram.min || 1)) * plotW;
  const peak = Math.max(...histogram.counts, 0);
  const total = histogram.counts.reduce((s, c) => s + c, 0);
  const bar = hover >= 0 ? bars[hover] : undefined;

  const onMove = (e: MouseEvent<SVGSVGElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    setHover(barAt(bars, ((e.clientX - r.left) / r.width) * histogramBox.width));
  };
  const onKey = (e: KeyboardEvent<SVGSVGElement>) => {
    const next = stepIndex(e.key, hover, bars.length);
    if (next === null) return;
    e.preventDefault();
    setHover(next);
  };

  return (
    <figure className="diag-figure" data-testid="diag-histogram">
      <figcaption>
        <h3>Embedding values</h3>
        <span className="panel-note">
          {count.format(total)} float32 values in {histogram.counts.length} bins, from {value(histogram.min)}{' '}
          to {value(histogram.max)}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${histogramBox.width} ${histogramBox.height}`}
        className="diag-svg"
        role="img"
        tabIndex={0}
        aria-label={`Histogram of embedding values from ${value(histogram.min)} to ${value(histogram.max)}; arrow keys step through the bins`}
        onMouseMove={onMove}
        onMouseLeave={() => setHover(-1)}
        onKeyDown={onKey}
        onBlur={() => setHover(-1)}
      >
        <line
          className="axis"
          x1={histogramBox.left}
          x2={histogramBox.left + plotW}
          y1={histogramBox.top + plotH}
          y2={histogramBox.top + plotH}
        />
        {bars.map((b) => (
          <rect
            key={b.index}
            className={`hist-bar${b.index === hover ? ' is-hover' : ''}`}
            x={b.x + 0.5}
            y={b.y}
            width={Math.max(0.5, b.width - 1)}
            height={b.height}
          />
        ))}
        {ticks.map((t) => (
          <g key={t} transform={`translate(${xOf(t)}, ${histogramBox.top + plotH})`}>
            <line className="axis" y2={4} />
            <text className="tick" y={16} textAnchor="middle">
              {+t.toFixed(4)}
            </text>
          </g>
        ))}
        <text className="tick" x={histogramBox.left - 6} y={histogramBox.top + 8} textAnchor="end">
          {formatCountShort(peak)}
        </text>
        <text className="tick" x={histogramBox.left - 6} y={histogramBox.top + plotH} textAnchor="end">
          0
        </text>
      </svg>
      <p className="diag-readout" role="status" data-testid="diag-histogram-readout">
        {bar
          ? `${value(bar.from)} to ${value(bar.to)}: ${count.format(bar.count)} values (${formatPercent((100 * bar.count) / (total || 1), 2)})`
          : 'Hover or use the arrow keys for a bin’s count.'}
      </p>
    </figure>
  );
}

export function CalibrationCoverage({ d }: { d: DiagnosticsWire }) {
  const inside = Math.min(100, Math.max(0, d.calibrationCoverage));
  return (
    <figure className="diag-figure" data-testid="diag-coverage">
      <figcaption>
        <h3>Calibration coverage</h3>
        <span className="panel-note">
          Scalar quantization maps each dimension’s range in a calibration set of{' '}
          {count.format(d.calibration.size)} {d.calibration.method === 'seeded' ? 'sampled' : 'first'}{' '}
          embeddings onto 256 levels; values outside it are clipped.
        </span>
      </figcaption>
      <div
        className="coverage-bar"
        role="meter"
        aria-label="Values inside the calibration range"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={+inside.toFixed(3)}
      >
        <div className="coverage-inside" style={{ width: `${inside}%` }} />
      </div>
      <p className="diag-readout">
        <strong>{formatPercent(inside, 3)}</strong> of values inside the range,{' '}
        {formatPercent(100 - inside, 3)} clipped (average over {d.set.dims} dimensions).
      </p>
    </figure>
  );
}

export function MemoryTable({ d }: { d: DiagnosticsWire }) {
  return (
    <figure className="diag-figure diag-memory" data-testid="diag-memory">
      <figcaption>
        <h3>Memory per precision</h3>
        <span className="panel-note">
          {count.format(d.set.documents)} embeddings of {d.set.dims} dimensions ({d.set.model}); projections
          for larger collections.
        </span>
      </figcaption>
      <div className="diag-table-scroll">
        <table className="diag-table" aria-label="Memory per precision">
          <thead>
            <tr>
              <th scope="col">Precision</th>
              <th scope="col">Per embedding</th>
              <th scope="col">This corpus</th>
              <th scope="col">Saved</th>
              <th scope="col">Mean abs. error</th>
              {d.projected.map((p) => (
                <th key={p.embeddings} scope="col">
                  {formatCountShort(p.embeddings)} docs
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {d.precisions.map((p) => (
              <tr key={p.precision}>
                <th scope="row">{p.precision}</th>
                <td>{formatBytes(p.bytesPerEmbedding)}</td>
                <td>{formatBytes(p.bytes)}</td>
                <td>{formatPercent(p.compression, 1)}</td>
                <td>
                  {p.reconstructionError === null
                    ? '—'
                    : p.reconstructionError === 0
                      ? '0'
                      : p.reconstructionError.toExponential(2)}
                </td>
                {d.projected.map((row) => (
                  <td key={row.embeddings}>{formatBytes(row.bytes[p.precision] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

export function RecallBars({ d }: { d: DiagnosticsWire }) {
  const width = 420;
  const rowH = 24;
  const left = 72;
  const plotW = width - left - 56;
  const height = d.precisions.length * rowH + 8;
  return (
    <figure className="diag-figure" data-testid="diag-recall">
      <figcaption>
        <h3>Neighbour recall@{d.neighbours.k}</h3>
        <span className="panel-note">
          Share of float32’s exact {d.neighbours.k} nearest neighbours each precision finds, over{' '}
          {count.format(d.neighbours.queries)} seeded queries (seed {d.neighbours.seed}).
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        className="diag-svg diag-recall"
        role="list"
        aria-label="Recall per precision"
      >
        {d.precisions.map((p, i) => (
          <g
            key={p.precision}
            role="listitem"
            aria-label={`${p.precision}: recall ${formatPercent(100 * p.recallAt10, 1)}`}
            transform={`translate(0, ${4 + i * rowH})`}
          >
            <text className="tick" x={left - 8} y={rowH / 2 + 4} textAnchor="end">
              {p.precision}
            </text>
            <rect className="recall-track" x={left} y={4} width={plotW} height={rowH - 8} rx={3} />
            <rect
              className="recall-bar"
              x={left}
              y={4}
              width={Math.max(0, Math.min(1, p.recallAt10)) * plotW}
              height={rowH - 8}
              rx={3}
            >
              <title>{`${p.precision}: ${formatPercent(100 * p.recallAt10, 1)}`}</title>
            </rect>
            <text className="tick" x={left + plotW + 6} y={rowH / 2 + 4}>
              {formatPercent(100 * p.recallAt10, 1)}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}

export function SimilarityHeatmap({ similarity }: { similarity: DiagnosticsWire['titleSimilarity'] }) {
  const { matrix, titles } = similarity;
  const m = matrix.length;
  const cell = m > 24 ? 14 : 20;
  const left = 28;
  const top = 28;
  const size = left + m * cell + 4;
  const cells = useMemo(() => heatmapCells(matrix, cell, left, top), [matrix, cell]);
  const range = useMemo(() => offDiagonalRange(matrix), [matrix]);
  const [active, setActive] = useState<{ row: number; col: number } | null>(null);

  const onMove = (e: MouseEvent<SVGSVGElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const scale = size / r.width;
    setActive(cellAt(m, cell, left, top, (e.clientX - r.left) * scale, (e.clientY - r.top) * scale));
  };
  const onKey = (e: KeyboardEvent<SVGSVGElement>) => {
    const at = active ?? { row: 0, col: 0 };
    let { row, col } = at;
    if (e.key === 'ArrowRight') col = Math.min(m - 1, col + 1);
    else if (e.key === 'ArrowLeft') col = Math.max(0, col - 1);
    else if (e.key === 'ArrowDown') row = Math.min(m - 1, row + 1);
    else if (e.key === 'ArrowUp') row = Math.max(0, row - 1);
    else if (e.key !== 'Home') return;
    e.preventDefault();
    setActive(e.key === 'Home' ? { row: 0, col: 0 } : { row, col });
  };
  const v = active ? matrix[active.row]![active.col]! : null;

  return (
    <figure className="diag-figure diag-heatmap" data-testid="diag-heatmap">
      <figcaption>
        <h3>Title similarity</h3>
        <span className="panel-note">
          Cosine similarity of the float32 embeddings of {m} seeded papers; off the diagonal from{' '}
          {range.min.toFixed(2)} to {range.max.toFixed(2)}.
        </span>
      </figcaption>
      <div className="heatmap-layout">
        <svg
          viewBox={`0 0 ${size} ${size}`}
          width={size}
          height={size}
          className="diag-svg"
          role="img"
          tabIndex={0}
          aria-label={`Similarity matrix of ${m} paper titles; arrow keys move between cells`}
          onMouseMove={onMove}
          onMouseLeave={() => setActive(null)}
          onKeyDown={onKey}
          onBlur={() => setActive(null)}
        >
          {titles.map((_, i) => (
            <g key={i}>
              <text className="tick" x={left - 4} y={top + i * cell + cell / 2 + 4} textAnchor="end">
                {i + 1}
              </text>
              <text className="tick" x={left + i * cell + cell / 2} y={top - 6} textAnchor="middle">
                {i + 1}
              </text>
            </g>
          ))}
          {cells.map((c) => (
            <rect
              key={`${c.row}-${c.col}`}
              className={`heat-cell${active && active.row === c.row && active.col === c.col ? ' is-active' : ''}`}
              x={c.x}
              y={c.y}
              width={c.size}
              height={c.size}
              style={{
                fill: `color-mix(in srgb, var(--accent) ${Math.round(100 * heatLevel(c.value, range.min))}%, var(--panel))`,
              }}
            />
          ))}
        </svg>
        <ol className="heatmap-titles">
          {titles.map((t, i) => (
            <li
              key={i}
              className={active && (active.row === i || active.col === i) ? 'is-active' : undefined}
              title={t}
            >
              {shortTitle(t, 70)}
            </li>
          ))}
        </ol>
      </div>
      <p className="diag-readout" role="status" data-testid="diag-heatmap-readout">
        {active && v !== null
          ? `${active.row + 1}. “${shortTitle(titles[active.row] ?? '', 60)}” and ${active.col + 1}. “${shortTitle(titles[active.col] ?? '', 60)}”: similarity ${v.toFixed(3)}`
          : 'Hover a cell (or focus the matrix and use the arrow keys) for the two titles and their similarity.'}
      </p>
    </figure>
  );
}
