import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { TaxonomistApi } from '../../../../src/shared/api';
import { PipelinePanel } from '../../../../src/renderer/features/pipeline/PipelinePanel';
import { WorkbenchPanels } from '../../../../src/renderer/components/WorkbenchPanels';

// Server rendering runs no effects, so the API is never called: these check the first paint.
const api = {} as TaxonomistApi;

describe('PipelinePanel', () => {
  it("first shows every parameter with the case study's defaults and an enabled Run", () => {
    const html = renderToStaticMarkup(<PipelinePanel api={api} />);
    for (const [id, value] of [
      ['build-neighbors', '100'],
      ['build-minDist', '0.1'],
      ['build-components', '5'],
      ['build-minClusterSize', ''],
      ['build-sample', '25'],
    ])
      expect(html).toMatch(new RegExp(`id="${id}"[^>]*value="${value}"`));
    expect(html).toMatch(/<option value="leaf" selected="">/);
    expect(html).toMatch(/<option value="float32" selected="">/);
    expect(html).toMatch(/<button type="submit" class="primary">Run pipeline<\/button>/);
    expect(html).toMatch(/<button type="button" disabled="">Cancel<\/button>/);
  });
});

describe('WorkbenchPanels', () => {
  it('opens on the topics tab with the other panels mounted but hidden', () => {
    const html = renderToStaticMarkup(<WorkbenchPanels api={api} />);
    expect(html).toMatch(/id="tab-topics"[^>]*aria-selected="true"/);
    expect(html).toMatch(/id="panel-pipeline"[^>]*hidden=""/);
    expect(html).toContain('Loading topics…');
    expect(html).toContain('Loading the taxonomy…');
  });
});
