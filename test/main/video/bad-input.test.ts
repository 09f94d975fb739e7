import { beforeAll, describe, expect, it } from 'vitest';
import { ffmpegTools, type FfmpegTools } from '../../../main/video/ffmpeg-path';
import { probeVideo } from '../../../main/video/probe';
import { liveChildCount } from '../../../main/video/process';
import { VideoError } from '../../../main/video/types';
import { makeBadMedia, type BadMedia } from './media';

const BOUND_MS = 10_000;

describe('bad inputs fail fast with a one-line VideoError', () => {
  let tools: FfmpegTools;
  let bad: BadMedia;
  beforeAll(() => {
    tools = ffmpegTools();
    bad = makeBadMedia(tools.ffmpeg);
  });

  const cases: Array<[keyof BadMedia, RegExp]> = [
    ['missing', /not found/],
    ['empty', /empty/],
    ['randomBytes', /not a readable video|no video stream/],
    ['textAsMp4', /not a readable video/],
    ['truncatedMp4', /moov atom not found/],
    ['audioOnly', /no video stream.*audio/],
  ];

  for (const backend of ['ffprobe', 'ffmpeg only'] as const) {
    for (const [name, reason] of cases) {
      it(`${name} (${backend})`, async () => {
        const t0 = Date.now();
        const err = await probeVideo(bad[name], { tools: backend === 'ffprobe' ? tools : { ...tools, ffprobe: null } }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(Date.now() - t0).toBeLessThan(BOUND_MS);
        expect(err).toBeInstanceOf(VideoError);
        const message = (err as VideoError).message;
        expect(message).toMatch(reason);
        expect(message).not.toContain('\n');
        expect(message.length).toBeLessThan(400);
        expect(liveChildCount()).toBe(0);
      });
    }
  }
});
