import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { TaxonomistApi } from '../../../../src/shared/api';
import {
  CalibrationCoverage,
  MemoryTable,
  RecallBars,
  SimilarityHeatmap,
  ValueHistogram,
} from '../../../../src/renderer/features/diagnostics/DiagnosticsFigures';
import { DiagnosticsPanel } from '../../../../src/renderer/features/diagnostics/DiagnosticsPanel';
import { ComparePanel } from '../../../../src/renderer/features/compare/ComparePanel';
import { diagnosticsResult as result } from '../../../support/diagnostics';

describe('the diagnostics figures', () => {
  it('draws one bar per histogram bin, with axis ticks and an accessible name', () => {
    const html = renderToStaticMarkup(<ValueHistogram histogram={result.histogram} />);
    expect(html.match(/class="hist-bar"/g)).toHaveLength(5);
    expect(html).toContain('aria-label="Histogram of embedding values from -0.100 to 0.100');
    expect(html).toContain('16 float32 values in 5 bins');
    expect(html).toMatch(/<text[^>]*>0\.05<\/text>/);
  });

  it('shows coverage as a meter and recall as one bar per precision', () => {
    const coverage = renderToStaticMarkup(<CalibrationCoverage d={result} />);
    expect(coverage).toMatch(/role="meter"[^>]*aria-valuenow="99.987"/);
    expect(coverage).toContain('99.987%');
    const recall = renderToStaticMarkup(<RecallBars d={result} />);
    expect(recall.match(/role="listitem"/g)).toHaveLength(5);
    expect(recall).toContain('aria-label="int8: recall 93.0%"');
  });

  it('tabulates memory per precision with the projections', () => {
    const html = renderToStaticMarkup(<MemoryTable d={result} />);
    expect(html.match(/<th scope="row">/g)).toHaveLength(5);
    expect(html).toContain('2.5M docs');
    expect(html).toContain('5.12 GB');
    expect(html).toContain('1.20e-4');
  });

  it('draws the similarity matrix with every title listed, escaped', () => {
    const html = renderToStaticMarkup(<SimilarityHeatmap similarity={result.titleSimilarity} />);
    expect(html.match(/class="heat-cell"/g)).toHaveLength(9);
    expect(html).toContain('Speech &amp; &lt;sound&gt;');
    expect(html).toContain('off the diagonal from 0.10 to 0.80');
  });
});

describe('first paint of the panels', () => {
  // Server rendering runs no effects, so the API is never called.
  const api = {} as TaxonomistApi;

  it('offers to run the diagnostics and waits for the cluster runs', () => {
    expect(renderToStaticMarkup(<DiagnosticsPanel api={api} />)).toMatch(
      /<button type="button" class="primary">Run diagnostics<\/button>/,
    );
    expect(renderToStaticMarkup(<ComparePanel api={api} />)).toContain('Loading cluster runs…');
  });
});
