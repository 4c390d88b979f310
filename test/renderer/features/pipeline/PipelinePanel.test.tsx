import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { TaxonomistApi } from '../../../../src/shared/api';
import { PipelinePanel } from '../../../../src/renderer/features/pipeline/PipelinePanel';

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
