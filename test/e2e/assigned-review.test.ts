import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BrowserSession, callFromPage, screenshotDir } from '../support/browser';
import { countNonBackground, decodePng } from '../support/png';
import type { AssignedFixture } from '../support/assigned-project';
import {
  ASSIGNED_STRENGTHS,
  ASSIGNED_TOPICS,
  CORE_PER_TOPIC,
  writeAssignedProject,
} from '../support/assigned-project';
import type { MapDataWire } from '../../src/shared/contract';
import { decodeMapData } from '../../src/renderer/features/cluster-map/map-data';

// Reviewing the documents HDBSCAN called noise that a topic took in afterwards, in real headless
// Chromium against `taxonomist serve`: a project written directly with three topics of 30 core and 8
// assigned documents each (strengths known), plus unplaced noise.
const session = new BrowserSession('assigned-e2e');
let fixture: AssignedFixture;

beforeAll(async () => {
  const project = join(session.dir, 'assigned.taxonomist');
  fixture = writeAssignedProject(project);
  await session.start(project);
}, 120_000);

afterAll(async () => {
  await session.close();
});

const ASSIGNED = ASSIGNED_STRENGTHS.length;
const SIZE = CORE_PER_TOPIC + ASSIGNED;

/** The Topics panel's size and assigned cells of a topic, as shown (read at once: a reload may land between two reads). */
const shownCounts = (page: Page, clusterId: number) =>
  page
    .getByTestId(`topic-${clusterId}`)
    .evaluate(
      (row) =>
        `${row.querySelector('.col-size')!.textContent} ${row.querySelector('.col-assigned')!.textContent}`,
    );

/** Polls until `read` gives the expected value; the map and the panels reload after each edit, slowly on two cores. */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000 });

async function mapReady(page: Page) {
  const canvas = page.getByTestId('cluster-map-canvas');
  await canvas.and(page.locator('[data-first-frame-ms]')).waitFor({ timeout: 30_000 });
  return canvas;
}

/** Waits until the map has drawn no new frame for a while (software WebGL lags behind). */
async function settle(page: Page) {
  const canvas = page.getByTestId('cluster-map-canvas');
  let last = -1;
  for (;;) {
    const frames = Number(await canvas.getAttribute('data-frames'));
    if (frames === last) return;
    last = frames;
    await page.waitForTimeout(400);
  }
}

