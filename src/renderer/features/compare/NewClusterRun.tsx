import { useState } from 'react';
import type { FormEvent } from 'react';
import type { TaxonomistApi } from '../../../shared/api';
import { buildParamsSchema } from '../../../shared/contract';
import { useJob } from '../../state/use-job';
import { buildFields, toBuildParams } from '../pipeline/build-form';
import type { BuildParams } from '../pipeline/build-form';

type RunRow = { kind: string; params: Record<string, unknown>; status: string; id: number };

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * A rebuild that changes only the clustering: the newest layouts' parameters and the stored
 * vectors' model are carried over, so the embeddings and layouts are reused and only clustering,
 * labels and the tree are made again.
 */
export function rerunParams(
  runs: RunRow[],
  embeddingModel: string | null | undefined,
  cluster: { minClusterSize?: number; minSamples?: number; method: 'eom' | 'leaf' },
): BuildParams {
  const done = runs.filter((r) => r.status === 'done').sort((a, b) => b.id - a.id);
  const layout = done.find((r) => r.kind === 'reduce' && num(r.params.components) !== 2);
  const map = done.find((r) => r.kind === 'reduce' && num(r.params.components) === 2);
  const raw: Record<string, unknown> = {
    ...(embeddingModel ? { model: embeddingModel } : {}),
    ...(layout
      ? {
          components: num(layout.params.components),
          neighbors: num(layout.params.neighbors),
          minDist: num(layout.params.minDist),
          repulsionStrength: num(layout.params.repulsionStrength),
          seed: num(layout.params.seed),
        }
      : {}),
    ...(map ? { mapNeighbors: num(map.params.neighbors), mapMinDist: num(map.params.minDist) } : {}),
    ...cluster,
  };
  for (const k of Object.keys(raw)) if (raw[k] === undefined) delete raw[k];
  return buildParamsSchema.parse(raw);
}

type State =
  | { status: 'idle' }
  | { status: 'running'; jobId: string }
  | { status: 'done' }
  | { status: 'failed'; message: string };

/** Starts another cluster run with other parameters, from the Compare view. */
export function NewClusterRun({ api }: { api: TaxonomistApi }) {
  const [minClusterSize, setMinClusterSize] = useState('');
  const [minSamples, setMinSamples] = useState('');
  const [method, setMethod] = useState<'eom' | 'leaf'>('eom');
  const [asked, setState] = useState<State>({ status: 'idle' });
  const job = useJob(api, asked.status === 'running' ? asked.jobId : null);
  const state: State =
    job.status === 'finished'
      ? { status: 'done' }
      : job.status === 'failed'
        ? { status: 'failed', message: job.message }
        : job.status === 'cancelled'
          ? { status: 'failed', message: 'cancelled' }
          : asked;

  const start = async (e: FormEvent) => {
    e.preventDefault();
    // The Pipeline panel's checks, in its words, on the three fields this form has.
    const checked = toBuildParams({ minClusterSize, minSamples, method });
    if (!checked.ok) {
      setState({
        status: 'failed',
        message: Object.entries(checked.errors)
          .map(([name, text]) => `${buildFields.find((f) => f.name === name)?.label ?? name}: ${text}`)
          .join('; '),
      });
      return;
    }
    const { minClusterSize: size, minSamples: samples } = checked.params;
    try {
      const [{ runs }, info] = await Promise.all([api.runsList({}), api.projectInfo()]);
      const params = rerunParams(runs, info.embeddingModel, {
        method,
        ...(size !== undefined ? { minClusterSize: size } : {}),
        ...(samples !== undefined ? { minSamples: samples } : {}),
      });
      const { jobId } = await api.jobsStart({ kind: 'build', params });
      setState({ status: 'running', jobId });
    } catch (err) {
      setState({ status: 'failed', message: err instanceof Error ? err.message : String(err) });
    }
  };

  const running = state.status === 'running';
  return (
    <form className="new-cluster-run callout" aria-label="New cluster run" onSubmit={(e) => void start(e)}>
      <strong>Another cluster run</strong>
      <label>
        Min cluster size{' '}
        <input
          type="text"
          inputMode="numeric"
          size={5}
          placeholder="auto"
          value={minClusterSize}
          onChange={(e) => setMinClusterSize(e.target.value)}
        />
      </label>
      <label>
        Min samples{' '}
        <input
          type="text"
          inputMode="numeric"
          size={5}
          placeholder="same"
          value={minSamples}
          onChange={(e) => setMinSamples(e.target.value)}
        />
      </label>
      <label>
        Selection{' '}
        <select value={method} onChange={(e) => setMethod(e.target.value as 'eom' | 'leaf')}>
          <option value="eom">eom (fewer, broader)</option>
          <option value="leaf">leaf (more, finer)</option>
        </select>
      </label>
      <button type="submit" className="primary" disabled={running}>
        {running ? 'Clustering…' : 'Run clustering'}
      </button>
      <span className="panel-note" role="status">
        {state.status === 'running' &&
          'Reusing the stored vectors and layout; the pipeline shows the progress.'}
        {state.status === 'done' && 'Done: the new run is in the lists above.'}
      </span>
      {state.status === 'failed' && (
        <span role="alert" className="panel-error">
          Could not make the run: {state.message}
        </span>
      )}
    </form>
  );
}
