/**
 * Opening a video in the app (headless Chromium against the browser host): time from Enter in the
 * open dialog to frame 0 painted, on a first open and on reopens in a fresh page (as from the
 * recent list), which main answers from its saved probe (main/video/probe-cache.ts).
 * Not a test: run by hand,
 *   npx tsx bench/app-open.ts --video /path/to/video.mp4 [--reopens 3] [--no-probe-cache]
 * `--no-probe-cache` keeps main from reading or saving probes (its folder is a file), to compare.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { serve } from '../main/host/serve';
import { ensureBuilt, launchChromium, RENDERER_OUT } from '../test/e2e/helpers';
import { arg } from './script-args';

const video = resolve(arg('video', join(import.meta.dirname, '..', '..', 'shared', 'sequences', 'Surfing06', 'video.mp4')));
const reopens = Number(arg('reopens', '3'));
ensureBuilt();
const dataDir = mkdtempSync(join(tmpdir(), 'app-open-data-'));
if (process.argv.includes('--no-probe-cache')) writeFileSync(join(dataDir, 'probes'), 'a file where the probe folder would be: nothing is saved');
const { host } = await serve({
  roots: [mkdtempSync(join(tmpdir(), 'app-open-out-'))], readOnlyRoots: [dirname(video)], port: 0, staticDir: RENDERER_OUT, dataDir,
});
const context = await launchChromium();
const page = context.pages()[0] ?? (await context.newPage());
try {
  await page.goto(host.url);
  for (let i = 0; i <= reopens; i++) {
    if (i > 0) await page.reload();
    await page.getByTestId('open-video').click();
    await page.getByTestId('path-input').fill(video);
    const t0 = performance.now();
    await page.getByTestId('path-input').press('Enter');
    await page.waitForFunction(() => document.querySelector<HTMLCanvasElement>('[data-testid=frame-canvas]')?.dataset.paintedFrame === '0', null, { timeout: 120_000 });
    console.log(`${i === 0 ? 'first open' : `reopen ${i}`}: frame 0 painted after ${(performance.now() - t0).toFixed(0)} ms`);
  }
} finally {
  await context.close();
  await host.close();
}
