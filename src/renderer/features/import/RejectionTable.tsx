import { count } from './import-text';
/** The rows an import skipped (or would skip), with the line of the file and why. */
export function RejectionTable({
  file,
  rejections,
  rejected,
  title,
}: {
  file: string;
  /** The rows shown: the first of them when there are many. */
  rejections: { line: number; reason: string }[];
  /** How many rows were rejected in all. */
  rejected: number;
  /** The caption when every rejected row is shown. */
  title: string;
}) {
  const caption =
    rejected > rejections.length
      ? `First ${rejections.length} of ${count.format(rejected)} rejected rows`
      : title;
  return (
    <div className="import-table-wrap import-rejections" tabIndex={0} role="region" aria-label={caption}>
      <table className="import-table" data-testid="import-rejections">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Where</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {rejections.map((r, i) => (
            <tr key={`${r.line}-${i}`}>
              <th scope="row">
                {file}:{r.line}
              </th>
              <td>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
