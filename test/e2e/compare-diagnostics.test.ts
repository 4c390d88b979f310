import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSmallProject, runTaxonomist } from '../support/cli';
import { BrowserSession, callFromPage, screenshotDir } from '../support/browser';
import type { DiagnosticsWire, RunsComparisonWire } from '../../src/shared/analysis';
import { int32FromBase64 } from '../../src/shared/binary';
import type { MapDataWire } from '../../src/shared/contract';
import { decodeMapData } from '../../src/renderer/features/cluster-map/map-data';
import { fitPositions, nearestPoint, toScreen } from '../../src/renderer/features/compare/compare-model';

// The Compare and Diagnostics tabs in real headless Chromium against `taxonomist serve`, on a small
// project built offline from the shared arXiv corpus and clustered twice (eom, then leaf).
const session = new BrowserSession('compare-e2e');
const dir = session.dir;

beforeAll(async () => {
  const project = join(dir, 'cscl.taxonomist');
  await buildSmallProject(project, ['--method', 'eom']);
  const leaf = runTaxonomist([
    'cluster',
    '--project',
    project,
    '--min-cluster-size',
    '8',
    '--method',
    'leaf',
  ]);
  if (leaf.code !== 0) throw new Error(`cluster exited ${leaf.code}: ${leaf.stderr}`);
  await session.start(project);
}, 300_000);

afterAll(async () => {
  await session.close();
});

