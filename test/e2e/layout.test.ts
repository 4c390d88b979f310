import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSmallProject, runTaxonomist } from '../support/cli';
import { BrowserSession, callFromPage, screenshotDir } from '../support/browser';
import type { RequestOutput } from '../../src/shared/contract';

// The full-window workbench in real headless Chromium against `taxonomist serve`: no page scroll,
// map, topic list and tree side by side, splitters that remember, first steps, the views in both themes.
const session = new BrowserSession('layout-e2e');
const dir = session.dir;
const built = join(dir, 'built.taxonomist');

beforeAll(async () => {
  await buildSmallProject(built);
  await session.start(built);
}, 300_000);

afterAll(async () => {
  await session.close();
});

type Box = { x: number; y: number; width: number; height: number };

/** The element's box, or null when it is missing or not laid out. */
async function boxOf(page: Page, selector: string): Promise<Box | null> {
  const el = page.locator(selector).first();
  if ((await el.count()) === 0) return null;
  return el.boundingBox();
}

const inViewport = (b: Box | null, w: number, h: number) =>
  b !== null &&
  b.width > 40 &&
  b.height > 40 &&
  b.x >= 0 &&
  b.y >= 0 &&
  b.x + b.width <= w + 0.5 &&
  b.y + b.height <= h + 0.5;

async function openWorkbench(page: Page): Promise<void> {
  await page.goto(session.url);
  await page.locator('.cluster-map canvas').first().waitFor();
  await page.locator('.topics-table tbody tr').first().waitFor();
  await page.locator('.taxonomy-tree').first().waitFor();
}

describe('the workbench fills the window', () => {
  for (const [width, height] of [
    [1280, 800],
    [1920, 1080],
  ] as const) {
    it(`shows the map, the topic list and the tree at once without page scroll at ${width}x${height}`, async () => {
      const page = await session.browser.newPage({ viewport: { width, height } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await openWorkbench(page);
      const scroll = await page.evaluate(() => ({
        height: document.documentElement.scrollHeight,
        width: document.documentElement.scrollWidth,
        inner: innerHeight,
        innerWidth: innerWidth,
      }));
      expect(scroll.height).toBeLessThanOrEqual(scroll.inner);
      expect(scroll.width).toBeLessThanOrEqual(scroll.innerWidth);
      const map = await boxOf(page, '.cluster-map canvas');
      const list = await boxOf(page, '.topics-scroll');
      const tree = await boxOf(page, '.taxonomy-tree');
      const details = await boxOf(page, '[data-testid="detail-pane"]');
      expect(inViewport(map, width, height), `map ${JSON.stringify(map)}`).toBe(true);
      expect(inViewport(list, width, height), `list ${JSON.stringify(list)}`).toBe(true);
      expect(inViewport(tree, width, height), `tree ${JSON.stringify(tree)}`).toBe(true);
      expect(details).not.toBeNull();
      // The map takes the largest share of the window.
      expect(map!.width).toBeGreaterThan(width * 0.4);
      // A built project opens on its summary: documents, topics, coverage, taxonomy, last build.
      const facts = await page
        .locator('[data-testid="project-summary"] [data-fact]')
        .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.fact));
      expect(facts).toEqual(['documents', 'topics', 'coverage', 'taxonomy', 'built']);
      await expect(page.getByTestId('document-count').textContent()).resolves.toBe('300');
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('keeps the splitter sizes across a reload', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await openWorkbench(page);
    const side = page.locator('.side-pane');
    const before = (await side.boundingBox())!.width;
    const grip = (await page.getByTestId('splitter-side').boundingBox())!;
    // Grabbed near its top: its middle meets the bar between the topic list and the tree.
    await page.mouse.move(grip.x + grip.width / 2, grip.y + 60);
    await page.mouse.down();
    await page.mouse.move(grip.x - 120, grip.y + 60, { steps: 6 });
    await page.mouse.up();
    const dragged = (await side.boundingBox())!.width;
    expect(dragged).toBeGreaterThan(before + 100);
    // The topic list against the tree, from the keyboard.
    const topics = page.locator('.pane-topics');
    const topicsBefore = (await topics.boundingBox())!.height;
    await page.getByTestId('splitter-topics').focus();
    await page.keyboard.press('Shift+ArrowDown');
    const topicsAfter = (await topics.boundingBox())!.height;
    expect(topicsAfter).toBeGreaterThan(topicsBefore + 40);

    await page.reload();
    await openWorkbench(page);
    expect(Math.abs((await side.boundingBox())!.width - dragged)).toBeLessThan(2);
    expect(Math.abs((await topics.boundingBox())!.height - topicsAfter)).toBeLessThan(2);
    // Enter on a splitter restores its default.
    await page.getByTestId('splitter-side').focus();
    await page.keyboard.press('Enter');
    expect(Math.abs((await side.boundingBox())!.width - before)).toBeLessThan(2);
    await page.close();
  });

  it('shows a selected topic in the details pane, and Escape closes it and the dialogs', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await openWorkbench(page);
    const { topics } = await callFromPage<RequestOutput<'topics:list'>>(page, 'topics:list');
    const topic = [...topics].sort((a, b) => b.size - a.size)[0]!;
    await page.getByTestId(`topic-${topic.clusterId}`).click();
    const title = page.getByTestId('detail-title');
    await expect(title.textContent()).resolves.toContain(topic.label);
    await expect(
      page.getByRole('list', { name: 'Representative titles' }).locator('li').allTextContents(),
    ).resolves.toEqual(topic.sampleTitles);
    // Escape from the page (not a text field) clears the selection.
    await page.locator('.pane-title').first().click();
    await page.keyboard.press('Escape');
    await title.waitFor({ state: 'detached' });

    // Settings opens as a dialog of the same window; Escape closes it and focus returns.
    await page.getByRole('button', { name: 'Settings…' }).click();
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Settings…');
    await page.close();
  });

  it('draws every view in the light and the dark theme', async () => {
    const backgrounds: Record<string, string> = {};
    for (const theme of ['light', 'dark'] as const) {
      const page = await session.browser.newPage({
        viewport: { width: 1280, height: 800 },
        colorScheme: theme,
      });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await openWorkbench(page);
      backgrounds[theme] = await page.evaluate(
        () => getComputedStyle(document.documentElement).backgroundColor,
      );
      for (const view of ['Curate', 'Pipeline', 'Compare', 'Diagnostics']) {
        await page.getByRole('tab', { name: view }).click();
        const panel = page.locator(`#view-${view.toLowerCase()}`);
        await panel.waitFor();
        await expect(panel.isVisible()).resolves.toBe(true);
        await page.waitForTimeout(view === 'Curate' ? 1500 : 300);
        await page.screenshot({ path: join(screenshotDir, `view-${view.toLowerCase()}-${theme}.png`) });
        const scroll = await page.evaluate(() => document.documentElement.scrollHeight <= innerHeight);
        expect(scroll, `${view} in ${theme} scrolls the page`).toBe(true);
      }
      expect(errors).toEqual([]);
      await page.close();
    }
    expect(backgrounds.light).not.toBe(backgrounds.dark);
  });

  it('renders CJK text as glyphs with the app font stack', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await openWorkbench(page);
    // Each character drawn alone in the app's font: a missing glyph draws the same empty box for all.
    const result = await page.evaluate(() => {
      const family = getComputedStyle(document.querySelector('.detail-pane') ?? document.body).fontFamily;
      const draw = (ch: string) => {
        const canvas = document.createElement('canvas');
        canvas.width = 48;
        canvas.height = 48;
        const ctx = canvas.getContext('2d')!;
        ctx.font = `32px ${family}`;
        ctx.fillStyle = '#000';
        ctx.fillText(ch, 4, 38);
        const px = ctx.getImageData(0, 0, 48, 48).data;
        let ink = 0;
        let hash = 0;
        for (let i = 3; i < px.length; i += 4) {
          ink += px[i]! > 0 ? 1 : 0;
          hash = (hash * 31 + px[i]!) | 0;
        }
        return { ink, hash };
      };
      return { family, zhong: draw('中'), wen: draw('文'), tofu: draw('\uE000'), hangul: draw('한') };
    });
    expect(result.family).toContain('Noto Sans CJK');
    expect(result.zhong.ink).toBeGreaterThan(20);
    expect(result.zhong.hash).not.toBe(result.wen.hash);
    expect(result.zhong.hash).not.toBe(result.tofu.hash);
    expect(result.hangul.hash).not.toBe(result.tofu.hash);
    await page.close();
  });
});

