import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { runTaxonomist } from '../support/cli';
import { BrowserSession, screenshotDir } from '../support/browser';

// The import wizard in real headless Chromium against `taxonomist serve` on a new, empty project.
const session = new BrowserSession('import-e2e');
const dir = session.dir;
let corpus: string;

beforeAll(async () => {
  corpus = join(dir, 'papers.csv');
  const rows = [
    'paper_id,paper_title,summary,pub_date,journal',
    'p1,Attention is all you need,Transformers replace recurrence.,2017-06-12,NeurIPS',
    'p2,BERT,"Bidirectional encoders, pre-trained.",2018-10-11,NAACL',
    'p3,GPT-3,Language models are few-shot learners.,2020-05-28,NeurIPS',
    'p4,,,2021-01-01,ACL',
    'p5,T5,Text-to-text transfer.,2019-10-23,JMLR',
    'p6,RoBERTa,A robustly optimised BERT.,2019-07-26,arXiv',
    'p7,XLNet,Generalised autoregressive pretraining.,2019-06-19,NeurIPS',
  ];
  writeFileSync(corpus, `${rows.join('\n')}\n`);
  const project = join(dir, 'fresh.taxonomist');
  expect(runTaxonomist(['init', project]).code).toBe(0);
  await session.start(project);
});

afterAll(async () => {
  await session.close();
});

