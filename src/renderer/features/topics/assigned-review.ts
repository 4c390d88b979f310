import type { RequestOutput, TopicView } from '../../../shared/contract';

// Texts and choices behind the review of a topic's assigned documents (noise HDBSCAN left out that was
// placed in the topic afterwards). Pure, so tests run them without a DOM.

export type AssignedPage = RequestOutput<'topics:assigned-documents'>;
export type AssignedDocument = AssignedPage['documents'][number];

/** The cluster id that sets documents back to unplaced (noise). */
export const UNPLACED = -1;

/** How many documents the review shows at first, and adds with each "Show more". */
export const REVIEW_PAGE = 200;

/** A strength for the list: two decimals, or a dash where it is not known. */
export const strengthText = (s: number | null): string => (s === null ? '—' : s.toFixed(2));

export const strengthTitle = (s: number | null): string =>
  s === null
    ? 'Strength unknown: placed by hand, or by a run made before strengths were kept'
    : `Belongs to this topic with strength ${s.toFixed(2)} (0 = barely, 1 = firmly)`;

/** The topics a document can be moved to: every topic of the run but its own, by label. */
export function moveTargets(topics: readonly TopicView[], from: number): TopicView[] {
  const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
  return topics
    .filter((t) => t.clusterId !== from)
    .sort((a, b) => collator.compare(a.label, b.label) || a.clusterId - b.clusterId);
}

const count = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** What happened after a move from the review, an undo or a redo. */
export function reviewSummary(o: {
  action: 'move' | 'undo' | 'redo';
  moved: number;
  /** The target's label; null for unplaced. */
  target?: string | null;
}): string {
  if (o.action === 'undo')
    return o.moved === 0
      ? 'Nothing to undo.'
      : `Undid the move of ${count(o.moved, 'document', 'documents')}.`;
  if (o.action === 'redo')
    return o.moved === 0 ? 'Nothing to redo.' : `Moved ${count(o.moved, 'document', 'documents')} again.`;
  const where = o.target == null ? 'unplaced' : `in “${o.target}”`;
  if (o.moved === 0) return `Nothing moved: the documents were already ${where}.`;
  return o.target == null
    ? `Set ${count(o.moved, 'document', 'documents')} unplaced.`
    : `Moved ${count(o.moved, 'document', 'documents')} to “${o.target}”.`;
}

/** The checked documents still listed (a reload drops the ones that left the topic). */
export function keepListed(
  checked: ReadonlySet<number>,
  documents: readonly AssignedDocument[],
): Set<number> {
  const listed = new Set(documents.map((d) => d.id));
  return new Set([...checked].filter((id) => listed.has(id)));
}
