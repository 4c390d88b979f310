#!/usr/bin/env node
// Cluster map benchmark: the built renderer served by `taxonomist serve`, opened in headless Debian
// Chromium (WebGL2 through SwiftShader, i.e. the GPU work runs on the CPU) with `?fixture=N` generated
// points. Per size and repeat: ms from the data's arrival in the page to the first drawn frame (goal
// <= 1500 ms at 25k), then a scripted pan and zoom: deck.gl frames drawn, wall time until the map
// settles, the page's own milliseconds per deck frame (without the rasterisation), and
// animation-frame gaps (median, p95, max) while it moves. WebGL on the CPU (this renderer) moves the
// last frame while the view changes and redraws when it stands still (`movedFrames`, `renderer`);
// `gestureFrameGapMs*` are the animation-frame gaps from the first input to the last, without the
// redraw after it.
// Env: BENCH_MAP_N (default "25000,100000"), BENCH_REPEAT (default 3). Needs `npm run build` first.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(new URL('..', import.meta.url).pathname);
const sizes = (process.env.BENCH_MAP_N ?? '25000,100000').split(',').map(Number);
const repeats = Number(process.env.BENCH_REPEAT ?? 3);
const load = () => loadavg().map((v) => Number(v.toFixed(2)));

if (
  !existsSync(join(root, 'out', 'renderer', 'index.html')) ||
  !existsSync(join(root, 'out', 'cli', 'taxonomist.js'))
) {
  console.error('map bench: build the app first (npm run build)');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-bench-map-'));
const server = spawn(
  process.execPath,
  [join(root, 'bin', 'taxonomist.js'), 'serve', '--project', join(dir, 'bench.taxonomist'), '--port', '0'],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const url = await new Promise((res, rej) => {
  let out = '';
  server.stdout.on('data', (c) => {
    out += c;
    const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=\w+/.exec(out);
    if (m) res(m[0]);
  });
  server.on('exit', (code) => rej(new Error(`serve exited (${code}): ${out}`)));
});
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
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

async function renderMs(page) {
  return Number(await page.getByTestId('cluster-map-canvas').getAttribute('data-render-ms'));
}

async function frames(page) {
  return Number(await page.getByTestId('cluster-map-canvas').getAttribute('data-frames'));
}

async function settle(page) {
  let last = -1;
  for (;;) {
    const f = await frames(page);
    if (f === last) return;
    last = f;
    await page.waitForTimeout(500);
  }
}

try {
  for (const n of sizes)
    for (let r = 0; r < repeats; r++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const loadBefore = load();
      await page.goto(`${url}&fixture=${n}`);
      const canvas = page.getByTestId('cluster-map-canvas');
      await page.locator('[data-first-frame-ms]').waitFor({ timeout: 120_000 });
      const firstFrameMs = Number(await canvas.getAttribute('data-first-frame-ms'));
      await settle(page);
      const box = await canvas.boundingBox();
      const cx = box.x + box.width / 2;
      const cy = box.y + box.height / 2;
      await page.mouse.move(cx, cy);
      await settle(page);
      const before = await frames(page);
      const renderBefore = await renderMs(page);
      await page.evaluate(() => {
        globalThis.benchFrames = [];
        globalThis.benchRecording = true;
        const tick = (t) => {
          globalThis.benchFrames.push(t);
          if (globalThis.benchRecording) globalThis.requestAnimationFrame(tick);
        };
        globalThis.requestAnimationFrame(tick);
      });
      const started = Date.now();
      const gestureFrom = await page.evaluate(() => performance.now());
      // Zoom in and partly out again, then pan. (Headless Chromium drops wheel input that follows a
      // drag, so the wheel goes first.)
      const zoomBefore = Number(await canvas.getAttribute('data-zoom'));
      for (let k = 0; k < 5; k++) await page.mouse.wheel(0, -120);
      const zoomIn = Number(await canvas.getAttribute('data-zoom'));
      for (let k = 0; k < 3; k++) await page.mouse.wheel(0, 120);
      const zoomAfter = Number(await canvas.getAttribute('data-zoom'));
      await page.mouse.down();
      await page.mouse.move(cx + 200, cy + 100, { steps: 10 });
      await page.mouse.up();
      const gestureTo = await page.evaluate(() => performance.now());
      const gestureMs = Date.now() - started;
      await settle(page);
      const interactionMs = Date.now() - started;
      const times = await page.evaluate(() => {
        globalThis.benchRecording = false;
        return globalThis.benchFrames;
      });
      const deckFrames = (await frames(page)) - before;
      const pageMsPerFrame = ((await renderMs(page)) - renderBefore) / Math.max(1, deckFrames);
      const gaps = times
        .slice(1)
        .map((t, i) => t - times[i])
        .sort((a, b) => a - b);
      const quantile = (sorted, p) =>
        Number((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN).toFixed(1));
      const q = (p) => quantile(gaps, p);
      const during = times.filter((t) => t >= gestureFrom && t <= gestureTo);
      const duringGaps = during
        .slice(1)
        .map((t, i) => t - during[i])
        .sort((a, b) => a - b);
      console.log(
        JSON.stringify({
          bench: 'map',
          points: n,
          repeat: r,
          renderer: `chromium-swiftshader (${await canvas.getAttribute('data-renderer')} WebGL, ${await canvas.getAttribute('data-picking')} picking)`,
          firstFrameMs,
          goalFirstFrameMs: n <= 25_000 ? 1500 : null,
          deckFrames,
          interactionMs,
          gestureMs,
          // The wheel's zoom (log2 scale): in, then net after zooming out again.
          zoomedIn: Number((zoomIn - zoomBefore).toFixed(2)),
          zoomNet: Number((zoomAfter - zoomBefore).toFixed(2)),
          movedFrames: Number((await canvas.getAttribute('data-moved-frames')) ?? 0),
          gestureFrameGapMsMedian: quantile(duringGaps, 0.5),
          gestureFrameGapMsP95: quantile(duringGaps, 0.95),
          gestureFrameGapMsMax: quantile(duringGaps, 1),
          msPerDeckFrame: Number((interactionMs / Math.max(1, deckFrames)).toFixed(1)),
          // The page's share of a frame (deck.gl's JS and the draw calls it issues), without the
          // rasterisation that SwiftShader does on the CPU in the GPU process.
          pageMsPerDeckFrame: Number(pageMsPerFrame.toFixed(2)),
          frameGapMsMedian: q(0.5),
          frameGapMsP95: q(0.95),
          frameGapMsMax: q(1),
          loadBefore,
          loadAfter: load(),
        }),
      );
      await page.close();
    }
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
