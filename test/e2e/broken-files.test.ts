/**
 * The reliability corpus in the real app (Chromium through the browser host, real ffmpeg, real
 * weights): broken files give one readable line within a bounded time, leave no ffmpeg behind
 * and leave the app usable; awkward good files (a phone clip tagged 90°, variable frame rate)
 * open with the right size, orientation, frame count and frame times, and track.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../common/frame';
import { toRgba } from '../../common/yuv';
import { streamFrames } from '../../main/video/frames';
import { liveChildCount } from '../../main/video/process';
import { probeVideo } from '../../main/video/probe';
import { formatTime } from '../../renderer/view/format';
import { generateCorpus, type CorpusItem, type GoodEntry, type RefusedEntry } from '../corpus/generate';
import { startApp, type AppSession } from './app-session';
import { ARTIFACTS, currentFrame, dragImage, HAVE_CHROMIUM, imageToPage, openByPath, paintedPixels, processesUsing, selectedBox } from './helpers';

const BROKEN = ['empty', 'random-bytes', 'text-as-mp4', 'truncated-mp4', 'audio-only'];
const AWKWARD = ['phone-rotated-90', 'variable-rate'];
/** Its index is intact, its frame data cut in half: it opens, and only the missing frames fail. */
const CUT_SHORT = 'truncated-faststart';
/** The whole refusal, click to message, on this loaded machine; a hang would blow through it. */
const REFUSE_WITHIN_MS = 15_000;
const POLL = { timeout: 20_000 };

