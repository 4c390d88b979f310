import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BrowserSession, requestFromPage, screenshotDir } from '../support/browser';

// The Home screen in real headless Chromium against `taxonomist serve` started without a project:
// create one, work in it, come back, reopen it from the recent list.
const session = new BrowserSession('home-e2e');
const dir = session.dir;
const configDir = join(dir, 'config');
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  await session.start(null, { configDir });
  page = await session.browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('pageerror', (e) => errors.push(e.message));
}, 120_000);

afterAll(async () => {
  await session.close();
});

const call = (channel: string, input: unknown = {}) => requestFromPage(page, channel, input);

/** The open project's full path: the top bar names its file, with the path as its title. */
const projectHeading = () => ({
  textContent: () => page.locator('.project-nav-current').getAttribute('title'),
});
const recentItems = () => page.getByRole('list', { name: 'Recent projects' }).locator('.recent-open');

describe('the Home screen in a browser', () => {
  const fresh = join(dir, 'fresh.taxonomist');
  const second = join(dir, 'second.taxonomist');

  it('opens on Home when serve has no project; project requests answer NO_PROJECT', async () => {
    await page.goto(session.url);
    await page.getByRole('heading', { name: 'Projects', level: 2 }).waitFor();
    await page.getByTestId('recent-empty').waitFor();
    expect(await call('project:info')).toMatchObject({ ok: false, error: { code: 'NO_PROJECT' } });
    expect(await call('projects:current')).toEqual({ ok: true, value: { path: null, nativePicker: false } });
    // No native dialogs in a browser.
    expect(await page.getByRole('button', { name: 'Browse…' }).count()).toBe(0);
  });

  it('creates a project from Home and shows its empty workbench', async () => {
    await page.getByLabel('Project file').first().fill(join(dir, 'fresh'));
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByTestId('document-count').waitFor();
    expect(await projectHeading().textContent()).toBe(fresh);
    expect(await page.getByTestId('document-count').textContent()).toBe('0');
    await page.getByRole('tab', { name: 'Curate' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Projects' }).textContent()).toContain(
      'fresh.taxonomist',
    );
  });

  it('goes Home from the header, refuses to overwrite, and switches to a second new project', async () => {
    await page.getByRole('button', { name: 'Projects' }).click();
    await recentItems().first().waitFor();
    expect(await recentItems().count()).toBe(1);
    expect(await recentItems().first().textContent()).toContain('0 documents');

    await page.getByLabel('Project file').first().fill(fresh);
    await page.getByRole('button', { name: 'Create project' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/already exists/);
    expect(await alert.textContent()).toMatch(/never replaces a file/);

    await page.getByLabel('Project file').first().fill(second);
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByTestId('document-count').waitFor();
    expect(await projectHeading().textContent()).toBe(second);
  });

  it('lists recent projects newest first, greys a missing one, and reopens one with the keyboard', async () => {
    // A project that has since been deleted, as the list would keep it.
    const file = join(configDir, 'recent-projects.json');
    const listed = JSON.parse(readFileSync(file, 'utf8')) as string[];
    expect(listed).toEqual([second, fresh]);
    writeFileSync(file, JSON.stringify([...listed, join(dir, 'gone.taxonomist')]));

    await page.getByRole('button', { name: 'Projects' }).click();
    await recentItems().nth(2).waitFor();
    expect(await recentItems().allTextContents()).toEqual([
      expect.stringMatching(/^second.*open/),
      expect.stringMatching(/^fresh/),
      expect.stringMatching(/^gone.*File not found/),
    ]);
    const missing = page.locator('.recent-missing');
    expect(await missing.count()).toBe(1);
    expect(await missing.locator('.recent-open').getAttribute('aria-disabled')).toBe('true');
    expect(
      Number(await missing.locator('.recent-open').evaluate((el) => getComputedStyle(el).opacity)),
    ).toBeLessThan(1);
    await page.screenshot({ path: join(screenshotDir, 'home.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(screenshotDir, 'home-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });

    await missing.getByRole('button', { name: 'Remove gone from the list' }).click();
    await page.getByText('Removed gone from the list').waitFor();
    expect(await recentItems().count()).toBe(2);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual([second, fresh]);

    // Arrow down to "fresh" and press Enter.
    await recentItems().first().focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/^fresh/);
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (path) => document.querySelector('.project-nav-current')?.getAttribute('title') === path,
      fresh,
    );
    expect(await page.getByTestId('document-count').textContent()).toBe('0');
    expect(await call('projects:current')).toMatchObject({ value: { path: fresh } });
    expect(errors).toEqual([]);
  });

  it('opens a project by its typed path, and says clearly when there is none', async () => {
    await page.getByRole('button', { name: 'Projects' }).click();
    await page.getByLabel('Project file').nth(1).fill(join(dir, 'nowhere.taxonomist'));
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/no project file at/);

    await page.getByLabel('Project file').nth(1).fill(second);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.waitForFunction(
      (path) => document.querySelector('.project-nav-current')?.getAttribute('title') === path,
      second,
    );
    expect(errors).toEqual([]);
  });
});
