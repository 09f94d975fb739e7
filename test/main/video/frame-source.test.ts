import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ffmpegTools } from '../../../main/video/ffmpeg-path';
import { spawnFrameProcess, type FrameTransport } from '../../../main/video/frame-source';
import { liveChildCount, stopChild, waitForExit } from '../../../main/video/process';
import { HAVE_SHARED, sequenceDir } from '../../helpers/paths';

const DAVID = join(sequenceDir('David'), 'video.mp4');
const FRAME = 320 * 240 * 4;
const N = 120;

describe.skipIf(!HAVE_SHARED)('frame transport', () => {
  const ffmpeg = ffmpegTools().ffmpeg;
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', DAVID, '-frames:v', String(N), '-pix_fmt', 'rgba', '-f', 'rawvideo', 'pipe:1'];
  // Reference: ffmpeg's whole output collected by execFileSync, untouched by our reader.
  const reference = () => execFileSync(ffmpeg, args, { maxBuffer: N * FRAME + 1024 });

  for (const transport of ['socket', 'pipe'] as FrameTransport[]) {
    it(`${transport}: delivers ffmpeg's bytes exactly, in whole frames, with a slow consumer too`, async () => {
      const expected = reference();
      expect(expected.length).toBe(N * FRAME);
      const { child, frames, leftoverBytes, close } = await spawnFrameProcess(ffmpeg, args, FRAME, transport);
      let i = 0;
      for (let f = await frames.next(); f; f = await frames.next(), i++) {
        expect(f.length).toBe(FRAME);
        expect(f.buffer.byteLength).toBe(FRAME); // owns its ArrayBuffer: transferable without copying neighbours
        expect(Buffer.from(f.buffer).equals(expected.subarray(i * FRAME, (i + 1) * FRAME)), `frame ${i}`).toBe(true);
        if (i % 40 === 0) await sleep(300); // ffmpeg must wait, not lose or reorder bytes
      }
      expect(i).toBe(N);
      expect(leftoverBytes()).toBe(0);
      expect(await waitForExit(child)).toBe(0);
      close();
    });

    it(`${transport}: a stopped child ends the frame sequence`, async () => {
      const { child, frames, close } = await spawnFrameProcess(ffmpeg, args, FRAME, transport);
      expect(await frames.next()).not.toBeNull();
      await stopChild(child);
      let rest = 0;
      while (await frames.next()) rest++;
      expect(rest).toBeLessThan(N);
      close();
      expect(liveChildCount()).toBe(0);
    });
  }
});
