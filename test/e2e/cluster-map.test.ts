import { loadavg } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BrowserSession, screenshotDir } from '../support/browser';
import { countNonBackground, decodePng } from '../support/png';
import { generateClusterMapData } from '../../src/renderer/features/cluster-map/fixture-data';
import { fitView, topicAnchors } from '../../src/renderer/features/cluster-map/view-model';

// The cluster map in real headless Chromium (WebGL2 through SwiftShader), served by `taxonomist serve`
// with generated points (`?fixture=N`), timed from the data's arrival to the first drawn frame.
const session = new BrowserSession('map-e2e');
const dir = session.dir;

beforeAll(async () => {
  await session.start(join(dir, 'map.taxonomist'));
});

afterAll(async () => {
  await session.close();
});

/** Opens the map on n generated points and waits for its first frame; returns the page and that delay. */
async function openMap(n: number): Promise<{ page: Page; firstFrameMs: number; errors: string[] }> {
  const page = await session.browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // The page asks for /favicon.ico, which the host does not serve.
    if (m.type() === 'error' && !m.text().includes('404')) errors.push(m.text());
  });
  await page.goto(`${session.url}&fixture=${n}`);
  const canvas = page.getByTestId('cluster-map-canvas');
  await canvas.and(page.locator('[data-first-frame-ms]')).waitFor({ timeout: 30_000 });
  const firstFrameMs = Number(await canvas.getAttribute('data-first-frame-ms'));
  return { page, firstFrameMs, errors };
}

/** Waits until the map has drawn no new frame for a while (software WebGL can lag far behind input). */
async function settle(page: Page): Promise<void> {
  const canvas = page.getByTestId('cluster-map-canvas');
  let last = -1;
  for (;;) {
    const frames = Number(await canvas.getAttribute('data-frames'));
    if (frames === last) return;
    last = frames;
    await page.waitForTimeout(500);
  }
}

async function drawnPixels(page: Page): Promise<number> {
  const png = await page.getByTestId('cluster-map-canvas').screenshot();
  return countNonBackground(decodePng(png), [255, 255, 255]);
}

/** Screen point (page coordinates) of a fraction of the map canvas. */
async function at(page: Page, fx: number, fy: number): Promise<[number, number]> {
  const box = (await page.getByTestId('cluster-map-canvas').boundingBox())!;
  return [box.x + box.width * fx, box.y + box.height * fy];
}

/** Drags a lasso through the canvas fractions `ring` (closed back to its first corner). */
async function lassoRing(
  page: Page,
  ring: readonly (readonly [number, number])[],
  steps: number,
): Promise<void> {
  const [x0, y0] = await at(page, ring[0]![0], ring[0]![1]);
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (const [fx, fy] of [...ring.slice(1), ring[0]!]) {
    const [x, y] = await at(page, fx, fy);
    await page.mouse.move(x, y, { steps });
  }
  await page.mouse.up();
}

/** Page coordinates of the biggest generated topic's centre, as the map first frames it. */
async function screenOfBiggestTopic(page: Page, n: number): Promise<[number, number]> {
  const data = generateClusterMapData(n);
  const anchor = topicAnchors(data).sort((a, b) => b.size - a.size)[0]!;
  const box = (await page.getByTestId('cluster-map-canvas').boundingBox())!;
  // The canvas fills the container inside its 1px border.
  const width = box.width - 2;
  const height = box.height - 2;
  const { target, zoom } = fitView(data.positions, width, height);
  const scale = 2 ** zoom;
  return [
    box.x + 1 + width / 2 + (anchor.x - target[0]) * scale,
    box.y + 1 + height / 2 - (anchor.y - target[1]) * scale,
  ];
}

