/**
 * The project's own sample clip, made by ffmpeg from its lavfi sources (no media in the repo):
 * a textured object (testsrc2, white frame) moving and growing/shrinking over a textured background
 * (a Mandelbrot view), 150 frames, 640x360, 30 fps, H.264 MP4, with its exact per-frame box.
 *
 * The box is exact by construction: the object layer is an alpha mask whose visible size and
 * position are integer functions of the frame number, evaluated identically by ffmpeg's expression
 * engine (geq/overlay) and by sampleBox() here (integers only, so no rounding can differ).
 * Only filters present in both the 2018 @ffmpeg-installer build and ffmpeg 5.x are used.
 *
 * Writes video.mp4, groundtruth.txt (0-based x,y,w,h per line, as ../shared/sequences) and
 * meta.json into a folder (default <repo>/.cache/sample/); regenerates only when missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Box } from '../../common/box';
import { ffmpegTools, toolVersion } from './ffmpeg-path';
import { projectRoot } from '../project-root';
import { runTool } from './process';
import { stderrReason } from './raw-probe';
import { VideoError } from './types';

export const SAMPLE = { name: 'sample', width: 640, height: 360, fps: 30, frames: 150, version: 2 } as const;
/** Largest object size (the object layer's size); sampleBox() never exceeds it. */
const OBJECT_MAX = { w: 160, h: 120 };

export interface SampleClip {
  dir: string;
  videoPath: string;
  groundTruthPath: string;
  metaPath: string;
  boxes: Box[];
}

// The frame number from the frame's own timestamp, not the filters' counters: overlay's `n` runs one
// ahead of geq's `N` (both ffmpeg versions), while t * fps is the frame number for both.
const frameNo = (t: string) => `floor(${t}*${SAMPLE.fps}+0.5)`;
// Size: s goes 80 -> 40 -> 80 (triangle, period 80 frames); w = 2s, h = 2*floor(3s/4), both even.
const S = `(40+abs(mod(${frameNo('T')},80)-40))`;
const W = `(2*${S})`;
const H = `(2*floor(${S}*3/4))`;
// Path: steady drift right, bouncing up and down (period 60 frames).
const X = `(40+2*floor(3*${frameNo('t')}/2))`;
const Y = `(40+4*abs(mod(${frameNo('t')},60)-30))`;

/** Exact box of frame n (0-based), the same integer arithmetic as the filter graph. */
export function sampleBox(n: number): Box {
  const s = 40 + Math.abs((n % 80) - 40);
  return { x: 40 + 2 * Math.floor((3 * n) / 2), y: 40 + 4 * Math.abs((n % 60) - 30), w: 2 * s, h: 2 * Math.floor((s * 3) / 4) };
}

/** The background alone, as a lavfi source (tests render it to find the object by difference). */
export function sampleBackgroundSource(): string {
  const { width, height, fps } = SAMPLE;
  return `mandelbrot=s=${width}x${height}:r=${fps}:maxiter=100:start_scale=2:end_scale=2:start_x=-0.75`;
}

function filterGraph(): string {
  const { w, h } = OBJECT_MAX;
  // geq scales the texture to W x H (sampling at X*160/W) and makes everything outside it transparent.
  const pick = (c: string) => `${c}='${c}(X*${w}/${W},Y*${h}/${H})'`;
  const object = `[1:v]format=gbrap,drawbox=x=0:y=0:w=${w}:h=${h}:color=white:t=4,`
    + `geq=${pick('r')}:${pick('g')}:${pick('b')}:a='255*lt(X,${W})*lt(Y,${H})'[obj]`;
  return `${object};[0:v][obj]overlay=x='${X}':y='${Y}':shortest=1,format=yuv420p[out]`;
}

export function defaultSampleDir(): string {
  return join(projectRoot(), '.cache', 'sample');
}

export interface SampleOptions {
  /** ffmpeg binary; default ffmpegTools().ffmpeg. */
  ffmpeg?: string;
  /** Deadline for the encode; default 180 s. */
  timeoutMs?: number;
}

/** The sample clip in `dir`, generated first if any of its files is missing or from an older version. */
export async function ensureSampleClip(dir = defaultSampleDir(), opts: SampleOptions = {}): Promise<SampleClip> {
  const clip = {
    dir: resolve(dir),
    videoPath: join(dir, 'video.mp4'),
    groundTruthPath: join(dir, 'groundtruth.txt'),
    metaPath: join(dir, 'meta.json'),
    boxes: Array.from({ length: SAMPLE.frames }, (_, n) => sampleBox(n)),
  };
  if (isCurrent(clip)) return clip;
  for (const b of clip.boxes) {
    if (b.x < 0 || b.y < 0 || b.x + b.w > SAMPLE.width || b.y + b.h > SAMPLE.height || b.w > OBJECT_MAX.w || b.h > OBJECT_MAX.h) {
      throw new Error(`sample box ${JSON.stringify(b)} leaves the frame`); // a bug in the formulas above
    }
  }
  await mkdir(dir, { recursive: true });
  await rm(clip.metaPath, { force: true }); // meta.json is written last: it marks a complete clip
  const ffmpeg = opts.ffmpeg ?? ffmpegTools().ffmpeg;
  const partial = join(dir, `video.partial-${process.pid}.mp4`);
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', sampleBackgroundSource(),
    '-f', 'lavfi', '-i', `testsrc2=s=${OBJECT_MAX.w}x${OBJECT_MAX.h}:r=${SAMPLE.fps}`,
    '-filter_complex', filterGraph(), '-map', '[out]', '-frames:v', String(SAMPLE.frames), '-r', String(SAMPLE.fps),
    '-c:v', 'libx264', '-preset', 'medium', '-crf', '18', '-g', '60', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', partial];
  const run = await runTool(ffmpeg, args, opts.timeoutMs ?? 180_000);
  if (run.code !== 0 || run.timedOut) {
    await rm(partial, { force: true });
    throw new VideoError(`could not make the sample clip with ${ffmpeg}: ${run.timedOut ? 'timed out' : stderrReason(run.stderr, partial)}`);
  }
  await rename(partial, clip.videoPath);
  await writeFile(clip.groundTruthPath, clip.boxes.map((b) => `${b.x},${b.y},${b.w},${b.h}`).join('\n') + '\n');
  const meta = {
    name: SAMPLE.name, frames: SAMPLE.frames, width: SAMPLE.width, height: SAMPLE.height, fps: SAMPLE.fps,
    version: SAMPLE.version, generator: 'main/video/sample.ts (ffmpeg lavfi: mandelbrot background, testsrc2 object)',
    ffmpeg: toolVersion(ffmpeg) ?? 'unknown',
    gt_convention: 'x,y,w,h; 0-based pixel coords of top-left; line i = frame i-1 of video.mp4',
  };
  await writeFile(clip.metaPath, JSON.stringify(meta, null, 1) + '\n');
  return clip;
}

function isCurrent(clip: SampleClip): boolean {
  if (![clip.videoPath, clip.groundTruthPath, clip.metaPath].every((p) => existsSync(p))) return false;
  try {
    return (JSON.parse(readFileSync(clip.metaPath, 'utf8')) as { version?: number }).version === SAMPLE.version;
  } catch {
    return false;
  }
}
