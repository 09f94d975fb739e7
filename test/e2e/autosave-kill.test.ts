/**
 * Crash recovery for real: the browser host runs as its own process (`node out/main/host.js`),
 * the analyst draws a box, tracks and corrects a frame; once main's autosave copy holds the edit
 * (polled, within 5 s), the host is SIGKILLed and Chromium killed too. A new host on the same
 * data folder and a fresh browser profile open the same video and get the edits back.
 */
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Box } from '../../common/box';
import { parseProject, type ProjectFile } from '../../common/project-file';
import { AppData } from '../../main/ipc/app-data';
import { generateCorpus, type CorpusItem, type GoodEntry } from '../corpus/generate';
import {
  currentFrame, dragImage, ensureBuilt, HAVE_CHROMIUM, killHard, launchChromium, openByPath, processesUsing, selectedBox,
  startHostProcess, type HostProcess,
} from './helpers';

const POLL = { timeout: 20_000 };
const AUTOSAVE_WITHIN_MS = 5000;
const CORRECTED_AT = 20;

describe.skipIf(!HAVE_CHROMIUM)('autosave after the app is killed', () => {
  let videoDir: string;
  let dataDir: string;
  let video: GoodEntry & CorpusItem;
  const hosts: HostProcess[] = [];
  const browsers: { context: BrowserContext; profile: string }[] = [];

  beforeAll(() => {
    ensureBuilt();
    videoDir = mkdtempSync(join(tmpdir(), 'tracker-e2e-videos-'));
    dataDir = mkdtempSync(join(tmpdir(), 'tracker-e2e-data-'));
    // The file name with spaces, an apostrophe and CJK letters: the autosave is keyed by this path.
    video = generateCorpus(videoDir, { only: ['unicode-path'] })[0] as GoodEntry & CorpusItem;
  }, 120_000);

  afterAll(async () => {
    for (const b of browsers) await killBrowser(b);
    for (const h of hosts) await killHard(h.child);
    rmSync(videoDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Chromium's processes (browser, zygote, renderers, GPU) all name their profile folder. */
  async function killBrowser(b: { context: BrowserContext; profile: string }) {
    for (const p of processesUsing(b.profile)) {
      try { process.kill(p.pid, 'SIGKILL'); } catch { /* already gone */ }
    }
    await Promise.race([b.context.close().catch(() => undefined), new Promise((r) => setTimeout(r, 5000))]);
    rmSync(b.profile, { recursive: true, force: true });
  }

  async function startApp(): Promise<{ host: HostProcess; browser: { context: BrowserContext; profile: string }; page: Page }> {
    const host = await startHostProcess(['--root', videoDir, '--data', dataDir]);
    hosts.push(host);
    const profile = mkdtempSync(join(tmpdir(), 'tracker-e2e-profile-'));
    const context = await launchChromium(profile);
    const browser = { context, profile };
    browsers.push(browser);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(host.url);
    await page.getByTestId('welcome').waitFor();
    await openByPath(page, video.path);
    await expect.poll(() => page.getByTestId('video-facts').innerText(), POLL).toMatch(/320×240[\s\S]*40 frames/);
    await page.getByTestId('progress').waitFor({ state: 'detached' });
    return { host, browser, page };
  }

  async function goTo(page: Page, frame: number) {
    await page.getByTestId('frame-input').fill(String(frame));
    await page.getByTestId('frame-input').press('Enter');
    await expect.poll(() => currentFrame(page), POLL).toBe(frame);
  }

  const trackMeta = (page: Page) => page.getByTestId('track-list').locator('.track-meta').first().innerText();
  const keyBox = (p: ProjectFile, frame: number) => p.tracks[0]?.keyframes.find((k) => k.frame === frame)?.box;
  const near = (a: Box | null | undefined, b: Box) => !!a && Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y), Math.abs(a.w - b.w), Math.abs(a.h - b.h)) < 0.01;

  it('brings back the box, the tracking run and the correction', async () => {
    const autosaveFile = new AppData(dataDir).autosavePath(realpathSync(video.path));
    const first = await startApp();
    let page = first.page;

    // Draw the first box, track to the end, then correct frame 20 (move the box, or draw one where the tracker lost it).
    const b = video.box;
    await dragImage(page, { x: b.x, y: b.y }, { x: b.x + b.w, y: b.y + b.h });
    const drawn = (await selectedBox(page))!;
    expect(drawn).not.toBeNull();
    await page.keyboard.press('Space');
    await expect.poll(() => currentFrame(page), { timeout: 120_000 }).toBe(video.frameCount - 1);
    await page.getByTestId('tracking-live').waitFor({ state: 'detached', timeout: 30_000 });
    await goTo(page, CORRECTED_AT);
    const before = await selectedBox(page);
    if (before) {
      const c = { x: before.x + before.w / 2, y: before.y + before.h / 2 };
      await dragImage(page, c, { x: c.x - 40, y: c.y - 30 });
    } else {
      await dragImage(page, { x: 20, y: 20 }, { x: 84, y: 68 });
    }
    const edited = Date.now();
    const corrected = (await selectedBox(page))!;
    expect(corrected).not.toBeNull();
    expect(corrected).not.toEqual(before);
    const metaBefore = await trackMeta(page);
    expect(metaBefore).toMatch(/^2 key · \d+ tracked/);

    // Main's autosave copy holds the correction within 5 s (the renderer sends it every 2 s).
    let saved: ProjectFile | null = null;
    while (Date.now() - edited < AUTOSAVE_WITHIN_MS + 2000) {
      try {
        const p = parseProject(readFileSync(autosaveFile, 'utf8'));
        if (near(keyBox(p, CORRECTED_AT), corrected)) {
          saved = p;
          break;
        }
      } catch { /* not written yet (atomic rename: never half a file) */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    const waited = Date.now() - edited;
    console.log(`autosave holding the correction after ${waited} ms`);
    expect(saved, 'an autosave with the correction').not.toBeNull();
    expect(waited).toBeLessThanOrEqual(AUTOSAVE_WITHIN_MS);
    expect(near(keyBox(saved!, 0), drawn)).toBe(true);
    // The run tracked before the correction is stale up to the end (no keyframe after it).
    const stale = saved!.tracks[0].results.filter((r) => r.stale).map((r) => r.frame);
    expect(stale).toEqual(Array.from({ length: video.frameCount - 1 - CORRECTED_AT }, (_, i) => CORRECTED_AT + 1 + i));
    const trackedAt10 = saved!.tracks[0].results.find((r) => r.frame === 10);

    // Crash: SIGKILL the host (no shutdown handler runs), then Chromium.
    await killHard(first.host.child);
    expect(first.host.child.signalCode).toBe('SIGKILL');
    await killBrowser(first.browser);
    // The killed host's ffmpeg decoders must not linger: their pipe's reader is gone.
    await expect.poll(() => processesUsing(videoDir), { timeout: 10_000 }).toEqual([]);

    // Restart both on the same data folder (a fresh browser profile: nothing comes from the browser).
    const second = await startApp();
    page = second.page;
    await expect.poll(() => page.getByTestId('notices').innerText(), POLL).toMatch(/Recovered unsaved work/);
    expect(await trackMeta(page)).toBe(metaBefore);
    await goTo(page, CORRECTED_AT);
    expect(near(await selectedBox(page), corrected), 'corrected box').toBe(true);
    await goTo(page, 0);
    expect(near(await selectedBox(page), drawn), 'first box').toBe(true);
    if (trackedAt10?.state === 'tracked') {
      await goTo(page, 10);
      expect(near(await selectedBox(page), trackedAt10.box), 'tracked box at frame 10').toBe(true);
    }
    // The frames tracked before the correction are still known to be stale: R re-tracks them to the end.
    await goTo(page, CORRECTED_AT);
    await page.keyboard.press('r');
    await expect.poll(() => currentFrame(page), { timeout: 60_000 }).toBe(video.frameCount - 1);
    await page.getByTestId('tracking-live').waitFor({ state: 'detached', timeout: 30_000 });

    // A normal stop this time: SIGTERM, and the host exits cleanly.
    await killBrowser(second.browser);
    const exited = new Promise<number | null>((r) => second.host.child.once('exit', (code) => r(code)));
    second.host.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect.poll(() => processesUsing(videoDir), { timeout: 10_000 }).toEqual([]);
  }, 240_000);
});
