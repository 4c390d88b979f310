/** The rows an import skipped (or would skip), with the line of the file and why. */
export function RejectionTable({
  file,
  rejections,
  caption,
}: {
  file: string;
  rejections: { line: number; reason: string }[];
  caption: string;
}) {
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
