import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { liveChildCount, openVideo, VideoError } from '../../../main/video/index';
import { HAVE_SHARED, sequenceDir } from '../../helpers/paths';

const DAVID = join(sequenceDir('David'), 'video.mp4');

describe.skipIf(!HAVE_SHARED)('openVideo', () => {
  it('gives info, frames and frameAt that agree with each other', async () => {
    const video = await openVideo(DAVID);
    expect(video.info).toMatchObject({ width: 320, height: 240, frameCount: 471, fps: 30 });
    const run: Uint8Array[] = [];
    for await (const f of video.frames({ start: 300, count: 3 })) run.push(f.data as Uint8Array);
    const single = await video.frameAt(301);
    expect(single).toMatchObject({ index: 301, width: 320, height: 240 });
    expect(single.timeS).toBeCloseTo(301 / 30, 9);
    expect(Buffer.from(single.data).equals(Buffer.from(run[1]))).toBe(true);
    const small = await video.frameAt(0, { width: 80, height: 60 });
    expect(small.data.length).toBe(80 * 60 * 4);
    await video.close();
    expect(liveChildCount()).toBe(0);
  });

  it('close() kills the ffmpeg of a stream the consumer left suspended, and refuses new work', async () => {
    const video = await openVideo(DAVID);
    const frames = video.frames();
    await frames.next();
    expect(liveChildCount()).toBe(1);
    await video.close();
    expect(liveChildCount()).toBe(0);
    await expect(frames.next()).rejects.toMatchObject({ name: 'AbortError' });
    expect(() => video.frames()).toThrow(VideoError);
    await expect(video.frameAt(0)).rejects.toThrow(VideoError);
  });

  it('fails with a VideoError for a file that is not there', async () => {
    await expect(openVideo(join(sequenceDir('David'), 'nope.mp4'))).rejects.toThrow(/video file not found/);
  });
});
