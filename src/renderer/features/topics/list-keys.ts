/**
 * Where a key moves the active row of a list of `ids` (in display order): Up/Down by one, PageUp/
 * PageDown by `page`, Home/End to the ends. Null when the key is not a move or nothing changes. With
 * no active row, any move starts at the first (End: the last).
 */
export function listMoveTarget(
  ids: readonly number[],
  activeId: number | null,
  key: string,
  page = 10,
): number | null {
  if (ids.length === 0) return null;
  const at = activeId === null ? -1 : ids.indexOf(activeId);
  const last = ids.length - 1;
  let next: number;
  switch (key) {
    case 'ArrowDown':
      next = at < 0 ? 0 : Math.min(last, at + 1);
      break;
    case 'ArrowUp':
      next = at < 0 ? 0 : Math.max(0, at - 1);
      break;
    case 'PageDown':
      next = at < 0 ? 0 : Math.min(last, at + page);
      break;
    case 'PageUp':
      next = at < 0 ? 0 : Math.max(0, at - page);
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = last;
      break;
    default:
      return null;
  }
  return next === at ? null : ids[next]!;
}
