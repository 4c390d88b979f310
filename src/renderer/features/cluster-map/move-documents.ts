// Texts and checks for moving lasso-selected documents to another topic.

const count = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The selection panel's action: "Move 12 documents to…". */
export const moveButtonText = (selected: number): string =>
  `Move ${count(selected, 'document', 'documents')}`;

/** What happened after a move (or its undo or redo). */
export function moveSummary(o: {
  moved: number;
  requested: number;
  label: string;
  undone?: boolean;
  redone?: boolean;
}): string {
  if (o.undone)
    return `Undid the move: ${count(o.moved, 'document is', 'documents are')} back in their topics.`;
  if (o.redone) return `Moved ${count(o.moved, 'document', 'documents')} again.`;
  if (o.moved === 0)
    return `The ${count(o.requested, 'document was', 'documents were')} already in “${o.label}”.`;
  const already = o.requested - o.moved;
  return `Moved ${count(o.moved, 'document', 'documents')} to “${o.label}”${
    already > 0 ? ` (${count(already, 'was', 'were')} there already)` : ''
  }.`;
}
