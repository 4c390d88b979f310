import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { runTaxonomist, startServe } from '../support/cli';
import { launchBrowser } from '../support/browser';

// The UI in real headless Chromium against `taxonomist serve`, the same contract the desktop app uses.
const dir = mkdtempSync(join(tmpdir(), 'taxonomist-e2e-'));
let server: ChildProcess;
let url: string;
let browser: Browser;

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
  ({ server, url } = await startServe(project));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('the app in a browser', () => {
  it('opens with the session URL and shows the project through the web host', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Taxonomist');
    await page.getByTestId('document-count').waitFor();
    expect(await page.getByTestId('document-count').textContent()).toBe('1,234');
    await page.screenshot({ path: join(dir, 'home.png') });
    expect(errors).toEqual([]);
  });

  it('shows nothing of the project to a page without the token', async () => {
    const page = await browser.newPage();
    const res = await page.goto(url.replace(/\?token=\w+/, ''));
    expect(res?.status()).toBe(403);
  });
});
