import type { ColumnSort } from './column-sort';
import { ariaSortOf } from './column-sort';

/** A table column header that sorts by `column` when clicked, with its arrow and aria-sort. */
export function SortableHeader<K extends string>({
  sort,
  column,
  label,
  className,
  onSort,
}: {
  sort: ColumnSort<K>;
  column: K;
  label: string;
  className?: string | undefined;
  onSort: (column: K) => void;
}) {
  return (
    <th scope="col" aria-sort={ariaSortOf(sort, column)} className={className}>
      <button type="button" className="sort-button" onClick={() => onSort(column)}>
        {label}
        <span className="sort-arrow" aria-hidden="true">
          {sort.key === column ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );
}