describe('the compare and diagnostics views in a browser', () => {
  it('compares an eom and a leaf run with linked selection, then runs and shows the diagnostics', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1440, height: 1100 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(session.url);

    // Compare: the newest run (leaf) is B, the one before it (eom) is A.
    const { runs } = await callFromPage<{ runs: { id: number; params: { method: string } }[] }>(
      page,
      'runs:list',
      {
        kind: 'cluster',
      },
    );
    expect(runs.map((r) => r.params.method)).toEqual(['leaf', 'eom']);
    const [leafRun, eomRun] = runs as [(typeof runs)[0], (typeof runs)[0]];
    const cmp = await callFromPage<RunsComparisonWire>(page, 'runs:compare', { a: eomRun.id, b: leafRun.id });

    await page.getByRole('tab', { name: 'Compare' }).click();
    const ari = page.getByTestId('compare-ari');
    await ari.waitFor();
    await expect(ari.textContent()).resolves.toBe(cmp.ari.toFixed(3));
    await expect(page.getByTestId('compare-nmi').textContent()).resolves.toBe(cmp.nmi.toFixed(3));
    await expect(page.getByRole('combobox', { name: 'Run A' }).inputValue()).resolves.toBe(String(eomRun.id));
    await expect(page.getByRole('combobox', { name: 'Run B' }).inputValue()).resolves.toBe(
      String(leafRun.id),
    );
    await expect(page.locator('.compare-params').first().textContent()).resolves.toContain(
      'eom, min size 10',
    );
    await expect(page.locator('.compare-params').nth(1).textContent()).resolves.toContain('leaf, min size 8');

    // One row per matched pair and per cluster left without a partner.
    const matchedA = new Set(cmp.matches.map((m) => m.a));
    const matchedB = new Set(cmp.matches.map((m) => m.b));
    const expectedRows =
      cmp.matches.length +
      cmp.clustersA.filter((c) => !matchedA.has(c.clusterId)).length +
      cmp.clustersB.filter((c) => !matchedB.has(c.clusterId)).length;
    expect(cmp.matches.length).toBeGreaterThan(0);
    const rows = page.locator('.compare-table tbody tr');
    await expect(rows.count()).resolves.toBe(expectedRows);
    const top = cmp.matches[0]!;
    await expect(rows.first().getAttribute('data-testid')).resolves.toBe(`match-${top.a}:${top.b}`);

    // Linked selection: a row highlights the documents of its two clusters on both maps.
    const canvasA = page.getByTestId('compare-canvas-a');
    const canvasB = page.getByTestId('compare-canvas-b');
    await canvasA.waitFor();
    await canvasB.waitFor();
    const before = await canvasA.screenshot();
    const la = int32FromBase64(cmp.clusterIdsA);
    const lb = int32FromBase64(cmp.clusterIdsB);
    let expected = 0;
    for (let i = 0; i < la.length; i++) if (la[i] === top.a || lb[i] === top.b) expected++;
    const row = page.getByTestId(`match-${top.a}:${top.b}`);
    await row.click();
    await expect(row.getAttribute('aria-selected')).resolves.toBe('true');
    await page.getByTestId('compare-selection').getByText(`${expected} documents selected`).waitFor();
    await expect(canvasA.getAttribute('data-selected')).resolves.toBe(String(expected));
    await expect(canvasB.getAttribute('data-selected')).resolves.toBe(String(expected));
    const after = await canvasA.screenshot();
    expect(after.equals(before)).toBe(false);
    await page.screenshot({ path: join(screenshotDir, 'compare.png'), fullPage: true });

    // A cluster of run B alone, from the keyboard on the table: Escape clears the selection.
    await row.press('Escape');
    await expect(canvasB.getAttribute('data-selected')).resolves.toBe('0');
    await expect(row.getAttribute('aria-selected')).resolves.toBe('false');
    await row.press('Enter');
    await expect(canvasB.getAttribute('data-selected')).resolves.toBe(String(expected));
    await row.press('Escape');

    // Clicking a point on run B's map selects its cluster there, highlighted on run A's map too.
    const map = decodeMapData(
      await callFromPage<MapDataWire>(page, 'map:data', { clusterRunId: leafRun.id }),
    );
    const fit = fitPositions(map.positions, 380, 300);
    const target = map.clusterIds.findIndex((c) => c >= 0);
    const [x, y] = toScreen(fit, map.positions[2 * target]!, map.positions[2 * target + 1]!);
    const picked = map.clusterIds[nearestPoint(map.positions, fit, x, y, 8)]!;
    await canvasB.click({ position: { x, y } });
    const pickedSize = cmp.clustersB[picked]!.size;
    await page.getByTestId('compare-selection').getByText(`${pickedSize} documents selected`).waitFor();
    await expect(canvasA.getAttribute('data-selected')).resolves.toBe(String(pickedSize));
    await expect(page.locator('.compare-table tbody tr[aria-selected="true"]').count()).resolves.toBe(1);
    await row.press('Escape');

    // Sorting by Jaccard, highest first.
    await page.getByRole('button', { name: /^Jaccard/ }).click();
    await expect(page.getByRole('columnheader', { name: /Jaccard/ }).getAttribute('aria-sort')).resolves.toBe(
      'descending',
    );
    const best = [...cmp.matches].sort((x, y) => y.jaccard - x.jaccard)[0]!;
    await expect(
      page.locator('.compare-table tbody tr').first().locator('td').nth(5).textContent(),
    ).resolves.toBe(best.jaccard.toFixed(2));

    // Diagnostics: nothing stored yet; run the job, then the figures appear.
    await page.getByRole('tab', { name: 'Diagnostics' }).click();
    await page.getByText(/No diagnostics yet/).waitFor();
    await page.getByRole('button', { name: 'Run diagnostics' }).click();
    const heatmap = page.getByTestId('diag-heatmap');
    await heatmap.waitFor({ timeout: 120_000 });
    const stored = await callFromPage<DiagnosticsWire>(page, 'diagnostics:get');
    expect(stored.set.documents).toBe(300);
    const m = stored.titleSimilarity.titles.length;
    expect(m).toBe(20);
    await expect(page.locator('[data-testid="diag-histogram"] rect.hist-bar').count()).resolves.toBe(
      stored.histogram.counts.length,
    );
    await expect(heatmap.locator('rect.heat-cell').count()).resolves.toBe(m * m);
    await expect(page.getByRole('listitem', { name: /^int8: recall/ }).count()).resolves.toBe(1);
    await expect(
      page.getByRole('table', { name: 'Memory per precision' }).locator('tbody tr').count(),
    ).resolves.toBe(5);
    await expect(
      page.getByRole('meter', { name: 'Values inside the calibration range' }).getAttribute('aria-valuenow'),
    ).resolves.toBe(String(+stored.calibrationCoverage.toFixed(3)));

    // Hovering a cell names both titles and their similarity.
    const cell = heatmap.locator('rect.heat-cell').nth(1);
    await cell.hover();
    const readout = page.getByTestId('diag-heatmap-readout');
    await expect(readout.textContent()).resolves.toContain(
      `similarity ${stored.titleSimilarity.matrix[0]![1]!.toFixed(3)}`,
    );
    const firstTitle = stored.titleSimilarity.titles[0]!.trim().replace(/\s+/g, ' ');
    await expect(readout.textContent()).resolves.toContain(firstTitle.slice(0, 20));
    const peak = stored.histogram.counts.indexOf(Math.max(...stored.histogram.counts));
    await page.locator('[data-testid="diag-histogram"] rect.hist-bar').nth(peak).hover();
    await expect(page.getByTestId('diag-histogram-readout').textContent()).resolves.toMatch(/values \(/);
    await page.screenshot({ path: join(screenshotDir, 'diagnostics.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(screenshotDir, 'diagnostics-dark.png'), fullPage: true });
    await page.getByRole('tab', { name: 'Compare' }).click();
    await page.getByTestId(`match-${top.a}:${top.b}`).click();
    await page.screenshot({ path: join(screenshotDir, 'compare-dark.png'), fullPage: true });

    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);
});
