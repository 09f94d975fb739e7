import { describe, expect, it } from 'vitest';
import { plainDecodeArgs, plainDecodeSeconds } from '../../bench/decode-fps';
import { ffmpegTools } from '../../main/video/ffmpeg-path';
import { HAVE_SHARED, sequenceDir } from '../helpers/paths';

describe('plain ffmpeg decode baseline', () => {
  it('is exactly `ffmpeg -i FILE -f rawvideo -pix_fmt yuv420p -` (quiet): the layout tracking decodes to', () => {
    expect(plainDecodeArgs('v.mp4').slice(4)).toEqual(['-i', 'v.mp4', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-']);
  });

  it.runIf(HAVE_SHARED)('decodes a real file and fails on a missing one', async () => {
    const { ffmpeg } = ffmpegTools();
    const s = await plainDecodeSeconds(ffmpeg, `${sequenceDir('Crossing')}/video.mp4`);
    expect(s).toBeGreaterThan(0);
    expect(s).toBeLessThan(60);
    await expect(plainDecodeSeconds(ffmpeg, '/nonexistent/video.mp4')).rejects.toThrow(/ffmpeg exited 1 on \/nonexistent/);
  });
});
