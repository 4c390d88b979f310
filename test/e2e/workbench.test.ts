import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSmallProject } from '../support/cli';
import { BrowserSession, callFromPage, screenshotDir } from '../support/browser';
import type { TaxonomyViewWire, TopicView } from '../../src/shared/contract';

// The topics panel and taxonomy editor in real headless Chromium against `taxonomist serve`, on a
// small project built offline from the shared arXiv corpus.
const session = new BrowserSession('workbench-e2e');
const dir = session.dir;

beforeAll(async () => {
  const project = join(dir, 'cscl.taxonomist');
  await buildSmallProject(project);
  await session.start(project);
}, 300_000);

afterAll(async () => {
  await session.close();
});

describe('the workbench panels in a browser', () => {
  it('renames a topic, edits the taxonomy with the keyboard and the mouse, and exports it', async () => {
    const page = await session.browser.newPage({
      viewport: { width: 1440, height: 1400 },
      acceptDownloads: true,
    });
    // A wide side pane with most of its height for the tree: the drags below need both ends in view.
    await page.addInitScript(() =>
      localStorage.setItem(
        'taxonomist.workbench.panes',
        JSON.stringify({ side: 760, topics: 0.25, detail: 120 }),
      ),
    );
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(session.url);

    // Topics: the biggest topic sorts first; rename it inline.
    const { topics } = await callFromPage<{ topics: TopicView[] }>(page, 'topics:list');
    expect(topics.length).toBeGreaterThan(1);
    const biggest = [...topics].sort((a, b) => b.size - a.size || a.clusterId - b.clusterId)[0]!;
    const row = page.getByTestId(`topic-${biggest.clusterId}`);
    await row.waitFor();
    await expect(page.locator('.topics-table tbody tr').first().getAttribute('data-testid')).resolves.toBe(
      `topic-${biggest.clusterId}`,
    );
    // Its representatives' titles from the label pass show under the keyphrases.
    expect(biggest.sampleTitles?.length).toBe(3);
    // (A narrow side pane folds that column away; the details pane shows them for the selected topic.)
    await expect(
      row.locator(`[aria-label="Sample titles of topic ${biggest.clusterId}"] li`).allTextContents(),
    ).resolves.toEqual(biggest.sampleTitles);
    // The pencil shows on hover, as in a desktop list.
    await row.hover();
    await row.getByRole('button', { name: `Rename topic ${biggest.clusterId}` }).click();
    await row.getByRole('textbox').fill('Curated topic label');
    await row.getByRole('textbox').press('Enter');
    await row.getByText('Curated topic label').waitFor();
    await row.locator('.badge-human').waitFor();
    const renamed = (await callFromPage<{ topics: TopicView[] }>(page, 'topics:list')).topics.find(
      (t) => t.clusterId === biggest.clusterId,
    )!;
    expect(renamed).toMatchObject({ label: 'Curated topic label', source: 'human' });
    await row.click();
    await expect(row.getAttribute('aria-selected')).resolves.toBe('true');
    await page.screenshot({ path: join(screenshotDir, 'topics.png'), fullPage: true });

    // Taxonomy: rename the first node, then undo with the keyboard.
    const before = await callFromPage<TaxonomyViewWire>(page, 'taxonomy:get');
    const first = before.nodes[0]!;
    const item = page.getByTestId(`taxonomy-node-${first.id}`);
    await item.waitFor();
    await item.click();
    await item.getByRole('button', { name: `Rename ${first.label}`, exact: true }).click();
    await item.getByRole('textbox').fill('Renamed category');
    await item.getByRole('textbox').press('Enter');
    await item.locator('.tree-label', { hasText: 'Renamed category' }).waitFor();
    let view = await callFromPage<TaxonomyViewWire>(page, 'taxonomy:get');
    expect(view.nodes.find((n) => n.id === first.id)?.label).toBe('Renamed category');
    expect(view.canUndo).toBe(true);
    await page.screenshot({ path: join(screenshotDir, 'taxonomy.png'), fullPage: true });

    await page.keyboard.press('Control+z');
    await item.locator('.tree-label', { hasText: first.label }).waitFor();
    view = await callFromPage<TaxonomyViewWire>(page, 'taxonomy:get');
    expect(view.nodes.find((n) => n.id === first.id)?.label).toBe(first.label);
    expect(view.canRedo).toBe(true);

    // Drag a topic onto another subcategory, undo, redo, then export the outline.
    const leaf = view.nodes.find((n) => n.depth === 2)!;
    const parent = view.nodes.find((n) => n.depth === 1 && n.id !== leaf.parentId)!;
    await page.getByTestId(`taxonomy-node-${leaf.id}`).dragTo(page.getByTestId(`taxonomy-node-${parent.id}`));
    const parentOf = async () =>
      (await callFromPage<TaxonomyViewWire>(page, 'taxonomy:get')).nodes.find((n) => n.id === leaf.id)
        ?.parentId;
    await expect.poll(parentOf).toBe(parent.id);
    await page.keyboard.press('Control+z');
    await expect.poll(parentOf).toBe(leaf.parentId);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(parentOf).toBe(parent.id);

    // Export opens a dialog with a preview; on the web host Save… falls back to a download.
    await page.getByRole('group', { name: 'Export' }).getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: /^Export/ });
    const preview = dialog.getByTestId('export-preview');
    await expect.poll(() => preview.textContent()).toContain(`.. ${parent.label}`);
    // Long lines (a topic with its definition) wrap inside the preview: none runs out of sight sideways.
    const fit = await preview.evaluate((el) => {
      const probe = document.createElement('span');
      probe.textContent = 'x'.repeat(100);
      el.append(probe);
      const charWidth = probe.getBoundingClientRect().width / 100;
      probe.remove();
      const longest = Math.max(...(el.textContent ?? '').split('\n').map((l) => l.length));
      return { scroll: el.scrollWidth, client: el.clientWidth, longest: longest * charWidth };
    });
    expect(fit.longest).toBeGreaterThan(fit.client);
    expect(fit.scroll).toBeLessThanOrEqual(fit.client);
    await page.screenshot({ path: join(screenshotDir, 'export-dialog.png') });
    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Save…' }).click();
    const file = await (await download).path();
    await dialog.getByText(/^Downloaded /).waitFor();
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith(`... ${leaf.label}`));
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(0, at).findLast((l) => /^\.\. /.test(l))).toBe(`.. ${parent.label}`);
    expect(await preview.textContent()).toBe(readFileSync(file, 'utf8'));
    await dialog.getByRole('radio', { name: 'CSV' }).check();
    await expect.poll(() => preview.textContent()).toMatch(/^document/);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Export…');

    // The dark theme: the page's colours switch, and the choice survives a reload.
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const light = await background();
    await page.getByRole('group', { name: 'Theme' }).getByRole('button', { name: 'Dark' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await background()).not.toBe(light);
    await page.reload();
    await page.getByTestId(`taxonomy-node-${leaf.id}`).waitFor();
    await expect(page.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe('dark');
    await page.screenshot({ path: join(screenshotDir, 'workbench-dark.png'), fullPage: true });
    await page.getByRole('group', { name: 'Export' }).getByRole('button', { name: 'Export…' }).click();
    await expect.poll(() => preview.textContent()).toContain(`.. ${parent.label}`);
    await page.screenshot({ path: join(screenshotDir, 'export-dialog-dark.png') });
    await page.keyboard.press('Escape');
    await page.getByRole('group', { name: 'Theme' }).getByRole('button', { name: 'System' }).click();

    await page.getByRole('tab', { name: 'Pipeline' }).click();
    await page.getByRole('button', { name: 'Run pipeline' }).waitFor();
    await page.screenshot({ path: join(screenshotDir, 'pipeline.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