describe('reviewing assigned documents in a browser', () => {
  it('shows the counts, moves one document and unplaces another from the review, undoes both, and hides assigned points on the map', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    // The review opens inside the topic list: give the list most of a wide side pane.
    await page.addInitScript(() =>
      localStorage.setItem(
        'taxonomist.workbench.panes',
        JSON.stringify({ side: 700, topics: 0.75, detail: 120 }),
      ),
    );
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('404')) errors.push(m.text());
    });
    await page.goto(session.url);
    await mapReady(page);

    // The Topics panel: every topic's size, with its assigned documents beside it.
    for (let c = 0; c < ASSIGNED_TOPICS.length; c++)
      await poll(() => shownCounts(page, c)).toBe(`${SIZE} +${ASSIGNED}`);
    expect(await page.getByTestId('topic-0').locator('.col-size').getAttribute('title')).toMatch(
      new RegExp(`^${CORE_PER_TOPIC} core .*\\+ ${ASSIGNED} assigned`),
    );

    // Select the first topic and open its review: weakest first.
    await page.getByTestId('topic-0').locator('.col-size').click();
    await page.getByRole('button', { name: `Review assigned (${ASSIGNED})` }).click();
    const review = page.getByTestId('assigned-review');
    const titles = () => review.locator('tbody .col-title').allTextContents();
    await poll(titles).toHaveLength(ASSIGNED);
    const listed = await titles();
    // Strengths [0.5, 0.3, 0.3, 0.9, 0.1, null, 0.7, 0.4] by document order; unknown last.
    expect(listed).toEqual([5, 2, 3, 8, 1, 7, 4, 6].map((k) => `Machine translation fringe paper ${k}`));
    expect(await review.locator('tbody .col-strength').allTextContents()).toEqual([
      '0.10',
      '0.30',
      '0.30',
      '0.40',
      '0.50',
      '0.70',
      '0.90',
      '—',
    ]);
    await page.screenshot({ path: join(screenshotDir, 'assigned-review.png'), fullPage: true });

    // Move the weakest to another topic.
    const [weakest, next] = listed as [string, string];
    await review.getByLabel('Move to topic').selectOption({ label: `${ASSIGNED_TOPICS[1].label} (#1)` });
    await review.getByRole('button', { name: `Move “${weakest}” to the chosen topic` }).click();
    const note = page.getByTestId('assigned-review-note');
    await note.getByText(`Moved 1 document to “${ASSIGNED_TOPICS[1].label}”.`).waitFor();
    await poll(() => shownCounts(page, 0)).toBe(`${SIZE - 1} +${ASSIGNED - 1}`);
    await poll(() => shownCounts(page, 1)).toBe(`${SIZE + 1} +${ASSIGNED + 1}`);
    await poll(titles).toEqual(listed.slice(1));
    await poll(() => page.getByRole('button', { name: /^Review assigned/ }).textContent()).toBe(
      `Review assigned (${ASSIGNED - 1})`,
    );

    // Set the next one back to unplaced: it leaves the topic and the map shows it as noise.
    await review.getByRole('button', { name: `Set “${next}” unplaced` }).click();
    await note.getByText('Set 1 document unplaced.').waitFor();
    await poll(() => shownCounts(page, 0)).toBe(`${SIZE - 2} +${ASSIGNED - 2}`);
    await poll(titles).toEqual(listed.slice(2));
    // The second assigned document of topic 0 (strength 0.3, listed second).
    const nextId = fixture.documentIds[CORE_PER_TOPIC + 1]!;
    const map = decodeMapData(await callFromPage<MapDataWire>(page, 'map:data'));
    const at = map.documentIds.indexOf(nextId);
    expect(map.titles[at]).toBe(next);
    expect(map.clusterIds[at]).toBe(-1);
    expect(map.assigned[at]).toBe(0);
    await page.screenshot({ path: join(screenshotDir, 'assigned-review-moved.png'), fullPage: true });

    // Undo both: Ctrl+Z in the list, then the Undo button. The counts and the list return.
    await page.getByTestId('assigned-list').focus();
    await page.keyboard.press('Control+z');
    await note.getByText('Undid the move of 1 document.').waitFor();
    await poll(() => shownCounts(page, 0)).toBe(`${SIZE - 1} +${ASSIGNED - 1}`);
    await review.getByRole('button', { name: 'Undo', exact: true }).click();
    await poll(() => shownCounts(page, 0)).toBe(`${SIZE} +${ASSIGNED}`);
    await poll(() => shownCounts(page, 1)).toBe(`${SIZE} +${ASSIGNED}`);
    await poll(titles).toEqual(listed);

    // The map: assigned points are drawn, and the toggle takes them off (core points and noise stay).
    const canvas = await mapReady(page);
    await canvas.scrollIntoViewIfNeeded();
    const total = fixture.documentIds.length;
    const assignedCount = ASSIGNED * ASSIGNED_TOPICS.length;
    await poll(() => canvas.getAttribute('data-drawn-points')).toBe(String(total));
    await settle(page);
    const pixels = async () => countNonBackground(decodePng(await canvas.screenshot()), [255, 255, 255]);
    const shown = await pixels();
    const toggle = page.getByLabel(`Show assigned (${assignedCount})`);
    await toggle.uncheck();
    await poll(() => canvas.getAttribute('data-drawn-points')).toBe(String(total - assignedCount));
    await settle(page);
    expect(await pixels()).toBeLessThan(shown);
    await page.screenshot({ path: join(screenshotDir, 'assigned-map-hidden.png') });
    await toggle.check();
    await poll(() => canvas.getAttribute('data-drawn-points')).toBe(String(total));
    expect(errors).toEqual([]);
    await page.close();
  });
});
