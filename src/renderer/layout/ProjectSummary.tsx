import type { TaxonomistApi } from '../../shared/api';
import { unlessNotFound, useQueryWith } from '../state/use-query';
import type { SummaryInput } from './summary-model';
import { summaryFacts, summaryStage } from './summary-model';

type Props = {
  api: TaxonomistApi;
  onImport: () => void;
  onBuild: () => void;
  onReviewTopics: () => void;
  onExport: () => void;
};

/** Reads what the strip shows; null pieces where the project has not got that far. */
async function loadSummary(api: TaxonomistApi): Promise<SummaryInput> {
  const [info, topics, taxonomy, runs] = await Promise.all([
    api.projectInfo(),
    unlessNotFound(api.topicsList({})),
    unlessNotFound(api.taxonomyGet({})),
    unlessNotFound(api.runsList({ kind: 'cluster' })),
  ]);
  const done = runs?.runs.filter((r) => r.status === 'done') ?? [];
  const newest = done.reduce<(typeof done)[number] | null>(
    (a, r) => (a === null || (r.finishedAt ?? '') > (a.finishedAt ?? '') ? r : a),
    null,
  );
  return {
    documents: info.documents,
    topics: topics?.topics ?? null,
    taxonomy: taxonomy
      ? {
          name: taxonomy.taxonomy.name,
          categories: taxonomy.nodes.filter((node) => node.parentId === null || node.parentId === 0).length,
          fallback: taxonomy.fallback !== null,
        }
      : null,
    builtAt: newest?.finishedAt ?? null,
  };
}

/**
 * The project at a glance, under the top bar: on an empty project the first steps (import, then
 * build); on an imported one the build; on a built one its counts and the next sensible actions.
 */
export function ProjectSummary({ api, onImport, onBuild, onReviewTopics, onExport }: Props) {
  // A finished job or documents moved between topics change the counts.
  const data = useQueryWith(api, 'layout:summary', loadSummary, {
    invalidateOn: ['job:finished', 'documents:moved', 'history:stepped'],
  });
  const summary = data.status === 'ready' ? data.data : null;
  const failure = data.status === 'failed' ? data.error : null;

  if (failure)
    return (
      <div className="summary-strip workbench" role="alert">
        Could not read the project: {failure}
      </div>
    );
  if (!summary)
    return (
      <div className="summary-strip workbench" role="status">
        Opening the project…
      </div>
    );

  const stage = summaryStage(summary);
  if (stage !== 'built')
    return (
      <section
        className="summary-strip workbench first-steps"
        aria-label="First steps"
        data-testid="first-steps"
      >
        <ol className="steps">
          <li className={stage === 'empty' ? 'is-next' : 'is-done'}>
            <span className="step-title">Import a corpus</span>
            {stage === 'empty' ? (
              <>
                <span className="step-note">
                  (<strong data-testid="document-count">0</strong> documents yet)
                </span>
                <button type="button" className="primary" onClick={onImport}>
                  Import corpus…
                </button>
              </>
            ) : (
              <span className="step-note">
                <strong data-testid="document-count">{summary.documents.toLocaleString('en-US')}</strong>{' '}
                documents
              </span>
            )}
          </li>
          <li className={stage === 'imported' ? 'is-next' : undefined}>
            <span className="step-title">Build topics and a taxonomy</span>
            <button
              type="button"
              className={stage === 'imported' ? 'primary' : undefined}
              disabled={stage === 'empty'}
              onClick={onBuild}
            >
              Build…
            </button>
          </li>
          <li>
            <span className="step-title">Review the topics and the tree, then export</span>
          </li>
        </ol>
      </section>
    );

  return (
    <section className="summary-strip workbench" aria-label="Project summary" data-testid="project-summary">
      <ul className="summary-facts">
        {summaryFacts(summary).map((f) => (
          <li key={f.key} data-fact={f.key} title={f.title}>
            {f.key === 'documents' ? (
              <>
                <strong data-testid="document-count">{summary.documents.toLocaleString('en-US')}</strong>{' '}
                documents
              </>
            ) : (
              f.text
            )}
          </li>
        ))}
      </ul>
      <div className="summary-actions">
        <button type="button" onClick={onReviewTopics}>
          Review topics
        </button>
        <button type="button" onClick={onExport} disabled={!summary.taxonomy}>
          Export…
        </button>
        <button type="button" className="quiet" onClick={onBuild}>
          Rebuild…
        </button>
      </div>
    </section>
  );
}