/** A fresh page on the project once it holds the first test's 6 documents, with the wizard opened from the top bar. */
async function openWizardOnSixDocuments() {
  const page = await session.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(session.url);
  await page.getByTestId('document-count').getByText('6', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Import…' }).click();
  return { page, errors, dialog: page.getByRole('dialog', { name: 'Import corpus' }) };
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');

describe('the import wizard in a browser', () => {
  it('previews, maps, checks and imports a CSV with a bad row into an empty project', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(session.url);

    // An empty project invites an import.
    await page.getByTestId('document-count').waitFor();
    expect(await page.getByTestId('document-count').textContent()).toBe('0');
    await page.getByRole('region', { name: 'First steps' }).waitFor();
    await page.getByRole('button', { name: 'Import corpus…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import corpus' });
    await dialog.waitFor();
    await expect(focusedText(page)).resolves.toBe('Step 1 of 4: Choose a file');

    // A missing file is named in a clear message; then the real one.
    await dialog.getByLabel('Corpus file').fill(join(dir, 'missing.csv'));
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog
      .getByRole('alert')
      .getByText(/missing\.csv: file not found/)
      .waitFor();
    await page.screenshot({ path: join(screenshotDir, 'import-file-error.png'), fullPage: true });
    await dialog.getByLabel('Corpus file').fill(corpus);
    await dialog.getByLabel('Corpus file').press('Enter');

    // Step 2: the first rows, with the detected columns preselected.
    await dialog.getByRole('heading', { name: 'Step 2 of 4: Preview and map columns' }).waitFor();
    await expect(focusedText(page)).resolves.toBe('Step 2 of 4: Preview and map columns');
    const table = dialog.getByTestId('import-preview-table');
    await expect(table.locator('tbody tr').count()).resolves.toBe(7);
    await expect(table.locator('tbody tr').first().textContent()).resolves.toContain(
      'Attention is all you need',
    );
    await expect(dialog.getByLabel('Title', { exact: true }).inputValue()).resolves.toBe('paper_title');
    await expect(dialog.getByLabel('Abstract', { exact: true }).inputValue()).resolves.toBe('summary');
    await expect(dialog.getByLabel('Id', { exact: true }).inputValue()).resolves.toBe('paper_id');
    await expect(dialog.getByLabel('Year', { exact: true }).inputValue()).resolves.toBe('pub_date');
    await expect(dialog.getByLabel('Venue', { exact: true }).inputValue()).resolves.toBe('journal');
    await expect(dialog.getByTestId('import-sample-text').textContent()).resolves.toBe(
      'Attention is all you need:Transformers replace recurrence.',
    );
    await page.screenshot({ path: join(screenshotDir, 'import-preview.png'), fullPage: true });

    // Step 3 (in the dark theme): the check names the rejected row and its reason.
    await page.emulateMedia({ colorScheme: 'dark' });
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByRole('heading', { name: 'Step 3 of 4: Check the rows' }).waitFor();
    await dialog.getByTestId('import-validation').waitFor();
    await expect(dialog.getByTestId('import-accepted').textContent()).resolves.toBe('6');
    await expect(dialog.getByTestId('import-rejected').textContent()).resolves.toBe('1');
    const rejections = dialog.getByTestId('import-rejections');
    await expect(rejections.textContent()).resolves.toContain('papers.csv:5');
    await expect(rejections.textContent()).resolves.toContain('no title and no abstract');
    await page.screenshot({ path: join(screenshotDir, 'import-validation.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });

    // Step 4: the import runs as a job; its progress ends in the counts.
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByRole('heading', { name: 'Step 4 of 4: Import' }).waitFor();
    await dialog.getByTestId('import-finished').waitFor({ timeout: 30_000 });
    await expect(dialog.getByRole('progressbar').count()).resolves.toBe(0);
    const result = dialog.getByTestId('import-result');
    await expect(dialog.getByTestId('import-imported').textContent()).resolves.toBe('6');
    await expect(result.textContent()).resolves.toMatch(/Duplicates0Rejected1/);
    await expect(dialog.getByTestId('import-finished').textContent()).resolves.toMatch(/now has 6 documents/);
    await expect(dialog.getByTestId('import-rejections').textContent()).resolves.toContain('papers.csv:5');
    await page.screenshot({ path: join(screenshotDir, 'import-result.png'), fullPage: true });

    // Escape closes the wizard; the project panel shows the new count and a plain button.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('document-count').getByText('6', { exact: true }).waitFor();
    await expect(page.getByTestId('first-steps').locator('li.is-next').textContent()).resolves.toContain(
      'Build',
    );
    await expect(focusedText(page)).resolves.toBe('Import…');
    expect(errors).toEqual([]);
  });

  it('shows the progress of a long import with rate and time left, and cancels it leaving the project as it was', async () => {
    const big = join(dir, 'big.tsv');
    // Big enough (about 50 MB) that the import is still running when Cancel is pressed.
    const lines = ['id\ttitle\tabstract'];
    for (let i = 0; i < 600_000; i++)
      lines.push(
        `b${i}\tSynthetic paper ${i}\tAn abstract about topic ${i % 97} with a few more words in it.`,
      );
    writeFileSync(big, `${lines.join('\n')}\n`);

    const { page, errors, dialog } = await openWizardOnSixDocuments();
    await dialog.getByLabel('Corpus file').fill(big);
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByTestId('import-file-summary').getByText(/TSV/).waitFor();
    await expect(dialog.getByTestId('import-file-summary').textContent()).resolves.toMatch(
      /about [\d,]+ rows/,
    );
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog
      .getByTestId('import-checked')
      .getByText(/Checked the first 1,000 rows/)
      .waitFor();
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();

    // Progress arrives as bytes of the file: a determinate bar, MB/s and the time left.
    const bar = dialog.getByRole('progressbar', { name: 'Import progress' });
    await bar.waitFor();
    await page.waitForFunction(() => {
      const el = document.querySelector('[role="progressbar"][aria-valuenow]');
      return el !== null && Number(el.getAttribute('aria-valuenow')) > 0;
    });
    await dialog
      .locator('.import-figures')
      .getByText(/MB of [\d.]+ MB · [\d.]+ MB\/s · .+ left/)
      .waitFor();
    await page.screenshot({ path: join(screenshotDir, 'import-progress.png'), fullPage: true });

    await dialog.getByRole('button', { name: 'Cancel import' }).click();
    await dialog.getByText('Import cancelled: the project is unchanged.').waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    const info = await page.evaluate(async () => {
      const res = await fetch('/api/project:info', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      return (await res.json()) as { value: { documents: number } };
    });
    expect(info.value.documents).toBe(6);
    expect(await page.getByTestId('document-count').textContent()).toBe('6');
    expect(errors).toEqual([]);
  });

  it('uploads a gzip file chosen with Browse… and imports it like a typed path', async () => {
    const local = join(dir, 'picked.jsonl.gz');
    const papers = Array.from({ length: 12 }, (_, i) =>
      JSON.stringify({ id: `up${i}`, title: `Uploaded paper ${i}`, abstract: `An abstract about ${i}.` }),
    );
    writeFileSync(local, gzipSync(`${papers.join('\n')}\n`));

    const { page, errors, dialog } = await openWizardOnSixDocuments();
    // In a browser, Browse… opens the browser's own file chooser; the file goes up to the host.
    await dialog.getByRole('button', { name: 'Browse…' }).waitFor();
    await dialog
      .getByTestId('import-drop-zone')
      .getByText(/drop a corpus file here/i)
      .waitFor();
    await page.screenshot({ path: join(screenshotDir, 'import-file-upload.png'), fullPage: true });
    const chooser = page.waitForEvent('filechooser');
    await dialog.getByRole('button', { name: 'Browse…' }).click();
    await (await chooser).setFiles(local);

    // The preview follows the upload at once, of the uploaded copy, under the file's own name.
    await dialog.getByRole('heading', { name: 'Step 2 of 4: Preview and map columns' }).waitFor();
    const summary = dialog.getByTestId('import-file-summary');
    await expect(summary.textContent()).resolves.toMatch(/^picked\.jsonl\.gz · JSON Lines \(gzip\)/);
    await expect(dialog.getByTestId('import-preview-table').locator('tbody tr').count()).resolves.toBe(12);
    await dialog.getByRole('button', { name: 'Back' }).click();
    const serverPath = await dialog.getByLabel('Corpus file').inputValue();
    expect(serverPath).toMatch(/taxonomist-uploads-.+[/\\]picked\.jsonl\.gz$/);
    expect(serverPath).not.toBe(local);
    expect(existsSync(serverPath)).toBe(true);
    await expect(dialog.getByTestId('import-uploaded').textContent()).resolves.toMatch(
      /Uploaded picked\.jsonl\.gz/,
    );

    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByRole('heading', { name: 'Step 2 of 4: Preview and map columns' }).waitFor();
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByTestId('import-validation').waitFor();
    await expect(dialog.getByTestId('import-accepted').textContent()).resolves.toBe('12');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByTestId('import-finished').waitFor({ timeout: 30_000 });
    await expect(dialog.getByTestId('import-imported').textContent()).resolves.toBe('12');
    await expect(dialog.getByTestId('import-finished').textContent()).resolves.toMatch(
      /now has 18 documents/,
    );
    await page.keyboard.press('Escape');
    await page.getByTestId('document-count').getByText('18', { exact: true }).waitFor();
    expect(errors).toEqual([]);
  });

  it('uploads a file dropped on the drop zone, and refuses one the host cannot take in words', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(session.url);
    await page.getByRole('button', { name: 'Import…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import corpus' });
    const zone = dialog.getByTestId('import-drop-zone');
    await zone.waitFor();
    const drop = async (name: string, text: string) => {
      const dataTransfer = await page.evaluateHandle(
        ([n, t]) => {
          const transfer = new DataTransfer();
          transfer.items.add(new File([t], n, { type: 'text/csv' }));
          return transfer;
        },
        [name, text] as const,
      );
      await zone.dispatchEvent('dragenter', { dataTransfer });
      await zone.dispatchEvent('drop', { dataTransfer });
    };
    await drop('dropped.csv', 'id,title\nd1,Dropped paper one\nd2,Dropped paper two\n');
    await dialog.getByRole('heading', { name: 'Step 2 of 4: Preview and map columns' }).waitFor();
    await expect(dialog.getByTestId('import-file-summary').textContent()).resolves.toMatch(
      /^dropped\.csv · CSV/,
    );

    // An empty file uploads, then fails exactly as the typed path of one does.
    await dialog.getByRole('button', { name: 'Back' }).click();
    await drop('empty.csv', '');
    await dialog
      .getByRole('alert')
      .getByText(/empty\.csv.*the file is empty/)
      .waitFor();
    await page.keyboard.press('Escape');
  });

  it('serves the favicon the page names', async () => {
    const page = await session.browser.newPage();
    await page.goto(session.url);
    const href = await page.locator('link[rel="icon"]').getAttribute('href');
    expect(href).toBe('./favicon.svg');
    const icon = await page.evaluate(async (h) => {
      const res = await fetch(new URL(h, location.href));
      return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
    }, href!);
    expect(icon.status).toBe(200);
    expect(icon.type).toMatch(/^image\/svg\+xml/);
    expect(icon.text).toMatch(/^<svg[^>]+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(icon.text).toContain('#1f6f66');
  });
});
