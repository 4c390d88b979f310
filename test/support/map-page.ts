import type { Locator, Page } from 'playwright-core';
import type { MapDataWire, TopicView } from '../../src/shared/contract';
import { decodeMapData } from '../../src/renderer/features/cluster-map/map-data';
import { fitView } from '../../src/renderer/features/cluster-map/view-model';
import { callFromPage } from './browser';

/** The run's topics by cluster id, as the engine has them now. */
export const topicsOf = async (page: Page): Promise<Map<number, TopicView>> =>
  new Map(
    (await callFromPage<{ topics: TopicView[] }>(page, 'topics:list')).topics.map((t) => [t.clusterId, t]),
  );

/** Waits until the map drew its current data (a reload re-creates it); the map's canvas layer. */
export async function mapReady(page: Page): Promise<Locator> {
  const canvas = page.getByTestId('cluster-map-canvas');
  await canvas.and(page.locator('[data-first-frame-ms]')).waitFor({ timeout: 30_000 });
  await canvas.scrollIntoViewIfNeeded();
  return canvas;
}

/**
 * Draws a lasso square of 24 px around the first document of topic `clusterId`, in the map's
 * initial view (Lasso mode must be on). Screen positions follow `fitView`, as the map frames itself.
 */
export async function lassoAroundTopic(page: Page, canvas: Locator, clusterId: number): Promise<void> {
  const map = decodeMapData(await callFromPage<MapDataWire>(page, 'map:data'));
  const box = (await canvas.boundingBox())!;
  const width = box.width - 2;
  const height = box.height - 2;
  const { target: centre, zoom } = fitView(map.positions, width, height);
  const scale = 2 ** zoom;
  const i = map.clusterIds.findIndex((c) => c === clusterId);
  const px = box.x + 1 + width / 2 + (map.positions[2 * i]! - centre[0]) * scale;
  const py = box.y + 1 + height / 2 - (map.positions[2 * i + 1]! - centre[1]) * scale;
  const r = 12;
  await page.mouse.move(px - r, py - r);
  await page.mouse.down();
  for (const [dx, dy] of [
    [r, -r],
    [r, r],
    [-r, r],
    [-r, -r],
  ] as const)
    await page.mouse.move(px + dx, py + dy, { steps: 4 });
  await page.mouse.up();
}
