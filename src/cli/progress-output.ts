import type { Progress } from '../shared/progress';

export type ProgressMode = 'auto' | 'bar' | 'json' | 'none';

const fmtSeconds = (s: number): string =>
  s < 60
    ? `${s.toFixed(s < 10 ? 1 : 0)}s`
    : s < 3600
      ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`
      : `${(s / 3600).toFixed(1)}h`;

function fmtRate(rate: number, unit: string | undefined): string {
  if (unit === 'bytes') return `${(rate / 1e6).toFixed(1)} MB/s`;
  const n = rate >= 1000 ? `${(rate / 1000).toFixed(1)}k` : rate.toFixed(rate < 10 ? 1 : 0);
  return `${n} ${unit ?? 'items'}/s`;
}

/** One line of the progress bar, e.g. `import [#####-----]  50%  12,000 documents  20.1 MB/s  ETA 1.2s`. */
export function formatProgressLine(p: Progress, width = 24): string {
  const parts = [p.stage.padEnd(8)];
  if (p.total && p.total > 0) {
    const frac = Math.min(1, Math.max(0, p.done / p.total));
    const filled = Math.round(frac * width);
    parts.push(
      `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(frac * 100)).padStart(3)}%`,
    );
  } else {
    parts.push(`${p.done}${p.unit ? ` ${p.unit}` : ''}`);
  }
  if (p.message) parts.push(p.message);
  if (p.rate != null && p.rate > 0) parts.push(fmtRate(p.rate, p.unit));
  if (p.eta != null && p.total) parts.push(`ETA ${fmtSeconds(p.eta)}`);
  return parts.join('  ');
}

/**
 * Progress on stderr: a redrawn bar on a terminal, JSON lines when asked (for tools driving the
 * CLI), nothing otherwise so logs stay clean.
 */
export function progressWriter(
  mode: ProgressMode,
  stream: NodeJS.WriteStream = process.stderr,
): { report: (p: Progress) => void; done: () => void } {
  const effective = mode === 'auto' ? (stream.isTTY ? 'bar' : 'none') : mode;
  let drawn = false;
  let stage = '';
  return {
    report(p) {
      if (effective === 'json') stream.write(`${JSON.stringify({ progress: p })}\n`);
      else if (effective === 'bar') {
        // One line per stage: a new stage starts below the finished one.
        if (drawn && p.stage !== stage) stream.write('\n');
        stage = p.stage;
        const cols = stream.columns ?? 100;
        stream.write(
          `\r${formatProgressLine(p)
            .slice(0, cols - 1)
            .padEnd(cols - 1)}`,
        );
        drawn = true;
      }
    },
    done() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
