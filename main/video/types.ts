import type { YuvMatrix } from '../../common/frame';

/** What the video service knows about a file after probing it (see probe.ts). */
export interface VideoInfo {
  path: string;
  /** Frame size as DISPLAYED, i.e. after the container's rotation is applied. */
  width: number;
  height: number;
  /** Mean frame rate over the stream: (frameCount - 1) / (last PTS - first PTS). */
  fps: number;
  /** Exact number of decodable frames (counted from the packet index, not the header). */
  frameCount: number;
  /** frameCount / fps. */
  durationS: number;
  /** Clockwise rotation in degrees (0, 90, 180, 270) the player applies; width/height already include it. */
  rotation: number;
  /** ffmpeg codec name, e.g. "h264". */
  codec: string;
  /** The matrix that turns this video's i420 frames into the RGB ffmpeg would give (raw-probe.ts yuvMatrixOf). */
  colourMatrix: YuvMatrix;
  /** Presentation time of every frame in seconds, ascending, frameTimesS[0] = 0. Right under variable frame rate. */
  frameTimesS: number[];
  /** How to address this stream inside ffmpeg; private to main/video. */
  stream: StreamIndex;
}

/** Stream addressing and the seek index. Only main/video reads this. */
export interface StreamIndex {
  /** Absolute ffmpeg stream index (for `-map 0:<index>`). */
  index: number;
  /** Container start time in seconds; ffmpeg adds it to an input `-ss`. */
  containerStartS: number;
  /** Absolute PTS of each frame in seconds (frameTimesS + first PTS); empty when the file has no usable timestamps. */
  ptsS: number[];
  /**
   * ffmpeg input options for opening this file, before `-i` (a seek proxy, whose format we wrote,
   * skips stream probing: that took 50 of the 90 ms a one-frame read cost). Usually absent.
   */
  openArgs?: string[];
  /** Decode entry points in frame order: the keyframe's frame index and the `-ss` value that lands on it. */
  keyframes: Array<{ frame: number; seekS: number }>;
}

/** A failure the user can act on: its message is one line, shown without a stack trace. */
export class VideoError extends Error {
  constructor(message: string) {
    super(message.replace(/\s*\n\s*/g, '; '));
    this.name = 'VideoError';
  }
}
