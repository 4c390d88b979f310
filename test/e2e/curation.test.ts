import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSmallProject } from '../support/cli';
import { BrowserSession, callFromPage, screenshotDir } from '../support/browser';
import { lassoAroundTopic, mapReady, topicsOf } from '../support/map-page';
import type { FakeChatServer } from '../support/fake-chat-server';
import { startFakeChatServer } from '../support/fake-chat-server';
import type { MapDataWire, TaxonomyViewWire } from '../../src/shared/contract';
import { decodeMapData } from '../../src/renderer/features/cluster-map/map-data';

// The curator's edits across the panels and the map, in real headless Chromium against `taxonomist
// serve`: a small project built from the shared arXiv corpus, labelled by a fake OpenAI-compatible
// server on 127.0.0.1 (so regenerating a label asks it again).
const session = new BrowserSession('curation-e2e');
const dir = session.dir;
let chat: FakeChatServer;

beforeAll(async () => {
  chat = await startFakeChatServer('openai', (r) => ({
    text: JSON.stringify({ label: `Fake label ${r.n}`, description: 'A topic named by the fake server.' }),
  }));
  const project = join(dir, 'curation.taxonomist');
  await buildSmallProject(project, [
    '--provider',
    'openai',
    '--label-model',
    'fake-model',
    '--base-url',
    chat.baseUrl,
    '--taxonomy',
    'offline',
  ]);
  await session.start(project);
}, 300_000);

afterAll(async () => {
  await session.close();
  await chat?.close();
});

