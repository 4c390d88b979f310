export type SortDirection = 'asc' | 'desc';
export type ColumnSort<K extends string> = { key: K; direction: SortDirection };

/** Clicking the active column flips it; a new column starts descending where `descendingFirst` says so. */
export function toggleColumnSort<K extends string>(
  current: ColumnSort<K>,
  key: K,
  descendingFirst: (key: K) => boolean,
): ColumnSort<K> {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: descendingFirst(key) ? 'desc' : 'asc' };
}

/** The value for a column header's aria-sort. */
export function ariaSortOf<K extends string>(
  current: ColumnSort<K>,
  key: K,
): 'ascending' | 'descending' | 'none' {
  if (current.key !== key) return 'none';
  return current.direction === 'asc' ? 'ascending' : 'descending';
}
