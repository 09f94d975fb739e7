/**
 * Frame-accurate reads: frame N (or a short run from N) without decoding from the start of the file.
 * streamFrames with start > 0 seeks to the nearest preceding keyframe (seek-plan.ts), so frame N
 * read here is byte-identical to frame N of a full sequential decode (test/main/video/seek.test.ts).
 */
import type { Frame } from '../../common/frame';
import { streamFrames, type FrameStreamOptions } from './frames';
import { VideoError, type VideoInfo } from './types';

/** Frames start .. start+count-1 (fewer at the end of the video), decoded from the nearest keyframe. */
export async function readFrames(info: VideoInfo, start: number, count: number, opts: Omit<FrameStreamOptions, 'start' | 'count'> = {}): Promise<Frame[]> {
  const frames: Frame[] = [];
  for await (const f of streamFrames(info, { ...opts, start, count })) frames.push(f);
  return frames;
}

/** Exactly frame `index`, as the user sees it (rotated, optionally scaled). */
export async function readFrame(info: VideoInfo, index: number, opts: Omit<FrameStreamOptions, 'start' | 'count'> = {}): Promise<Frame> {
  const [frame] = await readFrames(info, index, 1, opts);
  if (!frame) throw new VideoError(`frame ${index} of ${info.path} could not be decoded`);
  return frame;
}