describe('the cluster map in a browser', () => {
  it('draws 25,000 points soon after the data arrives, with hover, click, search and lasso', async () => {
    const { page, firstFrameMs, errors } = await openMap(25_000);
    console.log(
      JSON.stringify({
        test: 'map-first-frame',
        points: 25_000,
        firstFrameMs,
        load1: loadavg()[0]!.toFixed(2),
      }),
    );
    // The goal is 1.5 s; a shared two-core machine gets slack here, the benchmark reports the number.
    expect(firstFrameMs).toBeGreaterThan(0);
    expect(firstFrameMs).toBeLessThan(10_000);
    // Points were drawn: a good share of the canvas is not background.
    await page.waitForTimeout(300);
    expect(await drawnPixels(page)).toBeGreaterThan(5_000);
    await page.screenshot({ path: join(dir, 'cluster-map.png') });

    // Legend: every topic with its count, and noise.
    const legend = page.getByRole('region', { name: 'Legend' });
    await expect(legend.getByRole('button').count()).resolves.toBeGreaterThan(8);
    await expect(legend.getByText('Noise').count()).resolves.toBe(1);
    // Noise heads the legend, with its count.
    expect(await legend.getByRole('button').first().textContent()).toMatch(/^Unplaced \(noise\)[\d,]+$/);

    // Hover the middle of the biggest topic (where the generator put most points) until a tooltip
    // shows a title and a topic; the same spot clicked opens the document panel.
    const [hx, hy] = await screenOfBiggestTopic(page, 25_000);
    let tooltip = false;
    // Where the pointer was when the tooltip showed (the tooltip itself may sit on either side of it).
    let [tx, ty] = [hx, hy];
    for (let k = 0; k < 8 && !tooltip; k++) {
      [tx, ty] = [hx + (k % 3) * 3, hy + Math.floor(k / 3) * 3];
      await page.mouse.move(tx, ty, { steps: 3 });
      tooltip = await page
        .getByRole('tooltip')
        .waitFor({ timeout: 1500 })
        .then(
          () => true,
          () => false,
        );
    }
    expect(tooltip).toBe(true);
    expect(await page.getByRole('tooltip').textContent()).toMatch(/\(\d+\)/);
    await page.mouse.click(tx, ty);
    const panel = page.getByRole('region', { name: 'Document' });
    await panel.waitFor();
    expect(await panel.getByTestId('membership').textContent()).toMatch(/^\d\.\d\d$/);
    await panel.getByText('generated abstract').waitFor();

    // Search highlights matching titles and says how many.
    await page.getByRole('searchbox', { name: 'Search titles' }).fill('protein folding');
    expect(await page.getByTestId('search-matches').textContent()).toMatch(/^[\d,]+ matching titles$/);
    await page.getByRole('searchbox', { name: 'Search titles' }).fill('');

    // Hiding noise redraws without it.
    await page.getByLabel('Show noise').uncheck();
    await page.getByLabel('Show noise').check();

    // Lasso a region, then ask to move the selection to a topic.
    await page.getByRole('button', { name: 'Lasso' }).click();
    await lassoRing(
      page,
      [
        [0.3, 0.3],
        [0.7, 0.3],
        [0.7, 0.7],
        [0.3, 0.7],
      ],
      5,
    );
    const count = Number((await page.getByTestId('selection-count').textContent())!.replace(/\D/g, ''));
    expect(count).toBeGreaterThan(0);
    await page.getByLabel('Target topic').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Move' }).click();
    expect(await page.getByTestId('move-intent').textContent()).toContain(
      `Move ${count.toLocaleString('en-US')} documents`,
    );
    await page.screenshot({ path: join(dir, 'cluster-map-lasso.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('pans and zooms 100,000 points, reporting frame times', async () => {
    const { page, firstFrameMs, errors } = await openMap(100_000);
    const before = await drawnPixels(page);
    expect(before).toBeGreaterThan(5_000);
    const framesBefore = Number(await page.getByTestId('cluster-map-canvas').getAttribute('data-frames'));
    // Record every animation frame while the pointer pans and the wheel zooms.
    await page.evaluate(() => {
      const w = window as unknown as { frameTimes: number[]; recording: boolean };
      w.frameTimes = [];
      w.recording = true;
      const tick = (t: number) => {
        w.frameTimes.push(t);
        if (w.recording) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const [cx, cy] = await at(page, 0.5, 0.5);
    const canvas = page.getByTestId('cluster-map-canvas');
    const view = async () => ({
      zoom: Number(await canvas.getAttribute('data-zoom')),
      target: (await canvas.getAttribute('data-target'))!.split(',').map(Number),
    });
    const started = Date.now();
    await page.mouse.move(cx, cy);
    // The wheel first: headless Chromium drops wheel input that follows a drag.
    const v0 = await view();
    await page.mouse.wheel(0, -240);
    const v1 = await view();
    expect(v1.zoom).toBeGreaterThan(v0.zoom + 0.5);
    await page.mouse.down();
    await page.mouse.move(cx + 150, cy + 80, { steps: 10 });
    await page.mouse.up();
    // The view followed the pointer (less the drag threshold): pointer positions are read against
    // an element that does not move with the deferred frame.
    const v2 = await view();
    const scale = 2 ** v1.zoom;
    expect((v1.target[0]! - v2.target[0]!) * scale).toBeGreaterThan(0.8 * 150);
    expect((v2.target[1]! - v1.target[1]!) * scale).toBeGreaterThan(0.8 * 80);
    await settle(page);
    const times = await page.evaluate(() => {
      const w = window as unknown as { frameTimes: number[]; recording: boolean };
      w.recording = false;
      return w.frameTimes;
    });
    const interactionMs = Date.now() - started;
    const framesAfter = Number(await page.getByTestId('cluster-map-canvas').getAttribute('data-frames'));
    const gaps = times
      .slice(1)
      .map((t, i) => t - times[i]!)
      .sort((a, b) => a - b);
    const pick = (q: number) => gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))]!;
    console.log(
      JSON.stringify({
        test: 'map-pan-zoom',
        points: 100_000,
        firstFrameMs,
        deckFrames: framesAfter - framesBefore,
        movedFrames: Number(await page.getByTestId('cluster-map-canvas').getAttribute('data-moved-frames')),
        interactionMs,
        frameMsMedian: Number(pick(0.5).toFixed(1)),
        frameMsP95: Number(pick(0.95).toFixed(1)),
        frameMsMax: Number(gaps.at(-1)!.toFixed(1)),
        load1: loadavg()[0]!.toFixed(2),
      }),
    );
    // WebGL runs on the CPU here: while the view moved, the last frame was moved (no redraw), and
    // the points were drawn again once it stood still; picking is on the CPU.
    expect(await canvas.getAttribute('data-renderer')).toBe('software');
    expect(await canvas.getAttribute('data-picking')).toBe('cpu');
    expect(Number(await canvas.getAttribute('data-moved-frames'))).toBeGreaterThan(1);
    expect(framesAfter - framesBefore).toBeGreaterThanOrEqual(1);
    expect(await canvas.evaluate((el) => el.querySelector('canvas')!.style.transform)).toBe('');
    expect(await drawnPixels(page)).toBeGreaterThan(1_000);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('fills the box it is given, frames itself afresh when the box changes, keeps labels inside, and answers keys', async () => {
    const n = 5_000;
    const { page, errors } = await openMap(n);
    // The map alone in a 900 x 600 box: every other part of the page is put away.
    await page.addStyleTag({
      content: `
        .app > :not(.app-views), .app-views > :not(#view-curate), .curate > :not(.center-pane),
        .center-pane > :not(.map-pane), .map-pane > :not(.cluster-map) { display: none !important; }
        .map-pane { position: fixed; left: 10px; top: 10px; width: 900px; height: 600px; margin: 0; }`,
    });
    const section = page.getByRole('region', { name: 'Cluster map' });
    const canvas = page.getByTestId('cluster-map-canvas');
    const sizes = () =>
      canvas.evaluate((el) => {
        const map = el.closest('section')!;
        const side = map.querySelector('aside')!.getBoundingClientRect();
        const box = map.getBoundingClientRect();
        const deckCanvas = el.querySelector('canvas')!;
        return {
          map: [box.width, box.height, map.scrollHeight],
          canvas: [el.clientWidth, el.clientHeight],
          deck: [deckCanvas.clientWidth, deckCanvas.clientHeight, deckCanvas.width],
          side: [side.width, side.bottom - box.top, side.right - box.left],
          pageScrolls: document.documentElement.scrollHeight > innerHeight,
        };
      });
    await expect.poll(async () => (await sizes()).canvas[1]).toBeGreaterThan(520);
    const first = await sizes();
    expect(first.map[0]).toBeCloseTo(900, 0);
    expect(first.map[1]).toBeCloseTo(600, 0);
    expect(first.map[2]).toBeLessThanOrEqual(601);
    expect(first.pageScrolls).toBe(false);
    // The side column (legend, document) sits inside the box, right of the canvas, 15-17rem wide.
    expect(first.side[0]).toBeGreaterThanOrEqual(15 * 16);
    expect(first.side[0]).toBeLessThanOrEqual(17 * 16);
    expect(first.side[1]).toBeLessThanOrEqual(600);
    expect(first.side[2]).toBeLessThanOrEqual(900.5);
    expect(first.canvas[0]).toBeGreaterThan(900 - 17 * 16 - 40);
    expect(first.deck[0]).toBe(first.canvas[0]);
    expect(first.deck[1]).toBe(first.canvas[1]);
    // Nobody moved the view yet: it is framed for the box it now has.
    const data = generateClusterMapData(n);
    const fitted = (w: number, h: number) => fitView(data.positions, w, h).zoom;
    await expect
      .poll(async () => Number(await canvas.getAttribute('data-zoom')))
      .toBeCloseTo(fitted(first.canvas[0]!, first.canvas[1]!), 2);
    await page.screenshot({ path: join(screenshotDir, 'cluster-map-900x600.png') });

    // A smaller box: the canvas and its drawing buffer follow, and the view is framed again.
    await page.addStyleTag({ content: '.map-pane { width: 700px; height: 450px; }' });
    await expect.poll(async () => (await sizes()).canvas[0]).toBeLessThan(first.canvas[0]! - 150);
    await expect.poll(async () => (await sizes()).deck[2]).toBeLessThan(first.deck[2]!);
    const second = await sizes();
    expect(second.map[1]).toBeCloseTo(450, 0);
    expect(second.deck[0]).toBe(second.canvas[0]);
    await expect
      .poll(async () => Number(await canvas.getAttribute('data-zoom')))
      .toBeCloseTo(fitted(second.canvas[0]!, second.canvas[1]!), 2);
    await settle(page);

    // Topic labels: some shown, each inside the canvas, none on another.
    const [w, h] = second.canvas as [number, number];
    await expect.poll(async () => Number(await canvas.getAttribute('data-labels'))).toBeGreaterThan(2);
    const boxes = JSON.parse((await canvas.getAttribute('data-label-boxes'))!) as number[][];
    expect(boxes.length).toBe(Number(await canvas.getAttribute('data-labels')));
    for (const [x, y, bw, bh] of boxes) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(x! + bw!).toBeLessThanOrEqual(w);
      expect(y! + bh!).toBeLessThanOrEqual(h);
    }
    for (const [a, b] of boxes.flatMap((p, k) => boxes.slice(k + 1).map((q) => [p, q] as const)))
      expect(
        a[0]! + a[2]! <= b[0]! || b[0]! + b[2]! <= a[0]! || a[1]! + a[3]! <= b[1]! || b[1]! + b[3]! <= a[1]!,
      ).toBe(true);

    // Keyboard: Tab reaches the map after the toolbar; it shows a focus ring; arrows pan a tenth
    // of the view, + zooms in.
    await page.getByRole('button', { name: 'Legend' }).focus();
    await page.keyboard.press('Tab');
    const focusedMap = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      return { isMap: el.classList.contains('deck-events-root'), outline: getComputedStyle(el).outlineStyle };
    });
    expect(focusedMap).toEqual({ isMap: true, outline: 'solid' });
    const view = async () => ({
      zoom: Number(await canvas.getAttribute('data-zoom')),
      target: (await canvas.getAttribute('data-target'))!.split(',').map(Number),
    });
    const v0 = await view();
    await page.keyboard.press('ArrowRight');
    const step = 0.1 * Math.min(w, h);
    await expect
      .poll(async () => Math.abs((await view()).target[0]! - v0.target[0]!) * 2 ** v0.zoom)
      .toBeCloseTo(step, 0);
    expect((await view()).target[1]).toBeCloseTo(v0.target[1]!, 4);
    await page.keyboard.press('Shift+Equal');
    await expect.poll(async () => (await view()).zoom).toBeGreaterThan(v0.zoom + 0.5);
    const zoomedIn = (await view()).zoom;
    await page.keyboard.press('Minus');
    await expect.poll(async () => (await view()).zoom).toBeLessThan(zoomedIn - 0.5);
    await settle(page);

    // The tooltip near the right edge flips to the pointer's left at its full width.
    const now = await view();
    const scale = 2 ** now.zoom;
    const box = (await canvas.boundingBox())!;
    const near: [number, number][] = [];
    for (let i = 0; i < n && near.length < 6; i++) {
      const sx = w / 2 + (data.positions[2 * i]! - now.target[0]!) * scale;
      const sy = h / 2 - (data.positions[2 * i + 1]! - now.target[1]!) * scale;
      if (sx > w - 40 && sx < w - 8 && sy > 60 && sy < h - 60) near.push([box.x + 1 + sx, box.y + 1 + sy]);
    }
    expect(near.length).toBeGreaterThan(0);
    let shown = false;
    let pointerX = 0;
    for (const [x, y] of near) {
      await page.mouse.move(x, y, { steps: 2 });
      pointerX = x;
      shown = await page
        .getByRole('tooltip')
        .waitFor({ timeout: 1500 })
        .then(
          () => true,
          () => false,
        );
      if (shown) break;
    }
    expect(shown).toBe(true);
    const tip = (await page.getByRole('tooltip').boundingBox())!;
    expect(tip.x + tip.width).toBeLessThanOrEqual(pointerX);
    expect(tip.x).toBeGreaterThanOrEqual(box.x);
    expect(tip.width).toBeGreaterThanOrEqual(12 * 16 - 1);

    // Escape closes the tooltip and clears a lasso selection.
    await page.getByRole('button', { name: 'Lasso' }).click();
    await lassoRing(
      page,
      [
        [0.2, 0.2],
        [0.8, 0.2],
        [0.8, 0.8],
        [0.2, 0.8],
      ],
      4,
    );
    await page.getByTestId('selection-count').waitFor();
    await page.getByRole('button', { name: 'Lasso' }).focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('selection-count').count()).toBe(0);
    expect(await page.getByRole('tooltip').count()).toBe(0);
    await expect(section.count()).resolves.toBe(1);
    await page.screenshot({ path: join(screenshotDir, 'cluster-map-700x450.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
