import type { DocumentField } from '../../../shared/contract';
import { ENCODING_NAMES, FORMAT_NAMES, count } from './import-text';
import type { StepProps } from './use-import-wizard';
import {
  FIELDS,
  formatBytes,
  limitProblem,
  resetMapping,
  sampleText,
  setMapping,
  setTemplate,
  templateProblem,
} from './wizard-state';

/** Step 2: the first rows, a column for each field, the text to embed and a limit. */
export function MappingStep({ state, setState }: StepProps) {
  const preview = state.preview!;
  const fieldOf = new Map<string, DocumentField>();
  for (const { field } of FIELDS) if (state.mapping[field]) fieldOf.set(state.mapping[field], field);
  const tplProblem = templateProblem(state.textTemplate);
  const sample = sampleText(state);
  const lProblem = limitProblem(state.limit);
  return (
    <div className="import-mapping">
      <p className="import-summary" data-testid="import-file-summary">
        <strong>{preview.file}</strong> · {FORMAT_NAMES[preview.format] ?? preview.format}
        {preview.compressed && ' (gzip)'}
        {preview.encoding && ` · ${ENCODING_NAMES[preview.encoding] ?? preview.encoding}`} ·{' '}
        {formatBytes(preview.totalBytes)} · {preview.columns.length} columns
        {preview.validation.estimatedRows !== null &&
          ` · about ${count.format(preview.validation.estimatedRows)} rows`}
        {preview.validation.complete && ` · ${count.format(preview.validation.checked)} rows`}
      </p>
      {preview.encodingNote && (
        <p className="import-warning" role="note">
          {preview.encodingNote}.
        </p>
      )}

      <fieldset className="import-fields">
        <legend>Columns for each field</legend>
        {FIELDS.map(({ field, label, hint }) => {
          const id = `import-map-${field}`;
          const value = state.mapping[field];
          const detected = preview.suggestedMapping[field] ?? '';
          return (
            <div key={field} className="import-map-row">
              <label htmlFor={id}>{label}</label>
              <select
                id={id}
                value={value}
                aria-describedby={`${id}-hint`}
                onChange={(e) => {
                  const column = e.target.value;
                  setState((s) => setMapping(s, field, column));
                }}
              >
                <option value="">— not imported —</option>
                {preview.columns.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
              <span id={`${id}-hint`} className="import-hint">
                {value && value === detected ? 'detected · ' : ''}
                {hint}
              </span>
            </div>
          );
        })}
        <div className="import-map-tools">
          <button
            type="button"
            className="quiet"
            disabled={!state.mappingEdited}
            onClick={() => setState((s) => resetMapping(s))}
          >
            Use the detected columns
          </button>
        </div>
      </fieldset>

      <div className="import-field-row">
        <div className="import-field import-field-wide">
          <label htmlFor="import-template">Text to embed</label>
          <input
            id="import-template"
            type="text"
            value={state.textTemplate}
            spellCheck={false}
            aria-invalid={tplProblem ? true : undefined}
            aria-describedby="import-template-hint"
            onChange={(e) => {
              const t = e.target.value;
              setState((s) => setTemplate(s, t));
            }}
          />
          <span id="import-template-hint" className={tplProblem ? 'import-error' : 'import-hint'}>
            {tplProblem ??
              'Fields in braces: {title}, {abstract}, {year}, {venue}, {authors}, {categories}, {id}'}
          </span>
        </div>
        <div className="import-field">
          <label htmlFor="import-limit">Import at most</label>
          <input
            id="import-limit"
            type="text"
            inputMode="numeric"
            value={state.limit}
            placeholder="every row"
            aria-invalid={lProblem ? true : undefined}
            aria-describedby="import-limit-hint"
            onChange={(e) => {
              const limit = e.target.value;
              setState((s) => ({ ...s, limit }));
            }}
          />
          <span id="import-limit-hint" className={lProblem ? 'import-error' : 'import-hint'}>
            {lProblem ?? 'documents'}
          </span>
        </div>
      </div>
      {sample !== null && (
        <p className="import-sample">
          <span className="import-hint">First row as embedded: </span>
          <q data-testid="import-sample-text">{sample}</q>
        </p>
      )}

      <div
        className="import-table-wrap"
        tabIndex={0}
        role="region"
        aria-label={`First ${preview.rows.length} rows of ${preview.file}`}
      >
        <table className="import-table" data-testid="import-preview-table">
          <caption>
            First {preview.rows.length} rows of {preview.file}
          </caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              {preview.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                  {fieldOf.has(c) && <span className="import-field-tag">{fieldOf.get(c)}</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((r) => (
              <tr key={r.line} className={r.rejected ? 'is-rejected' : undefined}>
                <th scope="row">{r.line}</th>
                {r.rejected ? (
                  <td colSpan={Math.max(1, preview.columns.length)} className="import-reason">
                    Rejected: {r.rejected}
                  </td>
                ) : (
                  preview.columns.map((c) => (
                    <td key={c} className={fieldOf.has(c) ? 'is-mapped' : undefined}>
                      {r.values[c] ?? ''}
                    </td>
                  ))
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
