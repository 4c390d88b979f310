import type { Progress } from '../../../shared/progress';

export type StageState = Progress & { complete: boolean };

/**
 * Folds one progress event into the per-stage list: stages keep the order they first appeared in,
 * and a new stage marks the ones before it complete (the build runs its stages one after another).
 */
export function applyProgress(stages: readonly StageState[], p: Progress): StageState[] {
  const at = stages.findIndex((s) => s.stage === p.stage);
  const next = { ...p, complete: p.total !== null && p.total > 0 && p.done >= p.total };
  if (at >= 0) return stages.map((s, i) => (i === at ? next : s));
  const before = stages.map((s) => (s.complete ? s : { ...s, done: s.total ?? s.done, complete: true }));
  return [...before, next];
}

/** Marks every stage complete (the job finished). */
export const completeAll = (stages: readonly StageState[]): StageState[] =>
  stages.map((s) => ({ ...s, done: s.total ?? s.done, complete: true }));

const stageTitles: Record<string, string> = {
  import: 'Import',
  embed: 'Embed',
  quantize: 'Quantize',
  knn: 'Nearest neighbours',
  umap: 'UMAP layout',
  reduce: 'Reduce',
  cluster: 'Cluster (HDBSCAN)',
  label: 'Label topics',
  taxonomy: 'Taxonomy',
};

/** A stage's name for people: the engine's id, spelled out where it is an abbreviation. */
export function stageTitle(stage: string): string {
  return stageTitles[stage] ?? stage.charAt(0).toUpperCase() + stage.slice(1).replace(/[-_]/g, ' ');
}

/** 0..1, or null when the total is unknown (an indeterminate bar). */
export function fraction(p: Pick<Progress, 'done' | 'total'>): number | null {
  if (p.total === null || p.total <= 0) return null;
  return Math.min(1, Math.max(0, p.done / p.total));
}

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** "1,234 docs/s"; small rates keep a decimal; null when there is no rate yet. */
export function formatRate(rate: number | null | undefined, unit = 'items'): string | null {
  if (rate === null || rate === undefined || !Number.isFinite(rate) || rate <= 0) return null;
  return `${(rate < 10 ? oneDecimal : whole).format(rate)} ${unit}/s`;
}

/** "45 s", "3 min 05 s", "1 h 02 min"; null when unknown. */
export function formatEta(seconds: number | null | undefined): string | null {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return null;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** "120 / 300" with thousands separators, or just the count when the total is unknown. */
export function formatCount(p: Pick<Progress, 'done' | 'total'>): string {
  return p.total === null ? whole.format(p.done) : `${whole.format(p.done)} / ${whole.format(p.total)}`;
}

/** What the person can do about a failed build, by error code and, for some, by message. */
export function nextStep(code: string, message: string): string {
  const m = message.toLowerCase();
  if (code === 'CANCELLED')
    return 'Run again when ready: unchanged stages are skipped, so it resumes where it stopped.';
  if (m.includes('api key') || m.includes('unauthorized') || m.includes('401'))
    return 'Add the provider’s API key in settings, or choose the keywords provider to label offline.';
  if (m.includes('model') && (m.includes('offline') || m.includes('download') || m.includes('cache')))
    return 'Choose the use-lite model, or put the model in the model cache and run again.';
  if (code === 'INVALID_INPUT' || code === 'USAGE')
    return 'Check the parameters named in the message, fix them, and run again.';
  if (code === 'NOT_FOUND')
    return 'Check the corpus path, or leave it blank to rebuild the documents already imported.';
  if (code === 'IMPORT_FAILED')
    return 'Fix the rows or the column mapping the message names, then run again.';
  if (code === 'PROJECT_LOCKED')
    return 'Another job or window holds the project: wait for it or close it, then run again.';
  return 'Run again: finished stages are kept. If it fails the same way, the message above says where.';
}
