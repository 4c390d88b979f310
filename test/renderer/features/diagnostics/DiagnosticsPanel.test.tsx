// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { DiagnosticsPanel } from '../../../../src/renderer/features/diagnostics/DiagnosticsPanel';
import { diagnosticsResult } from '../../../support/diagnostics';
import { cleanup, fakeEngine, render } from '../../../support/react-dom';

afterEach(cleanup);

const panelWith = (stale: string | null) =>
  fakeEngine({
    'jobs:list': () => ({ jobs: [] }),
    'diagnostics:get': () => ({ ...diagnosticsResult, stale }),
  });

describe('the diagnostics panel', () => {
  it('says when the stored figures no longer describe the embeddings', async () => {
    const { container } = await render(
      <DiagnosticsPanel api={panelWith('set 2 holds 1,200 embeddings now, 1,000 when diagnosed').api} />,
    );
    const note = container.querySelector('[data-testid="diag-stale"]');
    expect(note?.textContent).toContain(
      'Out of date: set 2 holds 1,200 embeddings now, 1,000 when diagnosed.',
    );
    expect(note?.getAttribute('role')).toBe('status');
    // The figures stay readable beside the note.
    expect(container.textContent).toContain('Last run');
  });

  it('shows no note while they are current', async () => {
    const { container } = await render(<DiagnosticsPanel api={panelWith(null).api} />);
    expect(container.textContent).toContain('Last run');
    expect(container.querySelector('[data-testid="diag-stale"]')).toBeNull();
  });
});
