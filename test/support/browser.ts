import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { startServe } from './cli';

export const CHROMIUM = '/usr/bin/chromium';

/** Debian's Chromium, headless, WebGL2 through SwiftShader, no network chatter. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium; .ci/run does)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/**
 * A browser test file's fixture: a scratch folder (`dir`), `taxonomist serve` on a project and headless
 * Chromium. `start` from beforeAll, `close` from afterAll (it also removes the folder).
 */
export class BrowserSession {
  readonly dir: string;
  private served: { server: ChildProcess; url: string } | null = null;
  private chromium: Browser | null = null;

  constructor(name: string) {
    this.dir = mkdtempSync(join(tmpdir(), `taxonomist-${name}-`));
  }

  async start(project: string | null, options: { configDir?: string } = {}): Promise<void> {
    this.served = await startServe(project, options);
    this.chromium = await launchBrowser();
  }

  /** The served page's address, with its access token. */
  get url(): string {
    if (!this.served) throw new Error('the browser session has not started');
    return this.served.url;
  }

  get browser(): Browser {
    if (!this.chromium) throw new Error('the browser session has not started');
    return this.chromium;
  }

  async close(): Promise<void> {
    await this.chromium?.close();
    this.served?.server.kill('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Where the browser tests leave their screenshots: they outlive the run so a person can look at them. */
export const screenshotDir = join(tmpdir(), 'taxonomist-workbench-screens');
mkdirSync(screenshotDir, { recursive: true });

export type PageResult = { ok: boolean; value?: unknown; error?: { code: string; message?: string } };

/** Asks the engine from inside the page (its session cookie authorises the request); the raw Result. */
export function requestFromPage(page: Page, channel: string, input: unknown = {}): Promise<PageResult> {
  return page.evaluate(
    async ([c, body]) => {
      const res = await fetch(`/api/${c}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await res.json()) as PageResult;
    },
    [channel, input] as const,
  );
}

/** Like `requestFromPage`, returning the value and throwing on an error answer. */
export async function callFromPage<T>(page: Page, channel: string, input: unknown = {}): Promise<T> {
  const result = await requestFromPage(page, channel, input);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}
