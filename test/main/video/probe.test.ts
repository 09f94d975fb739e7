import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ffmpegTools, type FfmpegTools } from '../../../main/video/ffmpeg-path';
import { interpretProbe, probeVideo } from '../../../main/video/probe';
import type { RawProbe } from '../../../main/video/raw-probe';
import { planStart } from '../../../main/video/seek-plan';
import { HAVE_SHARED, sequenceDir } from '../../helpers/paths';
import { makeTestMedia, type TestMedia } from './media';

const DAVID = join(sequenceDir('David'), 'video.mp4');

/** Independent count: ffprobe decodes every frame (-count_frames). */
function decodedFrameCount(path: string, stream: number): number {
  const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', String(stream), '-count_frames',
    '-show_entries', 'stream=nb_read_frames', '-of', 'json', path], { encoding: 'utf8' });
  return Number((JSON.parse(out) as { streams: Array<{ nb_read_frames: string }> }).streams[0].nb_read_frames);
}

describe.skipIf(!HAVE_SHARED)('probeVideo', () => {
  let tools: FfmpegTools;
  let noProbe: FfmpegTools;
  let media: TestMedia;
  beforeAll(() => {
    tools = ffmpegTools();
    noProbe = { ...tools, ffprobe: null };
    media = makeTestMedia(tools.ffmpeg);
  });

  it('reads David: 320x240, 30 fps, 471 frames, h264, unrotated, PTS per frame', async () => {
    expect(tools.ffprobe).not.toBeNull();
    const info = await probeVideo(DAVID, { tools });
    expect(info).toMatchObject({ width: 320, height: 240, fps: 30, frameCount: 471, rotation: 0, codec: 'h264' });
    expect(info.durationS).toBeCloseTo(15.7, 6);
    expect(info.frameTimesS).toHaveLength(471);
    expect(info.frameTimesS[0]).toBe(0);
    expect(info.frameTimesS[470]).toBeCloseTo(470 / 30, 9);
    expect(info.stream.keyframes[0].frame).toBe(0);
  });

  it('gives the same answer without ffprobe (ffmpeg -i + framecrc packet listing)', async () => {
    for (const path of [DAVID, media.longGop, media.rotated, media.audioFirst, media.longGopTs, media.longGopMkv, media.variableRate, media.bt709]) {
      expect(await probeVideo(path, { tools: noProbe }), path).toEqual(await probeVideo(path, { tools }));
    }
    expect((await probeVideo(media.bt709, { tools: noProbe })).colourMatrix).toBe('bt709');
  });

  it('counts exactly the frames a full decode yields', async () => {
    for (const path of [DAVID, media.longGop, media.audioFirst, media.longGopTs, media.longGopMkv]) {
      const info = await probeVideo(path, { tools });
      expect(info.frameCount, path).toBe(decodedFrameCount(path, info.stream.index));
    }
  });

  it('counts frames and keyframes of a long-GOP B-frame clip exactly', async () => {
    const info = await probeVideo(media.longGop, { tools });
    expect(info).toMatchObject({ width: 320, height: 240, fps: 25, frameCount: 300 });
    expect(info.stream.keyframes.map((k) => k.frame)).toEqual([0, 100, 200]);
    // Sorted PTS, evenly spaced: B-frame reordering must not leak into frame times.
    info.frameTimesS.forEach((t, i) => expect(t).toBeCloseTo(i / 25, 9));
  });

  it('gives each frame its own presentation time under a variable frame rate', async () => {
    const info = await probeVideo(media.variableRate, { tools });
    expect(info.frameCount).toBe(100);
    info.frameTimesS.forEach((t, i) => expect(t, `frame ${i}`).toBeCloseTo(i / 25 + (i >= 50 ? 0.48 : 0), 9));
    expect(info.fps).toBeCloseTo(99 / (99 / 25 + 0.48), 9); // mean rate over the stream
  });

  it('reports the displayed size of a rotated clip', async () => {
    const info = await probeVideo(media.rotated, { tools });
    expect(info.rotation === 90 || info.rotation === 270).toBe(true);
    expect([info.width, info.height]).toEqual([240, 320]);
  });

  it('picks the video stream when audio comes first', async () => {
    const info = await probeVideo(media.audioFirst, { tools });
    expect(info.stream.index).toBe(1);
    expect(info.frameCount).toBe(decodedFrameCount(media.audioFirst, 1));
  });
});

describe('interpretProbe without a PTS on every packet', () => {
  // AVI with packed MPEG-4 B-frames: the demuxer gives PTS on some packets only, and DTS 0..n-1
  // that are decode order, one off from the decoder's frame times (the bug: frameAt(n) gave frame n-1).
  const raw: RawProbe = {
    streamIndex: 0, codec: 'mpeg4', codedWidth: 320, codedHeight: 240, rotation: 0, containerStartS: 0,
    formatName: 'avi', timeBase: [1, 25], declaredFps: 25, colourSpace: null,
    packets: Array.from({ length: 10 }, (_, i) => ({ dts: i, pts: i % 3 === 0 ? null : i, key: i === 0 })),
  };

  it('does not take DTS for presentation times: seeks select by frame number, times are uniform', () => {
    const info = interpretProbe('clip.avi', raw);
    expect(info.frameCount).toBe(10);
    expect(info.fps).toBe(25);
    expect(info.stream.ptsS).toEqual([]);
    expect(info.stream.keyframes).toEqual([]);
    info.frameTimesS.forEach((t, i) => expect(t).toBeCloseTo(i / 25, 12));
    expect(planStart(info, 4)).toEqual({ inputArgs: [], filters: ["select='gte(n,4)'"] });
  });
});
