import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../../common/frame';
import { ffmpegTools } from '../../../main/video/ffmpeg-path';
import { streamFrames } from '../../../main/video/frames';
import { probeVideo } from '../../../main/video/probe';
import { liveChildCount } from '../../../main/video/process';
import type { VideoInfo } from '../../../main/video/types';
import { toRgba } from '../../../common/yuv';
import { HAVE_SHARED, sequenceDir } from '../../helpers/paths';
import { makeTestMedia, meanAbsDiff, rotateRgba, type TestMedia } from './media';

const DAVID = join(sequenceDir('David'), 'video.mp4');

describe.skipIf(!HAVE_SHARED)('streamFrames', () => {
  let david: VideoInfo;
  let media: TestMedia;
  beforeAll(async () => {
    david = await probeVideo(DAVID);
    media = makeTestMedia(ffmpegTools().ffmpeg);
  });

  it('decodes all 471 frames of David as RGBA with index and time', async () => {
    let n = 0;
    for await (const f of streamFrames(david)) {
      expect(f.width).toBe(320);
      expect(f.height).toBe(240);
      expect(f.data.length).toBe(320 * 240 * 4);
      expect(f.index).toBe(n);
      expect(f.timeS).toBeCloseTo(n / 30, 9);
      n++;
    }
    expect(n).toBe(471);
    expect(liveChildCount()).toBe(0);
  });

  it('with reuseBuffers, refills a handful of buffers frame after frame and every frame is still right', async () => {
    const fresh: Frame['data'][] = [];
    for await (const f of streamFrames(david, { pixelFormat: 'i420', count: 150 })) fresh.push(f.data);
    expect(new Set(fresh.map((d) => d.buffer)).size).toBe(150); // without it, a buffer per frame
    const buffers = new Set<ArrayBufferLike>();
    let n = 0;
    for await (const f of streamFrames(david, { pixelFormat: 'i420', count: 150, reuseBuffers: true })) {
      expect(Buffer.from(f.data).equals(Buffer.from(fresh[n])), `frame ${n}`).toBe(true);
      buffers.add(f.data.buffer);
      n++;
    }
    expect(n).toBe(150);
    expect(buffers.size).toBeLessThanOrEqual(4);
  });

  it('scales to a requested size, keeping the aspect when only one side is given', async () => {
    const frames: Frame[] = [];
    for await (const f of streamFrames(david, { width: 160, height: 100, count: 3 })) frames.push(f);
    expect(frames.map((f) => [f.width, f.height, f.data.length])).toEqual(Array(3).fill([160, 100, 160 * 100 * 4]));
    for await (const f of streamFrames(david, { width: 128, count: 1 })) expect([f.width, f.height]).toEqual([128, 96]);
  });

  it('leaves no ffmpeg child alive after an early break', async () => {
    let n = 0;
    for await (const f of streamFrames(david)) {
      expect(liveChildCount()).toBe(1);
      if (++n === 5) break;
      void f;
    }
    expect(liveChildCount()).toBe(0);
  });

  it('stops on abort with an AbortError and no child left', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const run = (async () => {
      for await (const f of streamFrames(david, { signal: controller.signal })) {
        seen.push(f.index!);
        if (seen.length === 10) controller.abort();
      }
    })();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toHaveLength(10);
    expect(liveChildCount()).toBe(0);
  });

  it('is throttled by the consumer: ffmpeg waits and memory stays bounded while nobody reads', async () => {
    const frames = streamFrames(david);
    await frames.next();
    const rssBefore = process.memoryUsage().rss;
    await sleep(2000); // unthrottled, ffmpeg decodes all of David (~145 MB of RGBA) well within this
    expect(liveChildCount()).toBe(1);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(32 * 1024 * 1024);
    let n = 1;
    for await (const f of frames) n = f.index! + 1;
    expect(n).toBe(471);
    expect(liveChildCount()).toBe(0);
  });

  it('delivers rotated clips as displayed', async () => {
    const rotatedInfo = await probeVideo(media.rotated);
    const plainInfo = await probeVideo(media.longGop);
    const [turned] = await collect(streamFrames(rotatedInfo, { start: 7, count: 1 }));
    const [plain] = await collect(streamFrames(plainInfo, { start: 7, count: 1 }));
    expect([turned.width, turned.height]).toEqual([240, 320]);
    const expected = rotateRgba(plain.data as Uint8Array, plain.width, plain.height, rotatedInfo.rotation);
    const wrong = rotateRgba(plain.data as Uint8Array, plain.width, plain.height, (rotatedInfo.rotation + 180) % 360);
    expect(meanAbsDiff(turned.data as Uint8Array, expected.data)).toBeLessThan(3);
    expect(meanAbsDiff(turned.data as Uint8Array, wrong.data)).toBeGreaterThan(20);
  });

  it('gives i420 frames whose RGB is ffmpeg\'s RGBA within a few levels, with the matrix of the colour-space tag', async () => {
    const bt709 = await probeVideo(media.bt709);
    expect([david.colourMatrix, bt709.colourMatrix]).toEqual(['bt601', 'bt709']);
    for (const [info, start] of [[david, 200], [bt709, 4]] as const) {
      const rgba: Frame[] = [];
      const yuv: Frame[] = [];
      for await (const f of streamFrames(info, { start, count: 3 })) rgba.push(f);
      for await (const f of streamFrames(info, { start, count: 3, pixelFormat: 'i420' })) yuv.push(f);
      expect(yuv.map((f) => [f.index, f.format, f.matrix, f.data.length])).toEqual(
        [0, 1, 2].map((i) => [start + i, 'i420', info.colourMatrix, info.width * info.height * 1.5]));
      for (let i = 0; i < 3; i++) {
        const mine = toRgba(yuv[i]);
        expect(meanAbsDiff(mine, rgba[i].data as Uint8Array)).toBeLessThan(1.5);
        let worst = 0;
        for (let p = 0; p < mine.length; p++) worst = Math.max(worst, Math.abs(mine[p] - rgba[i].data[p]));
        expect(worst).toBeLessThanOrEqual(4);
      }
    }
    // Read with the wrong matrix, the BT.709 clip is visibly off: the tag matters.
    const wrong: Frame[] = [];
    for await (const f of streamFrames(await probeVideo(media.bt709), { count: 1, pixelFormat: 'i420', colourMatrix: 'bt601' })) wrong.push(f);
    const right: Frame[] = [];
    for await (const f of streamFrames(await probeVideo(media.bt709), { count: 1 })) right.push(f);
    expect(meanAbsDiff(toRgba(wrong[0]), right[0].data as Uint8Array)).toBeGreaterThan(3);
  });

  it('rejects a start outside the video', async () => {
    await expect(collect(streamFrames(david, { start: 471 }))).rejects.toThrow(/outside/);
  });
});

async function collect(it: AsyncIterable<Frame>): Promise<Frame[]> {
  const out: Frame[] = [];
  for await (const f of it) out.push(f);
  return out;
}
