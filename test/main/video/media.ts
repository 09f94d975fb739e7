/** Test media generated at test time with ffmpeg (never committed): good clips and broken files. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestMedia {
  dir: string;
  /** 300 frames 320x240 at 25 fps, keyframe every 100 frames, 3 B-frames: the seek stress case. */
  longGop: string;
  /** longGop with a display matrix: shown rotated (portrait). */
  rotated: string;
  /** Audio as stream 0, video as stream 1 (2 s). */
  audioFirst: string;
  /** longGop remuxed: MPEG-TS (no index, start time 1.48 s) and Matroska (cue index by PTS). */
  longGopTs: string;
  longGopMkv: string;
  /** Variable frame rate: 100 frames at 25 fps with a 0.48 s (12-frame) gap before frame 50. */
  variableRate: string;
  /** 10 frames 96x64 tagged BT.709 (ffmpeg's RGB of it uses the BT.709 matrix). */
  bt709: string;
}

export interface BadMedia {
  missing: string;
  empty: string;
  randomBytes: string;
  textAsMp4: string;
  truncatedMp4: string;
  audioOnly: string;
}

function ff(ffmpeg: string, args: string[]): void {
  execFileSync(ffmpeg, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args], { timeout: 60_000 });
}

export function makeTestMedia(ffmpeg: string): TestMedia {
  const dir = mkdtempSync(join(tmpdir(), 'video-media-'));
  const longGop = join(dir, 'long-gop.mp4');
  ff(ffmpeg, ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-frames:v', '300', '-c:v', 'libx264', '-preset', 'veryfast',
    '-g', '100', '-keyint_min', '100', '-sc_threshold', '0', '-bf', '3', '-pix_fmt', 'yuv420p', longGop]);
  const rotated = join(dir, 'rotated.mp4');
  ff(ffmpeg, ['-i', longGop, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', rotated]);
  const audioFirst = join(dir, 'audio-first.mp4');
  ff(ffmpeg, ['-f', 'lavfi', '-i', 'sine=duration=2', '-i', longGop, '-map', '0:a', '-map', '1:v', '-c:v', 'copy', '-c:a', 'aac', '-shortest', audioFirst]);
  const longGopTs = join(dir, 'long-gop.ts');
  ff(ffmpeg, ['-i', longGop, '-c', 'copy', '-f', 'mpegts', longGopTs]);
  const longGopMkv = join(dir, 'long-gop.mkv');
  ff(ffmpeg, ['-i', longGop, '-c', 'copy', longGopMkv]);
  const variableRate = join(dir, 'vfr.mp4');
  ff(ffmpeg, ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25', '-frames:v', '100', '-vf', "setpts='(N+12*gte(N,50))/(25*TB)'",
    '-vsync', 'vfr', '-c:v', 'libx264', '-preset', 'veryfast', '-bf', '2', '-g', '30', '-pix_fmt', 'yuv420p', variableRate]);
  const bt709 = join(dir, 'bt709.mp4');
  ff(ffmpeg, ['-f', 'lavfi', '-i', 'testsrc2=size=96x64:rate=25', '-frames:v', '10', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p',
    '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', bt709]);
  return { dir, longGop, rotated, audioFirst, longGopTs, longGopMkv, variableRate, bt709 };
}

export function makeBadMedia(ffmpeg: string): BadMedia {
  const dir = mkdtempSync(join(tmpdir(), 'video-bad-'));
  const empty = join(dir, 'empty.mp4');
  writeFileSync(empty, '');
  const randomBytes = join(dir, 'random.mp4');
  const bytes = new Uint8Array(1 << 20);
  let state = 12345; // fixed seed: the same "random" file every run
  for (let i = 0; i < bytes.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  writeFileSync(randomBytes, bytes);
  const textAsMp4 = join(dir, 'notes.mp4');
  writeFileSync(textAsMp4, 'Analyst notes\nThis is a text file with a video extension.\n'.repeat(200));
  // moov at the end (no faststart), then cut in half: the index is gone.
  const whole = join(dir, 'whole.mp4');
  ff(ffmpeg, ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-frames:v', '100', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', whole]);
  const truncatedMp4 = join(dir, 'truncated.mp4');
  const full = readFileSync(whole);
  writeFileSync(truncatedMp4, full.subarray(0, Math.floor(full.length / 2)));
  const audioOnly = join(dir, 'audio-only.mp4');
  ff(ffmpeg, ['-f', 'lavfi', '-i', 'sine=duration=2', '-c:a', 'aac', audioOnly]);
  return { missing: join(dir, 'does-not-exist.mp4'), empty, randomBytes, textAsMp4, truncatedMp4, audioOnly };
}

/** Rotate an RGBA image clockwise by 0/90/180/270 degrees. */
export function rotateRgba(data: Uint8Array, width: number, height: number, cw: number): { data: Uint8Array; width: number; height: number } {
  const turned = cw === 90 || cw === 270;
  const w2 = turned ? height : width;
  const h2 = turned ? width : height;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [x2, y2] = cw === 90 ? [height - 1 - y, x] : cw === 180 ? [width - 1 - x, height - 1 - y] : cw === 270 ? [y, width - 1 - x] : [x, y];
      out.set(data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4), (y2 * w2 + x2) * 4);
    }
  }
  return { data: out, width: w2, height: h2 };
}

export function meanAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}
