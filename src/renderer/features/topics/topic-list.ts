import type { TopicView } from '../../../shared/contract';
import type { ColumnSort } from '../../components/column-sort';
import { ariaSortOf, toggleColumnSort } from '../../components/column-sort';

export type { SortDirection } from '../../components/column-sort';
export type TopicSortKey = 'size' | 'assigned' | 'label' | 'clusterId';
export type TopicSort = ColumnSort<TopicSortKey>;

/** Biggest topics first: the ones a curator reviews before the long tail. */
export const defaultTopicSort: TopicSort = { key: 'size', direction: 'desc' };

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** A sorted copy; ties fall back to cluster id so the order is stable across reloads. */
export function sortTopics(topics: readonly TopicView[], sort: TopicSort): TopicView[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const primary = (a: TopicView, b: TopicView): number => {
    if (sort.key === 'size') return a.size - b.size;
    if (sort.key === 'assigned') return a.assigned - b.assigned;
    if (sort.key === 'label') return collator.compare(a.label, b.label);
    return a.clusterId - b.clusterId;
  };
  return [...topics].sort((a, b) => sign * primary(a, b) || a.clusterId - b.clusterId);
}

/** Clicking the active column flips it; a new column starts in its natural direction (counts: biggest first). */
export const toggleSort = (current: TopicSort, key: TopicSortKey): TopicSort =>
  toggleColumnSort(current, key, (k) => k === 'size' || k === 'assigned');

/** The size cell's explanation: how the topic's documents got there. */
export const sizeTitle = (t: Pick<TopicView, 'core' | 'assigned'>): string =>
  `${t.core.toLocaleString('en-US')} core (clustered by HDBSCAN) + ${t.assigned.toLocaleString('en-US')} assigned (noise placed in this topic afterwards)`;

export const ariaSort = ariaSortOf<TopicSortKey>;

export const sourceBadgeText: Record<TopicView['source'], string> = {
  llm: 'LLM',
  keywords: 'keywords',
  human: 'edited',
};

/** What a key does in an inline text editor: Enter keeps the edit, Escape drops it. */
export function inlineEditAction(key: string): 'save' | 'cancel' | null {
  if (key === 'Enter') return 'save';
  if (key === 'Escape') return 'cancel';
  return null;
}

/** The label to send, or null when the edit changes nothing or would leave the label empty. */
export function labelToSave(draft: string, current: string): string | null {
  const label = draft.trim();
  if (label.length === 0 || label === current) return null;
  return label;
}

/** Filters by label or keyphrase, case-insensitively. */
export function filterTopics(topics: readonly TopicView[], query: string): TopicView[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...topics];
  return topics.filter(
    (t) => t.label.toLowerCase().includes(q) || t.keyphrases.some((k) => k.toLowerCase().includes(q)),
  );
}

/** What to tell the curator after a label was regenerated. */
export function regenerateNote(r: {
  topic: Pick<TopicView, 'clusterId' | 'label'>;
  provider: string;
  model: string | null;
  fallback: string | null;
}): { tone: 'info' | 'warning'; text: string } {
  const name = `topic ${r.topic.clusterId} is now “${r.topic.label}”`;
  if (r.fallback) return { tone: 'warning', text: `Keyword label used (${r.fallback}): ${name}.` };
  if (r.provider === 'keywords') return { tone: 'info', text: `Relabelled from keyphrases: ${name}.` };
  return { tone: 'info', text: `Relabelled by ${r.provider}${r.model ? ` (${r.model})` : ''}: ${name}.` };
}

/** What a rename says: the new name, and that the rename locked the label if it was not locked. */
export function renameNote(from: string, to: string, wasLocked: boolean): string {
  return `Renamed “${from}” to “${to}”${
    wasLocked ? '' : ' and locked it: relabelling keeps this label (unlock to let it change)'
  }. Ctrl/Cmd+Z undoes.`;
}

export const LOCKED_TITLE = 'Locked: relabelling keeps this label';
