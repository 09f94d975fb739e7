import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { installerFfmpeg } from '../../../main/video/ffmpeg-path';
import { streamFrames } from '../../../main/video/frames';
import { probeVideo } from '../../../main/video/probe';
import { liveChildCount } from '../../../main/video/process';
import { planStart } from '../../../main/video/seek-plan';
import type { Frame } from '../../../common/frame';
import type { VideoInfo } from '../../../main/video/types';
import { HAVE_SHARED, sequenceDir } from '../../helpers/paths';
import { makeTestMedia } from './media';

const hash = (data: Uint8Array | Uint8ClampedArray) => createHash('sha1').update(data).digest('hex');

/** Frames start .. start+count-1 read by seeking (streamFrames with a start decodes from the keyframe before it). */
async function readFrames(info: VideoInfo, start: number, count: number, opts: { ffmpeg: string }): Promise<Frame[]> {
  const frames: Frame[] = [];
  for await (const f of streamFrames(info, { ...opts, start, count })) frames.push(f);
  return frames;
}

async function sequentialHashes(info: VideoInfo, ffmpeg: string): Promise<string[]> {
  const out: string[] = [];
  for await (const f of streamFrames(info, { ffmpeg })) out.push(hash(f.data));
  return out;
}

// Both the shipped 2018 build and Debian's 5.1 must seek exactly.
const BINARIES = { installer: installerFfmpeg()!, system: '/usr/bin/ffmpeg' };

describe.skipIf(!HAVE_SHARED)('frame-accurate seek', () => {
  const clips: Record<string, { info: VideoInfo; probe: number[] }> = {};
  beforeAll(async () => {
    const media = makeTestMedia(BINARIES.installer);
    clips.David = { info: await probeVideo(join(sequenceDir('David'), 'video.mp4')), probe: [0, 1, 100, 235, 249, 250, 251, 469, 470] };
    // 3 keyframes (0, 100, 200), 3 B-frames: frames just before and after each keyframe are the traps.
    const traps = [0, 1, 50, 98, 99, 100, 101, 150, 199, 200, 201, 203, 298, 299];
    clips.longGop = { info: await probeVideo(media.longGop), probe: traps };
    // Same stream in containers that seek differently: Matroska cues (PTS), MPEG-TS (bisection, no index).
    clips.longGopMkv = { info: await probeVideo(media.longGopMkv), probe: traps };
    clips.longGopTs = { info: await probeVideo(media.longGopTs), probe: traps };
    clips.variableRate = { info: await probeVideo(media.variableRate), probe: [0, 29, 30, 31, 49, 50, 51, 60, 61, 99] };
  });

  for (const [binName, ffmpeg] of Object.entries(BINARIES)) {
    for (const clip of binName === 'installer' ? ['David', 'longGop', 'longGopMkv', 'longGopTs', 'variableRate'] : ['David', 'longGop']) {
      it(`${clip}: frame N by seek == frame N of a sequential decode (${binName} ffmpeg)`, async () => {
        const { info, probe } = clips[clip];
        const reference = await sequentialHashes(info, ffmpeg);
        expect(reference).toHaveLength(info.frameCount);
        for (const n of probe) {
          const [frame] = await readFrames(info, n, 1, { ffmpeg });
          expect(frame.index).toBe(n);
          expect(frame.timeS).toBe(info.frameTimesS[n]);
          expect(hash(frame.data), `frame ${n}`).toBe(reference[n]);
        }
        // A short run from N, across a keyframe boundary where there is one.
        const start = clip === 'David' ? 247 : clip === 'variableRate' ? 47 : 197; // across keyframe 250 / 200 / the time gap
        const run = await readFrames(info, start, 6, { ffmpeg });
        expect(run.map((f) => f.index)).toEqual([0, 1, 2, 3, 4, 5].map((i) => start + i));
        expect(run.map((f) => hash(f.data))).toEqual(reference.slice(start, start + 6));
        // Runs past the end are cut at the last frame.
        expect((await readFrames(info, info.frameCount - 2, 10, { ffmpeg })).map((f) => f.index)).toEqual([info.frameCount - 2, info.frameCount - 1]);
        expect(liveChildCount()).toBe(0);
      });
    }
  }

  it('seeks to the nearest preceding keyframe instead of decoding from the start', () => {
    const { info } = clips.longGop;
    expect(planStart(info, 150).inputArgs).toContain('-ss');
    const ss = Number(planStart(info, 150).inputArgs.at(-1));
    expect(ss).toBeGreaterThan(100 / 25); // past keyframe 100's time: ffmpeg lands on 100, not on 0
    expect(ss).toBeLessThan(200 / 25);
    expect(planStart(info, 50).inputArgs).toEqual([]); // first GOP: no seek needed
  });
});
