import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildSmallProject } from '../support/cli';
import { BrowserSession, callFromPage, screenshotDir } from '../support/browser';
import { lassoAroundTopic, mapReady, topicsOf } from '../support/map-page';
import type { TaxonomyViewWire } from '../../src/shared/contract';

// One topic label in every view, and one undo for every edit, in real headless Chromium against
// `taxonomist serve` on a small project built offline from the bundled sample corpus.
const session = new BrowserSession('labels-history-e2e');

beforeAll(async () => {
  const project = join(session.dir, 'labels.taxonomist');
  await buildSmallProject(project);
  await session.start(project);
}, 300_000);

afterAll(async () => {
  await session.close();
});

/** Ctrl+Z (or another chord) with the focus outside any text field. */
async function pressOutsideText(page: Page, chord: string) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press(chord);
}

describe('topic labels and the edit history in a browser', () => {
  it('shows a rename in the list, the tree and the map legend at once; Ctrl+Z takes it back everywhere; later edits undo newest first, after a reload too', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(session.url);
    await mapReady(page);

    const before = await topicsOf(page);
    const [chosen] = [...before.values()].sort((a, b) => b.size - a.size || a.clusterId - b.clusterId);
    const oldLabel = chosen!.label;
    const newLabel = 'Curated name for this topic';
    expect(chosen!.locked).toBe(false);
    const tree = await callFromPage<TaxonomyViewWire>(page, 'taxonomy:get');
    const leaf = tree.nodes.find((n) => n.clusterIds.length === 1 && n.clusterIds[0] === chosen!.clusterId)!;
    // The offline tree names a topic's leaf after the topic.
    expect(leaf.label).toBe(oldLabel);

    // The header counts the whole project, not only the clustered documents.
    const info = await callFromPage<{ documents: number }>(page, 'project:info');
    await expect
      .poll(() => page.locator('.taxonomy-coverage').textContent())
      .toContain(`of ${info.documents.toLocaleString('en-US')} documents`);

    // Rename in the topics list.
    const row = page.getByTestId(`topic-${chosen!.clusterId}`);
    await row.hover();
    await row.getByRole('button', { name: `Rename topic ${chosen!.clusterId}` }).click();
    await row.getByRole('textbox').fill(newLabel);
    await row.getByRole('textbox').press('Enter');
    await row.getByText(newLabel).waitFor();
    // It says that the rename locked the label.
    await row.getByTestId(`locked-${chosen!.clusterId}`).waitFor();
    expect(await row.getByTestId(`locked-${chosen!.clusterId}`).getAttribute('title')).toBe(
      'Locked: relabelling keeps this label',
    );
    await expect(
      row.getByRole('button', { name: `Unlock topic ${chosen!.clusterId}` }).getAttribute('aria-pressed'),
    ).resolves.toBe('true');
    expect(await page.getByTestId('topic-edit-note').textContent()).toContain('locked it');

    // The map's legend and the tree's leaf show the new name, with no reload of the page.
    const legend = page.locator('section[aria-label="Legend"]');
    await legend.getByText(newLabel, { exact: true }).waitFor();
    // So does the details pane of the selected topic.
    await row.locator('.col-size').click();
    const detail = page.getByTestId('detail-title');
    await detail.getByText(newLabel).waitFor();
    await detail.getByText('locked').waitFor();
    const leafRow = page.getByTestId(`taxonomy-node-${leaf.id}`);
    await leafRow.locator('.tree-label', { hasText: newLabel }).waitFor();
    const exported = await callFromPage<{ text: string }>(page, 'taxonomy:export', { format: 'outline' });
    expect(exported.text).toContain(newLabel);
    await page.screenshot({ path: join(screenshotDir, 'labels-renamed.png'), fullPage: true });

    // Ctrl+Z from the taxonomy tab: the last edit was the rename, made in the topics tab.
    await pressOutsideText(page, 'Control+z');
    await leafRow.locator('.tree-label', { hasText: oldLabel }).waitFor();
    await legend.getByText(oldLabel, { exact: true }).waitFor();
    expect(await legend.getByText(newLabel, { exact: true }).count()).toBe(0);
    await detail.getByText(oldLabel).waitFor();
    expect(await detail.getByText('locked').count()).toBe(0);
    await row.getByText(oldLabel, { exact: true }).waitFor();
    expect(await row.getByTestId(`locked-${chosen!.clusterId}`).count()).toBe(0);
    // The undo puts back who named it too, not only the name and the lock.
    expect((await topicsOf(page)).get(chosen!.clusterId)).toMatchObject({
      label: oldLabel,
      locked: false,
      source: chosen!.source,
    });

    // A document move on the map, then a tree edit: undo takes back the tree edit first, then the move.
    const destination = [...before.values()].find((t) => t.clusterId !== chosen!.clusterId)!;
    await page.getByRole('button', { name: 'Lasso' }).click();
    const canvas = await mapReady(page);
    await lassoAroundTopic(page, canvas, chosen!.clusterId);
    await page.getByLabel('Target topic').selectOption(String(destination.clusterId));
    await page.getByRole('button', { name: /^Move \d+ documents?$/ }).click();
    const status = page.getByTestId('move-status');
    await status.getByText(/^Moved \d+ documents? to/).waitFor();
    const moved = await topicsOf(page);
    expect(moved.get(destination.clusterId)!.size).toBeGreaterThan(before.get(destination.clusterId)!.size);

    const category = tree.nodes.find((n) => n.depth === 0)!;
    const item = page.getByTestId(`taxonomy-node-${category.id}`);
    await item.click();
    await item.getByRole('button', { name: `Rename ${category.label}`, exact: true }).click();
    await item.getByRole('textbox').fill('Renamed category');
    await item.getByRole('textbox').press('Enter');
    await item.locator('.tree-label', { hasText: 'Renamed category' }).waitFor();
    // The tree redraws from the edit's answer; the Undo button's title follows once the history is read.
    await expect
      .poll(() => page.getByRole('button', { name: '↶ Undo' }).getAttribute('title'))
      .toMatch(/^Undo rename “.*” to “Renamed category”/);

    const labelOfCategory = async () =>
      (await callFromPage<TaxonomyViewWire>(page, 'taxonomy:get')).nodes.find((n) => n.id === category.id)
        ?.label;
    const sizeOfDestination = async () => (await topicsOf(page)).get(destination.clusterId)!.size;
    await pressOutsideText(page, 'Control+z');
    await expect.poll(labelOfCategory).toBe(category.label);
    expect(await sizeOfDestination()).toBe(moved.get(destination.clusterId)!.size);
    await pressOutsideText(page, 'Control+z');
    await expect.poll(sizeOfDestination).toBe(before.get(destination.clusterId)!.size);
    expect(await labelOfCategory()).toBe(category.label);
    // Redo replays them in the order they were made: the move first.
    await pressOutsideText(page, 'Control+Shift+z');
    await expect.poll(sizeOfDestination).toBe(moved.get(destination.clusterId)!.size);
    expect(await labelOfCategory()).toBe(category.label);

    // The history is the project's, not the page's: after a reload, undo still takes back the last edit.
    await page.reload();
    await mapReady(page);
    const undoButton = page.getByRole('button', { name: 'Undo', exact: true });
    await expect
      .poll(() => undoButton.getAttribute('title'))
      .toMatch(/^Undo move (a document|\d+ documents) to “/);
    await pressOutsideText(page, 'Control+z');
    await expect.poll(sizeOfDestination).toBe(before.get(destination.clusterId)!.size);
    // And redo replays the move, then the tree edit.
    await pressOutsideText(page, 'Control+Shift+z');
    await expect.poll(sizeOfDestination).toBe(moved.get(destination.clusterId)!.size);
    await pressOutsideText(page, 'Control+Shift+z');
    await expect.poll(labelOfCategory).toBe('Renamed category');
    await expect
      .poll(() => undoButton.getAttribute('title'))
      .toMatch(/^Undo rename “.*” to “Renamed category”/);

    expect(errors).toEqual([]);
    await page.close();
  });
});
