/**
 * The app on a long video: does tracking slow down when the track already spans the whole video?
 * The timeline, the confidence strip, the track list, undo and autosave all see every tracked frame;
 * a per-frame cost that grows with the track's length shows here and not on a short clip.
 * Makes (once, in the OS temp folder) a 320x180 clip of a test pattern drifting over noise, then in
 * headless Chromium against the browser host tracks the same box from frame 0 for the same wall time,
 * twice: on a fresh track, and on a track imported from a CSV with a box on every frame of the video.
 * Not a test: run by hand,
 *   npx tsx bench/app-long.ts [--minutes 20] [--seconds 20]
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { formatTrackCsv } from '../common/csv';
import { serve } from '../main/host/serve';
import { ffmpegTools } from '../main/video/ffmpeg-path';
import { runTool } from '../main/video/process';
import { dragImage, ensureBuilt, launchChromium, RENDERER_OUT } from '../test/e2e/helpers';
import { arg } from './script-args';

const minutes = Number(arg('minutes', '20'));
const seconds = Number(arg('seconds', '20'));
const BOX = { x: 96, y: 42, w: 128, h: 96 };

async function clip(name: string, durationS: number): Promise<string> {
  const path = join(tmpdir(), `siamtrack-app-long-${name}-${durationS}s.mp4`);
  if (existsSync(path)) return path;
  const { ffmpeg } = ffmpegTools();
  // Grey noise background with testsrc2 (128x96) drifting left and right over it.
  const run = await runTool(ffmpeg, [
    '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=s=128x96:r=30:d=${durationS}`,
    '-f', 'lavfi', '-i', `color=c=gray:s=320x180:r=30:d=${durationS}`,
    '-filter_complex', '[1:v]noise=alls=40:allf=t[bg];[bg][0:v]overlay=x=\'96+60*sin(t)\':y=42:shortest=1',
    '-c:v', 'libx264', '-preset', 'veryfast', '-g', '60', '-pix_fmt', 'yuv420p', '-y', path,
  ], 30 * 60_000);
  if (run.code !== 0) throw new Error(`ffmpeg could not make ${path}: ${run.stderr.trim()}`);
  return path;
}

async function main() {
  ensureBuilt();
  const video = await clip('long', minutes * 60);
  const frames = minutes * 60 * 30;
  const out = mkdtempSync(join(tmpdir(), 'app-long-out-'));
  const csv = join(out, 'whole-video.csv');
  writeFileSync(csv, formatTrackCsv(Array.from({ length: frames }, (_, f) => ({
    frame: f, timeS: f / 30, box: BOX, score: 0.9, state: f === 0 ? 'init' as const : 'tracked' as const,
  }))));
  for (const scenario of ['fresh track', 'track already on every frame']) {
    // A host and a browser profile of its own per scenario: no autosave of the other one is recovered.
    const { host, handlers } = await serve({
      roots: [out], readOnlyRoots: [tmpdir()], port: 0, staticDir: RENDERER_OUT, dataDir: mkdtempSync(join(tmpdir(), 'app-long-data-')),
    });
    const context = await launchChromium();
    const page = context.pages()[0] ?? (await context.newPage());
    const pick = async (path: string) => {
      await page.getByTestId('path-input').fill(path);
      await page.getByTestId('path-input').press('Enter');
    };
    try {
      await page.goto(host.url);
      await page.getByTestId('open-video').click();
      await pick(video);
      await page.getByTestId('frame-badge').waitFor();
      await page.waitForFunction(() => document.querySelector<HTMLCanvasElement>('[data-testid=frame-canvas]')?.dataset.paintedFrame === '0');
      if (scenario === 'fresh track') {
        await dragImage(page, { x: BOX.x, y: BOX.y }, { x: BOX.x + BOX.w, y: BOX.y + BOX.h });
      } else {
        // The imported track is selected, with BOX as its keyframe on frame 0: tracking starts from it.
        await page.getByText('Import').click();
        await page.getByText('Tracks from CSV…').click();
        await pick(csv);
        await page.getByTestId('track-list').getByText(`${frames - 1} tracked`).waitFor({ timeout: 120_000 });
      }
      console.log(`${scenario}: ${await track(page)}`);
    } finally {
      await context.close();
      await handlers.closeAll();
      await host.close();
    }
  }
}

/** Track from the frame on screen for `seconds`; fps over the first and the last third of that time. */
async function track(page: Page): Promise<string> {
  await page.keyboard.press('Space');
  await page.getByTestId('tracking-live').waitFor({ timeout: 60_000 });
  const frameNow = async () => Number(await page.getByTestId('frame-input').inputValue());
  const marks: { t: number; f: number }[] = [];
  const t0 = Date.now();
  while (Date.now() - t0 < seconds * 1000) {
    marks.push({ t: Date.now(), f: await frameNow() });
    await page.waitForTimeout(500);
  }
  marks.push({ t: Date.now(), f: await frameNow() });
  await page.keyboard.press('Space');
  await page.getByTestId('tracking-live').waitFor({ state: 'detached' });
  const third = Math.floor(marks.length / 3);
  const rate = (a: { t: number; f: number }, b: { t: number; f: number }) => ((b.f - a.f) * 1000) / (b.t - a.t);
  const last = marks[marks.length - 1];
  const state = await page.getByTestId('score').innerText();
  return `${(rate(marks[0], last)).toFixed(1)} fps (${rate(marks[0], marks[third]).toFixed(1)} in the first third, ${rate(marks[marks.length - 1 - third], last).toFixed(1)} in the last), ${last.f - marks[0].f} frames in ${seconds} s; score at the end ${state}`;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
