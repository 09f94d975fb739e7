/**
 * The video service, for the CLI, the evaluation and the app's main process (plain Node, no Electron).
 *
 *   const video = await openVideo(path);            // probes once; VideoError (one line) if unusable
 *   video.info                                      // VideoInfo: displayed width/height, fps, frameCount,
 *                                                   //   durationS, rotation, codec, frameTimesS[]
 *   for await (const f of video.frames({ start, count, width, height, signal })) { ... }
 *                                                   // Frame: RGBA (or pixelFormat 'i420'), index,
 *                                                   //   timeS; back-pressured;
 *                                                   //   `break` kills ffmpeg before the loop exits
 *   const f = await video.frameAt(n, { width, height });   // exact frame n via keyframe seek
 *   await video.seekProxy                           // with opts.seekProxyDir: true once seeks decode
 *                                                   //   from a lossless all-intra copy (seek-proxy.ts)
 *   await video.close();                            // aborts this source's streams, waits for ffmpeg
 *
 * Frames are in the orientation the user sees (rotation applied) and, unless width/height say
 * otherwise, at info.width x info.height. Each frame owns its buffer (safe to transfer to a worker).
 */
import type { ChildProcess } from 'node:child_process';
import type { Frame } from '../../common/frame';
import { ffmpegTools, type FfmpegTools } from './ffmpeg-path';
import { streamFrames, type FrameStreamOptions } from './frames';
import { probeVideo } from './probe';
import { probeVideoCached } from './probe-cache';
import { waitForExit } from './process';
import { decodeRunTo, PROXY_GOP, prepareSeekProxy } from './seek-proxy';
import { VideoError, type VideoInfo } from './types';

export type FramesOptions = Omit<FrameStreamOptions, 'ffmpeg' | 'onSpawn'>;
export type FrameAtOptions = Omit<FramesOptions, 'start' | 'count'>;

export interface VideoSource {
  readonly info: VideoInfo;
  frames(opts?: FramesOptions): AsyncGenerator<Frame>;
  frameAt(index: number, opts?: FrameAtOptions): Promise<Frame>;
  /**
   * Resolves true once seeks go through a seek proxy, false when there will be none (not asked
   * for, not needed, over budget or unproven). Never rejects.
   */
  readonly seekProxy: Promise<boolean>;
  /** Whether reads go through the seek proxy now (false before it is ready and after it was dropped). */
  usingSeekProxy(): boolean;
  /**
   * Kill every ffmpeg of this source and wait until they have exited. Its streams then throw an
   * AbortError on their next step; frames()/frameAt() afterwards throw a VideoError.
   */
  close(): Promise<void>;
}

export interface OpenVideoOptions {
  /** Tools to use; default: located per ffmpeg-path.ts. */
  tools?: FfmpegTools;
  /** Deadline for each probe command; default 60 s. */
  probeTimeoutMs?: number;
  /**
   * Cache folder for seek proxies (seek-proxy.ts). Given, a long-GOP video gets one built in the
   * background, and reads that start inside a GOP come from it. Default: none.
   */
  seekProxyDir?: string;
  /** Folder of saved probes (probe-cache.ts): a file probed before opens without ffprobe. Default: none. */
  probeCacheDir?: string;
}

export async function openVideo(path: string, opts: OpenVideoOptions = {}): Promise<VideoSource> {
  const tools = opts.tools ?? ffmpegTools();
  const probeOpts = { tools, timeoutMs: opts.probeTimeoutMs };
  const info = opts.probeCacheDir
    ? await probeVideoCached(path, { ...probeOpts, dir: opts.probeCacheDir })
    : await probeVideo(path, probeOpts);
  const closing = new AbortController();
  const children = new Set<ChildProcess>();
  const onSpawn = (child: ChildProcess) => {
    children.add(child);
    child.once('exit', () => children.delete(child));
  };
  const assertOpen = () => {
    if (closing.signal.aborted) throw new VideoError(`${path} is closed`);
  };
  /** The caller's signal joined with this source's close signal. */
  const streamOptions = <T extends { signal?: AbortSignal }>(o: T) => {
    assertOpen();
    const signal = o.signal ? AbortSignal.any([o.signal, closing.signal]) : closing.signal;
    return { ...o, signal, ffmpeg: tools.ffmpeg, onSpawn };
  };

  let proxy: VideoInfo | null = null;
  const seekProxy = opts.seekProxyDir
    ? prepareSeekProxy(info, { dir: opts.seekProxyDir, tools, signal: closing.signal, onSpawn })
      .then((p) => { proxy = p; return p !== null; }, () => false) // any failure: seeks stay on the original
    : Promise.resolve(false);
  /** The proxy where it saves decoding (a start inside a GOP), else the original. */
  const sourceFor = (start: number) => (proxy && decodeRunTo(info, start) > PROXY_GOP ? proxy : info);
  /**
   * Frames from sourceFor(start). A proxy that fails before its first frame (deleted by a cache
   * clean-up, damaged) is dropped for good and the original serves, so a cache can never break reads.
   */
  async function* framesFrom(frameOpts: FramesOptions): AsyncGenerator<Frame> {
    const source = sourceFor(frameOpts.start ?? 0);
    if (source === info) return yield* streamFrames(info, streamOptions(frameOpts));
    // The proxy's frames are the original's: so is their matrix, whatever the proxy's tags say.
    const stream = streamFrames(source, streamOptions({ colourMatrix: info.colourMatrix, ...frameOpts }));
    let first: IteratorResult<Frame>;
    try {
      first = await stream.next();
    } catch (err) {
      if (!(err instanceof VideoError)) throw err;
      proxy = null;
      return yield* streamFrames(info, streamOptions(frameOpts));
    }
    try {
      if (first.done) return;
      yield first.value;
      yield* stream;
    } finally {
      await stream.return(undefined); // the consumer stopped early: end ffmpeg now
    }
  }

  return {
    info,
    frames: (frameOpts: FramesOptions = {}) => {
      assertOpen(); // at the call, as before the first frame is asked for
      return framesFrom(frameOpts);
    },
    frameAt: async (index: number, atOpts: FrameAtOptions = {}) => {
      for await (const frame of framesFrom({ ...atOpts, start: index, count: 1 })) return frame;
      throw new VideoError(`frame ${index} of ${path} could not be decoded`);
    },
    seekProxy,
    usingSeekProxy: () => proxy !== null,
    async close() {
      closing.abort();
      await seekProxy; // a build in progress is killed and its partial file removed
      await Promise.all([...children].map(waitForExit));
    },
  };
}

export { VideoError, type VideoInfo } from './types';
export type { FfmpegTools } from './ffmpeg-path';
export { ffmpegTools } from './ffmpeg-path';
export { liveChildCount } from './process';
export { probeVideo } from './probe';
export { defaultSampleDir, ensureSampleClip, SAMPLE, type SampleClip, type SampleOptions } from './sample';
