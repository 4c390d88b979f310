// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { NewClusterRun } from '../../../../src/renderer/features/compare/NewClusterRun';
import { button, cleanup, click, fakeEngine, render, type } from '../../../support/react-dom';

// The Compare view's new cluster run checks its fields as the Pipeline panel does, in its words.
describe('NewClusterRun', () => {
  afterEach(cleanup);
  const engine = () =>
    fakeEngine({
      'runs:list': () => ({ runs: [] }),
      'project:info': () => ({ embeddingModel: 'use-lite' }),
      'jobs:start': () => ({ jobId: 'j1' }),
    });
  const inputs = (root: ParentNode) => Array.from(root.querySelectorAll('input')) as HTMLInputElement[];

  it('refuses a minimum cluster size below 2 with the schema limit, and starts nothing', async () => {
    const fake = engine();
    const { container } = await render(<NewClusterRun api={fake.api} />);
    await type(inputs(container)[0]!, '1');
    await click(button(container, 'Run clustering'));
    expect(container.querySelector('[role="alert"]')?.textContent).toBe(
      'Could not make the run: min_cluster_size: at least 2',
    );
    await type(inputs(container)[0]!, '2.5');
    await click(button(container, 'Run clustering'));
    expect(container.querySelector('[role="alert"]')?.textContent).toBe(
      'Could not make the run: min_cluster_size: a whole number',
    );
    expect(fake.callsTo('jobs:start')).toEqual([]);
  });

  it('starts a build with the sizes given and the stored vectors’ model', async () => {
    const fake = engine();
    const { container } = await render(<NewClusterRun api={fake.api} />);
    await type(inputs(container)[0]!, '40');
    await type(inputs(container)[1]!, '5');
    await click(button(container, 'Run clustering'));
    expect(fake.callsTo('jobs:start')).toEqual([
      {
        kind: 'build',
        params: { model: 'use-lite', minClusterSize: 40, minSamples: 5, method: 'eom' },
      },
    ]);
  });
});
