import type { Progress } from '../shared/progress';

export type ProgressTracker = {
  /** Reports `done` units; emits at most once per interval unless `force`. */
  update(done: number, options?: { total?: number | null; message?: string; force?: boolean }): void;
};

/**
 * Turns raw counters into throttled progress events with rate and ETA. Rate is over the whole
 * stage so far, which is steadier than an instantaneous rate for batchy work.
 */
export function progressTracker(
  stage: string,
  emit: (p: Progress) => void,
  options: { total?: number | null; unit?: string; intervalMs?: number; now?: () => number } = {},
): ProgressTracker {
  const now = options.now ?? (() => performance.now());
  const interval = options.intervalMs ?? 100;
  const started = now();
  let total = options.total ?? null;
  let last = -Infinity;
  return {
    update(done, o = {}) {
      if (o.total !== undefined) total = o.total;
      const t = now();
      if (!o.force && t - last < interval) return;
      last = t;
      const seconds = (t - started) / 1000;
      const rate = seconds > 0 ? done / seconds : null;
      const eta = rate && total != null && rate > 0 ? Math.max(0, (total - done) / rate) : null;
      emit({
        stage,
        done,
        total,
        rate,
        eta,
        ...(options.unit ? { unit: options.unit } : {}),
        ...(o.message ? { message: o.message } : {}),
      });
    },
  };
}
