/**
 * The network backend in the real app (Debian Chromium, browser host, real David, real NanoTrack):
 * left on auto, the worker refuses the software WebGPU adapter and runs WASM, and the status bar
 * says so with the network's ms per frame; forced to WebGPU in the header, the next run uses
 * WebGPU (SwiftShader here: slow but real) and the status bar follows. The WebGPU half is skipped,
 * with the reason, where Chromium offers no adapter.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_SHARED, SEQUENCES_DIR, sequenceDir } from '../helpers/paths';
import { openSequenceWithFirstBox, startApp, type AppSession } from './app-session';
import { currentFrame, HAVE_CHROMIUM } from './helpers';

const DAVID = sequenceDir('David');
const readPreferences = (dataDir: string): unknown => {
  try {
    return JSON.parse(readFileSync(join(dataDir, 'preferences.json'), 'utf8'));
  } catch {
    return null;
  }
};
const WEBGPU_FLAGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader', '--use-webgpu-adapter=swiftshader'];

describe.skipIf(!HAVE_SHARED || !HAVE_CHROMIUM)('the network backend in the app', () => {
  let app: AppSession;
  let page: Page;
  let adapter: string | null = null;

  beforeAll(async () => {
    app = await startApp({ readOnlyRoots: [SEQUENCES_DIR], chromiumArgs: WEBGPU_FLAGS });
    page = app.page;
    adapter = await page.evaluate(async () => {
      const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: { description?: string; architecture?: string } } | null> } }).gpu;
      const a = gpu ? await gpu.requestAdapter() : null;
      return a ? `${a.info?.architecture ?? ''} ${a.info?.description ?? ''}`.trim() || 'unnamed' : null;
    });
    console.log(`WebGPU adapter in this Chromium: ${adapter ?? 'none'}`);

    await openSequenceWithFirstBox(page, DAVID);
  }, 240_000);

  afterAll(async () => {
    await app?.close();
  });

  /** Track forward until the status bar shows network timings, then stop; returns the status line and its reason. */
  async function trackAFewFrames(expected: RegExp): Promise<{ text: string; reason: string }> {
    const from = await currentFrame(page);
    await page.keyboard.press('Space');
    const status = page.getByTestId('backend-status');
    await expect.poll(async () => ((await status.count()) ? status.innerText() : ''), { timeout: 180_000 }).toMatch(expected);
    await expect.poll(() => currentFrame(page), { timeout: 120_000 }).toBeGreaterThan(from);
    if (await page.getByTestId('tracking-live').count()) await page.keyboard.press('Space');
    await page.getByTestId('tracking-live').waitFor({ state: 'detached', timeout: 120_000 });
    return { text: await status.innerText(), reason: (await status.getAttribute('title')) ?? '' };
  }

  it('on auto, never uses a software adapter: WASM, with its ms per frame and the reason', async () => {
    expect(await page.getByTestId('backend-select').inputValue()).toBe('auto');
    const { text, reason } = await trackAFewFrames(/network [\d.]+ ms\/frame/);
    console.log(`auto: ${text} — ${reason}`);
    expect(text).toMatch(/^WASM ×\d+ · network [\d.]+ ms\/frame$/);
    expect(Number(text.match(/network ([\d.]+)/)![1])).toBeGreaterThan(0);
    expect(reason).toMatch(adapter ? /software/ : /no WebGPU/);
    expect(reason).not.toMatch(/WebGPU [\d.]+ vs/); // a software adapter is not even timed
    expect(app.problems).toEqual([]);
  }, 300_000);

  it('forced to WebGPU in the header, the next run uses WebGPU and says so', async (ctx) => {
    if (!adapter) ctx.skip('Chromium offers no WebGPU adapter here (navigator.gpu.requestAdapter() gave none)');
    await page.getByTestId('backend-select').selectOption('webgpu');
    // Kept by main for this computer (the host's page origin changes with its port on every run).
    await expect.poll(() => readPreferences(app.dataDir), { timeout: 10_000 }).toMatchObject({ backend: 'webgpu' });
    await expect.poll(() => page.getByTestId('backend-status').count()).toBe(0); // the old worker is gone until the next run
    const { text, reason } = await trackAFewFrames(/^WebGPU · network/);
    console.log(`forced: ${text} — ${reason}`);
    expect(text).toMatch(/^WebGPU · network [\d.]+ ms\/frame$/);
    expect(reason).toMatch(/WebGPU forced \(.*software\)/);
    expect(app.problems).toEqual([]);
    await page.reload();
    await page.getByTestId('welcome').waitFor();
    await expect.poll(() => page.getByTestId('backend-select').inputValue()).toBe('webgpu'); // the setting outlives the page
  }, 300_000);
});
