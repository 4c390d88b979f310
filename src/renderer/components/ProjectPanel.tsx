import { useEffect, useState } from 'react';
import type { TaxonomistApi } from '../../shared/api';
import type { ProjectInfo } from '../../shared/contract';
import { ImportLauncher } from '../features/import/ImportLauncher';

type State =
  { status: 'loading' } | { status: 'ready'; info: ProjectInfo } | { status: 'failed'; message: string };

/** The open project at a glance: file, documents, imports. */
export function ProjectPanel({ api }: { api: TaxonomistApi }) {
  const [state, setState] = useState<State>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    const load = () =>
      api.projectInfo().then(
        (info) => current && setState({ status: 'ready', info }),
        (e: unknown) =>
          current && setState({ status: 'failed', message: e instanceof Error ? e.message : String(e) }),
      );
    void load();
    // Finished jobs change the counts.
    const off = api.on('job:finished', () => void load());
    return () => {
      current = false;
      off();
    };
  }, [api]);

  if (state.status === 'loading') return <p role="status">Opening the project…</p>;
  if (state.status === 'failed') return <p role="alert">Could not open the project: {state.message}</p>;
  const { info } = state;
  return (
    <section className="project" aria-label="Project">
      <h2 className="project-path">{info.path}</h2>
      <p>
        <strong data-testid="document-count">{info.documents.toLocaleString('en-US')}</strong> documents
      </p>
      <ImportLauncher api={api} documents={info.documents} />
      {info.imports.length > 0 && (
        <ul className="imports">
          {info.imports.map((i) => (
            <li key={i.id}>
              {i.source}: {i.imported.toLocaleString('en-US')} imported, {i.duplicates} duplicates,{' '}
              {i.rejected} rejected
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
