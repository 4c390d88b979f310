import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTaxonomist } from '../support/cli';
import { BrowserSession } from '../support/browser';

// The UI in real headless Chromium against `taxonomist serve`, the same contract the desktop app uses.
const session = new BrowserSession('e2e');
const dir = session.dir;

beforeAll(async () => {
  const corpus = join(dir, 'papers.jsonl');
  writeFileSync(
    corpus,
    Array.from({ length: 1234 }, (_, i) =>
      JSON.stringify({ id: `p${i}`, title: `Paper ${i}`, abstract: `About ${i % 9}` }),
    ).join('\n'),
  );
  const project = join(dir, 'ui.taxonomist');
  expect(runTaxonomist(['import', corpus, '--project', project]).code).toBe(0);
  await session.start(project);
});

afterAll(async () => {
  await session.close();
});

describe('the app in a browser', () => {
  it('opens with the session URL and shows the project through the web host', async () => {
    const page = await session.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(session.url);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Taxonomist');
    await page.getByTestId('document-count').waitFor();
    expect(await page.getByTestId('document-count').textContent()).toBe('1,234');
    await page.screenshot({ path: join(dir, 'home.png') });
    expect(errors).toEqual([]);
  });

  it('shows nothing of the project to a page without the token', async () => {
    const page = await session.browser.newPage();
    const res = await page.goto(session.url.replace(/\?token=\w+/, ''));
    expect(res?.status()).toBe(403);
  });
});