describe('curating across the topics panel, the taxonomy and the map', () => {
  it('regenerates a label, highlights a node on the map, merges and undoes, and moves lassoed documents', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('404')) errors.push(m.text());
    });
    await page.goto(session.url);
    await mapReady(page);

    // Regenerate one label: the fake provider is asked again (no cache) and the row shows the new label.
    const before = await topicsOf(page);
    expect(before.size).toBeGreaterThan(2);
    const [chosen] = [...before.values()].sort((a, b) => b.size - a.size);
    expect(chosen!.source).toBe('llm');
    const requestsBefore = chat.requests.length;
    const row = page.getByTestId(`topic-${chosen!.clusterId}`);
    await row.hover();
    await row.getByRole('button', { name: `Regenerate the label of topic ${chosen!.clusterId}` }).click();
    const expected = `Fake label ${requestsBefore + 1}`;
    await row.getByText(expected).waitFor();
    await row.locator('.badge-llm').waitFor();
    expect(chat.requests.length).toBe(requestsBefore + 1);
    expect(await page.getByTestId('regenerate-note').textContent()).toContain(
      `Relabelled by openai (fake-model)`,
    );
    expect((await topicsOf(page)).get(chosen!.clusterId)).toMatchObject({ label: expected, source: 'llm' });
    // The other labels stay.
    const others = [...(await topicsOf(page)).values()].filter((t) => t.clusterId !== chosen!.clusterId);
    expect(others.map((t) => t.label)).toEqual(
      [...before.values()].filter((t) => t.clusterId !== chosen!.clusterId).map((t) => t.label),
    );
    await page.screenshot({ path: join(screenshotDir, 'curation-regenerate.png'), fullPage: true });

    // Selecting a taxonomy node highlights the documents of its whole subtree on the map.
    const view = await callFromPage<TaxonomyViewWire>(page, 'taxonomy:get');
    const top = view.nodes.find((n) => n.depth === 0 && n.documents > 0)!;
    const subtree = new Set<number>();
    const inSubtree = (id: number): boolean => {
      for (let n = view.nodes.find((x) => x.id === id); n; n = view.nodes.find((x) => x.id === n!.parentId))
        if (n.id === top.id) return true;
      return false;
    };
    for (const n of view.nodes) if (inSubtree(n.id)) n.clusterIds.forEach((c) => subtree.add(c));
    const clusters = [...subtree].sort((a, b) => a - b);
    expect(clusters.length).toBeGreaterThan(0);
    await page.getByTestId(`taxonomy-node-${top.id}`).click();
    let canvas = page.getByTestId('cluster-map-canvas');
    await expect.poll(() => canvas.getAttribute('data-highlight-clusters')).toBe(clusters.join(','));
    const map = decodeMapData(await callFromPage<MapDataWire>(page, 'map:data'));
    const inClusters = map.clusterIds.filter((c) => subtree.has(c)).length;
    expect(Number(await canvas.getAttribute('data-highlighted'))).toBe(inClusters);
    expect(await page.getByTestId('map-highlight').textContent()).toContain(top.label);
    await canvas.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshotDir, 'curation-highlight.png') });
    // A topic chosen in the topics panel replaces the node's highlight with its own.
    await row.click();
    await expect.poll(() => canvas.getAttribute('data-highlight-clusters')).toBeNull();
    await expect
      .poll(async () => Number(await canvas.getAttribute('data-highlighted')))
      .toBe(map.clusterIds.filter((c) => c === chosen!.clusterId).length);

    // Merge one leaf into another from the toolbar, then undo.
    const leaves = view.nodes.filter((n) => !view.nodes.some((m) => m.parentId === n.id));
    const [source, target] = [leaves[0]!, leaves[leaves.length - 1]!];
    expect(source.id).not.toBe(target.id);
    await page.getByTestId(`taxonomy-node-${source.id}`).click();
    await page.getByRole('button', { name: 'Merge into…' }).click();
    await page.getByLabel('Merge target').selectOption(String(target.id));
    await page.getByRole('button', { name: 'Merge', exact: true }).click();
    const nodeOf = async (id: number) =>
      (await callFromPage<TaxonomyViewWire>(page, 'taxonomy:get')).nodes.find((n) => n.id === id);
    await expect.poll(() => nodeOf(source.id)).toBeUndefined();
    const merged = (await nodeOf(target.id))!;
    expect(merged.clusterIds).toEqual(
      [...new Set([...target.clusterIds, ...source.clusterIds])].sort((a, b) => a - b),
    );
    // The merged node is selected, and the map highlights the combined clusters.
    await expect.poll(() => canvas.getAttribute('data-highlight-clusters')).toBe(merged.clusterIds.join(','));
    await page.screenshot({ path: join(screenshotDir, 'curation-merge.png'), fullPage: true });
    await page.getByRole('button', { name: '↶ Undo' }).click();
    await expect.poll(async () => (await nodeOf(source.id))?.label).toBe(source.label);
    expect((await nodeOf(target.id))!.clusterIds).toEqual(target.clusterIds);
    await expect.poll(() => canvas.getAttribute('data-highlight-clusters')).toBe(target.clusterIds.join(','));

    // Lasso a few documents around one topic's centre and move them to another topic.
    // Lasso mode first: clicking its button may scroll the page, which would move the canvas.
    await page.getByRole('button', { name: 'Lasso' }).click();
    canvas = await mapReady(page);
    // A document of the chosen topic, and a square of 24 px around it.
    await lassoAroundTopic(page, canvas, chosen!.clusterId);
    const selected = Number((await page.getByTestId('selection-count').textContent())!.replace(/\D/g, ''));
    expect(selected).toBeGreaterThan(0);
    const destination = [...before.values()].find((t) => t.clusterId !== chosen!.clusterId)!;
    const sizesBefore = await topicsOf(page);
    await page.getByLabel('Target topic').selectOption(String(destination.clusterId));
    await page.getByRole('button', { name: /^Move \d+ documents?$/ }).click();
    const status = page.getByTestId('move-status');
    await status.getByText(/^Moved \d+ documents? to/).waitFor();
    const moved = Number(/Moved (\d+)/.exec((await status.textContent())!)![1]);
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThanOrEqual(selected);
    const sizesAfter = await topicsOf(page);
    expect(sizesAfter.get(destination.clusterId)!.size).toBe(
      sizesBefore.get(destination.clusterId)!.size + moved,
    );
    expect(sizesAfter.get(chosen!.clusterId)!.size).toBeLessThan(sizesBefore.get(chosen!.clusterId)!.size);
    // The topics panel shows the new size.
    await expect
      .poll(() => page.getByTestId(`topic-${destination.clusterId}`).locator('.col-size').textContent())
      .toBe(sizesAfter.get(destination.clusterId)!.size.toLocaleString('en-US'));
    await mapReady(page);
    await page.screenshot({ path: join(screenshotDir, 'curation-move.png'), fullPage: true });

    await status.getByRole('button', { name: 'Undo move' }).click();
    await status.getByText(/^Undid the move/).waitFor();
    const sizesUndone = await topicsOf(page);
    for (const [c, t] of sizesBefore) expect(sizesUndone.get(c)!.size, `topic ${c}`).toBe(t.size);
    await status.getByRole('button', { name: 'Redo move' }).click();
    await status.getByText(/^Moved \d+ documents? again/).waitFor();
    const sizesRedone = await topicsOf(page);
    expect(sizesRedone.get(destination.clusterId)!.size).toBe(sizesAfter.get(destination.clusterId)!.size);
    expect(errors).toEqual([]);
    await page.close();
  });
});