describe('first steps', () => {
  it('says what to do first on an empty and on an imported project', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(session.url);
    await page.locator('.cluster-map canvas').first().waitFor();
    // A new, empty project: Import is the next step, Build waits for it.
    const empty = join(dir, 'empty.taxonomist');
    await callFromPage(page, 'projects:create', { path: empty });
    await page.reload();
    const steps = page.getByTestId('first-steps');
    await steps.waitFor();
    await expect(steps.locator('li.is-next').textContent()).resolves.toContain('Import a corpus');
    await expect(steps.getByRole('button', { name: 'Build…' }).isDisabled()).resolves.toBe(true);
    await expect(page.locator('.map-placeholder').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(screenshotDir, 'first-steps-empty.png') });
    // The call to action opens the import wizard.
    await steps.getByRole('button', { name: 'Import corpus…' }).click();
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    // Imported but not built: Build is next and opens the pipeline.
    const corpus = join(dir, 'few.jsonl');
    writeFileSync(
      corpus,
      Array.from({ length: 12 }, (_, i) =>
        JSON.stringify({ id: `p${i}`, title: `Paper ${i}`, abstract: `About ${i}` }),
      ).join('\n'),
    );
    const imported = join(dir, 'imported.taxonomist');
    expect(runTaxonomist(['import', corpus, '--project', imported]).code).toBe(0);
    await callFromPage(page, 'projects:open', { path: imported });
    await page.reload();
    await steps.waitFor();
    await expect(steps.locator('li.is-next').textContent()).resolves.toContain('Build');
    await expect(steps.locator('li.is-done').textContent()).resolves.toContain('12 documents');
    await steps.getByRole('button', { name: 'Build…' }).click();
    await expect(page.locator('#view-pipeline').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(screenshotDir, 'first-steps-imported.png') });
    await callFromPage(page, 'projects:open', { path: built });
    await page.close();
  });
});
