import { startServe } from './support/cli';
import { launchBrowser } from './support/browser';
const project = process.argv[2]!;
const tag = process.argv[3] ?? 'after';
const { server, url } = await startServe(project);
const browser = await launchBrowser();
for (const [w, h] of [[1280, 800], [1920, 1080]] as const)
for (const theme of ['light', 'dark'] as const) {
  const page = await browser.newPage({ viewport: { width: w, height: h }, colorScheme: theme });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForTimeout(7000);
  await page.screenshot({ path: `/tmp/shots/${tag}-${w}-${theme}.png` });
  const dims = await page.evaluate(() => [document.documentElement.scrollHeight, innerHeight]);
  console.log(w, theme, dims, errors);
  await page.close();
}
await browser.close();
server.kill();
