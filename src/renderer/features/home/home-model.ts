import type { RecentProject } from '../../../shared/contract';

/** The file's name without its folder (either separator: the host may be Windows). */
export function fileName(path: string): string {
  const parts = path.split(/[/\\]/);
  return parts[parts.length - 1] || path;
}

/** 1536 -> "1.5 KB"; whole bytes below a kilobyte. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** "just now", "5 minutes ago", "3 days ago", else the date (for `now` in the same clock). */
export function formatWhen(iso: string, now: number = Date.now()): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return '';
  const s = Math.max(0, Math.round((now - t) / 1000));
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'} ago`;
  if (s < 60) return 'just now';
  if (s < 3600) return plural(Math.floor(s / 60), 'minute');
  if (s < 86_400) return plural(Math.floor(s / 3600), 'hour');
  if (s < 30 * 86_400) return plural(Math.floor(s / 86_400), 'day');
  return new Date(t).toISOString().slice(0, 10);
}

/** The line under a recent project's name: documents, size, when it changed; or why it cannot open. */
export function recentSummary(p: RecentProject, now?: number): string {
  if (!p.exists) return 'File not found';
  const parts: string[] = [];
  if (p.documents !== null)
    parts.push(`${p.documents.toLocaleString('en-US')} document${p.documents === 1 ? '' : 's'}`);
  if (p.bytes !== null) parts.push(formatBytes(p.bytes));
  if (p.modifiedAt) parts.push(`changed ${formatWhen(p.modifiedAt, now)}`);
  return parts.join(' · ');
}

/** Where focus goes in the recent list for a key (null: the key is not the list's). */
export function nextRecentIndex(key: string, at: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return Math.min(at + 1, count - 1);
    case 'ArrowUp':
      return Math.max(at - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/** What to tell the curator next to an error from opening or creating a project. */
export function projectErrorHint(code: string | undefined): string | null {
  switch (code) {
    case 'NOT_FOUND':
      return 'Check the path: it is read on the computer the engine runs on.';
    case 'ALREADY_EXISTS':
      return 'A new project never replaces a file.';
    case 'PROJECT_BUSY':
      return 'Switch back to the open project to cancel the job, or wait for it to finish.';
    case 'NOT_A_PROJECT':
    case 'PROJECT_TOO_NEW':
      return 'The file was left untouched.';
    default:
      return null;
  }
}
