/**
 * The decode baseline: plain `ffmpeg -i video.mp4 -f rawvideo -pix_fmt yuv420p -` with its output
 * thrown away (/dev/null), with the binary the video service uses, timed from spawn to exit. The
 * pixel format is the one tracking decodes to (TRACKING_PIXEL_FORMAT), so the ratio compares like
 * with like (with RGBA the baseline would carry a conversion our pipeline no longer does).
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { TRACKING_PIXEL_FORMAT } from '../common/frame';
import { FFMPEG_PIX_FMT } from '../main/video/frames';

/** ffmpeg's name for the pixel format tracking decodes to. */
export const PLAIN_DECODE_PIX_FMT = FFMPEG_PIX_FMT[TRACKING_PIXEL_FORMAT];

export function plainDecodeArgs(path: string, pixFmt = PLAIN_DECODE_PIX_FMT): string[] {
  return ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', path, '-f', 'rawvideo', '-pix_fmt', pixFmt, '-'];
}

/** Wall seconds of one plain decode of `path` to /dev/null. */
export function plainDecodeSeconds(ffmpeg: string, path: string): Promise<number> {
  const devNull = openSync('/dev/null', 'w');
  const t0 = performance.now();
  const child = spawn(ffmpeg, plainDecodeArgs(path), { stdio: ['ignore', devNull, 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
  return new Promise((done, fail) => {
    child.once('error', (err) => {
      closeSync(devNull);
      fail(err);
    });
    child.once('close', (code) => {
      closeSync(devNull);
      if (code === 0) done((performance.now() - t0) / 1000);
      else fail(new Error(`ffmpeg exited ${code} on ${path}: ${stderr.trim().split('\n').pop()}`));
    });
  });
}