describe.skipIf(!HAVE_CHROMIUM)('broken and awkward files in the app', () => {
  let corpusDir: string;
  let app: AppSession;
  let page: Page;
  const items = new Map<string, CorpusItem>();

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    corpusDir = mkdtempSync(join(tmpdir(), 'tracker-e2e-corpus-'));
    for (const item of generateCorpus(corpusDir, { only: [...BROKEN, ...AWKWARD, CUT_SHORT] })) items.set(item.name, item);
    app = await startApp({ roots: [corpusDir] });
    page = app.page;
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    rmSync(corpusDir, { recursive: true, force: true });
  });

  const noFfmpegLeft = async () => {
    await expect.poll(() => liveChildCount(), { timeout: 5000 }).toBe(0);
    expect(processesUsing(corpusDir)).toEqual([]);
  };

  /** Open `item`, wait for its error notice and return the text (dismissing it). */
  async function refusal(item: CorpusItem): Promise<{ text: string; ms: number }> {
    const before = await page.getByTestId('notice-error').count();
    const t0 = Date.now();
    await openByPath(page, item.path);
    const error = page.getByTestId('notice-error').nth(before);
    await error.waitFor({ timeout: REFUSE_WITHIN_MS });
    const ms = Date.now() - t0;
    const text = await error.locator('.notice-text').innerText();
    await page.getByTestId('progress').waitFor({ state: 'detached', timeout: 5000 }); // no "Opening…" left hanging
    await error.getByRole('button').click();
    return { text, ms };
  }

  it('refuses each broken file with one readable line, in bounded time, and leaves no ffmpeg running', async () => {
    for (const name of BROKEN) {
      const item = items.get(name) as RefusedEntry & CorpusItem;
      const { text, ms } = await refusal(item);
      console.log(`${name}: ${ms} ms: ${text}`);
      expect(text, name).toMatch(new RegExp(`^Could not open the video: .*${item.reason.source}`));
      expect(text, name).not.toMatch(/\n|\bat \S+:\d+|ffmpeg version|undefined|\[object/); // one line, no stack, no banner
      expect(text.length, name).toBeLessThan(300);
      expect(ms, name).toBeLessThan(REFUSE_WITHIN_MS);
      await noFfmpegLeft();
    }
    // Nothing opened: the welcome screen is still there, and the Open button still works.
    expect(await page.getByTestId('video-facts').innerText()).toMatch(/No video/);
    expect(await page.getByTestId('welcome').isVisible()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-broken-refused.png') });
  }, 120_000);

  it('opens a file cut short, shows its first frames, and says in one line that its last frames are missing', async () => {
    const item = items.get(CUT_SHORT) as RefusedEntry & CorpusItem;
    const before = await page.getByTestId('notice-error').count();
    await openByPath(page, item.path);
    await expect.poll(() => page.getByTestId('video-facts').innerText(), POLL).toMatch(/truncated-faststart\.mp4[\s\S]*320×240[\s\S]* frames/);
    // The count is what the file's packets promise (fewer than the 75 encoded); the last of them do not decode.
    const frames = Number(/(\d+) frames/.exec(await page.getByTestId('video-facts').innerText())![1]);
    expect(frames).toBeLessThan(75);
    await expect.poll(() => page.getByTestId('frame-canvas').getAttribute('data-painted-frame'), POLL).toBe('0');
    await page.keyboard.press('End');
    const error = page.getByTestId('notice-error').nth(before);
    await error.waitFor({ timeout: REFUSE_WITHIN_MS });
    const text = await error.locator('.notice-text').innerText();
    console.log(`${CUT_SHORT}: ${text}`);
    expect(text).toMatch(new RegExp(`^frame ${frames - 1}: .*${item.reason.source}`));
    expect(text).not.toMatch(/\n/);
    await error.getByRole('button').click();
    // Still usable: back to the first frame, which decodes.
    await page.keyboard.press('Home');
    await expect.poll(() => page.getByTestId('frame-canvas').getAttribute('data-painted-frame'), POLL).toBe('0');
  }, 60_000);

  /** Draw the entry's middle box on the first frame, track to the end, and return the track's summary. */
  async function trackToEnd(item: GoodEntry): Promise<{ tracked: number; lost: number }> {
    await page.keyboard.press('Home');
    await expect.poll(() => currentFrame(page), POLL).toBe(0);
    const b = item.box;
    await dragImage(page, { x: b.x, y: b.y }, { x: b.x + b.w, y: b.y + b.h });
    expect(await selectedBox(page)).not.toBeNull();
    await page.keyboard.press('Space');
    // Not waiting for the "tracking" badge to appear: a short clip may be done before we look.
    await expect.poll(() => currentFrame(page), { timeout: 120_000 }).toBe(item.frameCount - 1);
    await page.getByTestId('tracking-live').waitFor({ state: 'detached', timeout: 30_000 });
    const meta = await page.getByTestId('track-list').locator('.track-meta').first().innerText();
    const m = /^1 key · (\d+) tracked(?: · (\d+) lost)?/.exec(meta);
    expect(m, meta).not.toBeNull();
    console.log(`${item.name}: ${meta}`);
    return { tracked: Number(m![1]), lost: Number(m![2] ?? 0) };
  }

  /** RGBA of frame 0 as ffmpeg's own command line shows it (rotation applied). */
  function referenceFrame(path: string, width: number, height: number): Buffer {
    const rgba = execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], { maxBuffer: 1 << 26 });
    expect(rgba.length).toBe(width * height * 4);
    return rgba;
  }

  /** Fraction of grid points where the canvas shows (about) the colour of `ref` at that image point, optionally rotated 180°. */
  async function agreement(ref: Buffer, width: number, height: number, flip: boolean): Promise<number> {
    const points: { x: number; y: number; rgb: number[] }[] = [];
    for (let gy = 1; gy < 16; gy++) {
      for (let gx = 1; gx < 10; gx++) {
        const x = Math.floor((gx * width) / 10);
        const y = Math.floor((gy * height) / 16);
        const sx = flip ? width - 1 - x : x;
        const sy = flip ? height - 1 - y : y;
        const at = (sy * width + sx) * 4;
        points.push({ ...(await imageToPage(page, x + 0.5, y + 0.5)), rgb: [ref[at], ref[at + 1], ref[at + 2]] });
      }
    }
    const r = (await page.getByTestId('frame-canvas').boundingBox())!;
    const shown = await page.getByTestId('frame-canvas').evaluate((el, pts) => {
      const ctx = (el as HTMLCanvasElement).getContext('2d')!;
      return pts.map((p) => [...ctx.getImageData(Math.floor(p.x * devicePixelRatio), Math.floor(p.y * devicePixelRatio), 1, 1).data]);
    }, points.map((p) => ({ x: p.x - r.x, y: p.y - r.y })));
    const close = points.filter((p, i) => p.rgb.reduce((s, v, k) => s + Math.abs(v - shown[i][k]), 0) < 60);
    return close.length / points.length;
  }

  it('opens the phone clip upright (176×320, 45 frames) and tracks it', async () => {
    const item = items.get('phone-rotated-90') as GoodEntry & CorpusItem;
    await openByPath(page, item.path);
    await expect.poll(() => page.getByTestId('video-facts').innerText(), POLL).toMatch(/176×320[\s\S]*45 frames/);
    await page.getByTestId('progress').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('frame-canvas').getAttribute('data-painted-frame'), POLL).toBe('0');
    // The picture on screen is ffmpeg's upright frame; the same frame upside down does not match,
    // so the check can tell orientations apart.
    const ref = referenceFrame(item.path, item.width, item.height);
    const upright = await agreement(ref, item.width, item.height, false);
    const upsideDown = await agreement(ref, item.width, item.height, true);
    console.log(`phone clip: ${(upright * 100).toFixed(0)} % of points match upright, ${(upsideDown * 100).toFixed(0)} % upside down`);
    expect(upright).toBeGreaterThan(0.8);
    expect(upsideDown).toBeLessThan(0.5);
    const { tracked, lost } = await trackToEnd(item);
    expect(tracked + lost).toBe(item.frameCount - 1); // a result for every frame
    expect(tracked).toBeGreaterThan((item.frameCount - 1) / 3); // boxes come back (how well it tracks is not the point here)
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-broken-phone-tracked.png') });
  }, 180_000);

  it('paints a BT.709 clip in the colours ffmpeg gives it (the matrix of its tag, not BT.601)', async () => {
    const clip = join(corpusDir, 'colour-bars-bt709.mp4');
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-frames:v', '5',
      '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-colorspace', 'bt709', clip]);
    await openByPath(page, clip);
    await expect.poll(() => page.getByTestId('video-facts').innerText(), POLL).toMatch(/colour-bars-bt709\.mp4[\s\S]*320×240/);
    await page.getByTestId('progress').waitFor({ state: 'detached' });
    const info = await probeVideo(clip);
    let rgba: Frame | null = null;
    let yuv: Frame | null = null;
    for await (const f of streamFrames(info, { count: 1 })) rgba = f;
    for await (const f of streamFrames(info, { count: 1, pixelFormat: 'i420' })) yuv = f;
    const asBt601 = toRgba({ ...yuv!, matrix: 'bt601' });
    const points = Array.from({ length: 80 }, (_, i) => ({ x: 3 + ((i * 37) % 314), y: 3 + ((i * 53) % 234) }));
    const painted = await paintedPixels(page, points);
    const meanDiff = (ref: ArrayLike<number>) => {
      const d = points.flatMap((p, i) => [0, 1, 2].map((c) => Math.abs(painted[i][c] - ref[(p.y * 320 + p.x) * 4 + c])));
      return d.reduce((a, b) => a + b, 0) / d.length;
    };
    expect(meanDiff(rgba!.data)).toBeLessThan(3);
    expect(meanDiff(asBt601)).toBeGreaterThan(4); // the check can tell the matrices apart
  });

  it('opens the variable-rate clip with its own frame times and tracks it', async () => {
    const item = items.get('variable-rate') as GoodEntry & CorpusItem;
    await openByPath(page, item.path);
    await expect.poll(() => page.getByTestId('video-facts').innerText(), POLL).toMatch(/160×120[\s\S]*60 frames/);
    await page.getByTestId('progress').waitFor({ state: 'detached' });
    const { tracked, lost } = await trackToEnd(item);
    expect(tracked + lost).toBe(item.frameCount - 1);
    expect(tracked).toBeGreaterThan((item.frameCount - 1) / 3);
    // Frames 20-30 are 100 ms apart, not 33: the clock shows the file's times (from 0), not frame / fps.
    const times = item.timesS!;
    expect(formatTime(times[25])).not.toBe(formatTime(25 / 30));
    for (const f of [0, 25, 40]) {
      await page.getByTestId('frame-input').fill(String(f));
      await page.getByTestId('frame-input').press('Enter');
      await expect.poll(() => currentFrame(page), POLL).toBe(f);
      const shownS = await page.getByTestId('time').innerText();
      expect(shownS, `time at frame ${f}`).toBe(formatTime(times[f]));
    }
  }, 180_000);

  it('after a failed open keeps the open video, and closes every ffmpeg when the host stops', async () => {
    const { text } = await refusal(items.get('truncated-mp4')!);
    expect(text).toMatch(/moov atom not found/);
    expect(await page.getByTestId('video-facts').innerText()).toMatch(/vfr\.mp4[\s\S]*60 frames/);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => currentFrame(page), POLL).toBe(39);
    expect(app.problems).toEqual([]);
    await app.close();
    expect(liveChildCount()).toBe(0);
    await expect.poll(() => processesUsing(corpusDir), { timeout: 5000 }).toEqual([]);
  }, 60_000);
});
