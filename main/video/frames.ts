/**
 * streamFrames(info, opts): RGBA or i420 frames (common/frame.ts) from an ffmpeg pipe, in display
 * orientation (ffmpeg's autorotate), optionally scaled, from frame `start` for `count` frames.
 *
 * - Back-pressure: reading stops once one frame waits for the consumer (frame-queue.ts), so ffmpeg
 *   blocks on its full output and memory stays at about two frames plus the kernel's buffers,
 *   whatever the file's length.
 * - Each frame gets its own Uint8Array (transferable to a worker), filled by ffmpeg's output with
 *   no intermediate concatenation (frame-source.ts: on Linux the socket reads straight into it).
 *   With `reuseBuffers`, a frame's buffer is refilled once the next frame is asked for.
 * - No child outlives its request: early `break`/`return`, abort and errors all kill ffmpeg and wait
 *   for it to exit before the generator finishes (see process.ts liveChildCount()).
 */
import type { ChildProcess } from 'node:child_process';
import { frameByteLength, type Frame, type PixelFormat, type YuvMatrix } from '../../common/frame';
import { ffmpegTools } from './ffmpeg-path';
import { spawnFrameProcess } from './frame-source';
import { stopChild, waitForExit } from './process';
import { stderrReason } from './raw-probe';
import { probeVideo } from './probe';
import { planStart } from './seek-plan';
import { VideoError, type VideoInfo } from './types';

export interface FrameStreamOptions {
  /** ffmpeg binary; default: ffmpegTools().ffmpeg. */
  ffmpeg?: string;
  /** First frame index to emit (default 0). */
  start?: number;
  /** Frames to emit at most (default: to the end). */
  count?: number;
  /** Output size; give one and the other keeps the aspect ratio. Default: the displayed size. */
  width?: number;
  height?: number;
  /**
   * 'rgba' (default) or 'i420': ffmpeg's yuv420p, limited range, 2.7x fewer bytes and cheaper to
   * decode; its frames carry the matrix that makes the RGB ffmpeg would have given.
   */
  pixelFormat?: PixelFormat;
  /** The matrix i420 frames are tagged with; default: the source's (a seek proxy passes its original's). */
  colourMatrix?: YuvMatrix;
  /** swscale algorithm when scaling (default "bilinear": fast, fine for trackers). */
  scaleFlags?: string;
  signal?: AbortSignal;
  /**
   * Reuse a frame's buffer for a later frame once the next one is asked for (default false): for a
   * consumer that keeps no frame, such as a tracking loop. It saves the garbage collections that a
   * new buffer per frame forces (frame-source.ts, FrameProcess.recycle). A frame whose buffer was
   * transferred away is simply not reused.
   */
  reuseBuffers?: boolean;
  /** Told about the ffmpeg child as soon as it starts (openVideo uses it to wait for exits on close). */
  onSpawn?: (child: ChildProcess) => void;
}

const STDERR_KEEP = 8192;

/** ffmpeg's `-pix_fmt` for each frame layout. */
export const FFMPEG_PIX_FMT: Record<PixelFormat, string> = { rgba: 'rgba', i420: 'yuv420p' };

/** `source` is a probed VideoInfo, or a path (probed first: prefer openVideo() to probe once). */
export async function* streamFrames(source: VideoInfo | string, opts: FrameStreamOptions = {}): AsyncGenerator<Frame> {
  const info = typeof source === 'string' ? await probeVideo(source) : source;
  const start = opts.start ?? 0;
  if (!Number.isInteger(start) || start < 0 || start >= info.frameCount) {
    throw new VideoError(`frame ${start} is outside ${info.path} (frames 0..${info.frameCount - 1})`);
  }
  const available = info.frameCount - start;
  const count = Math.min(opts.count ?? available, available);
  if (count <= 0) return;
  const { width, height } = outputSize(info, opts);
  const format = opts.pixelFormat ?? 'rgba';
  const matrix = opts.colourMatrix ?? info.colourMatrix;
  const frameBytes = frameByteLength(format, width, height);
  opts.signal?.throwIfAborted();

  const plan = planStart(info, start);
  const filters = [...plan.filters];
  if (width !== info.width || height !== info.height) filters.push(`scale=${width}:${height}:flags=${opts.scaleFlags ?? 'bilinear'}`);
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', ...(info.stream.openArgs ?? []), ...plan.inputArgs, '-copyts', '-i', info.path,
    '-map', `0:${info.stream.index}`, '-an', '-sn', '-dn', ...(filters.length ? ['-vf', filters.join(',')] : []),
    '-frames:v', String(count), '-vsync', 'passthrough', '-pix_fmt', FFMPEG_PIX_FMT[format], '-f', 'rawvideo', 'pipe:1'];
  const { child, frames, leftoverBytes, close, recycle } = await spawnFrameProcess(opts.ffmpeg ?? ffmpegTools().ffmpeg, args, frameBytes);
  opts.onSpawn?.(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-STDERR_KEEP); });
  let spawnError: Error | undefined;
  child.once('error', (e) => { spawnError = e; });
  const kill = () => child.kill('SIGKILL');
  opts.signal?.addEventListener('abort', kill, { once: true });
  if (opts.signal?.aborted) kill(); // aborted while the channel was being set up

  let emitted = 0;
  try {
    for (let data = await frames.next(); data; data = await frames.next()) {
      const index = start + emitted;
      emitted++;
      yield format === 'i420'
        ? { width, height, data, format, matrix, index, timeS: info.frameTimesS[index] }
        : { width, height, data, index, timeS: info.frameTimesS[index] };
      if (opts.reuseBuffers) recycle(data);
      opts.signal?.throwIfAborted(); // frames already read are not delivered after an abort
    }
    const code = await waitForExit(child);
    opts.signal?.throwIfAborted();
    if (spawnError) throw new VideoError(`cannot run ffmpeg (${spawnError.message})`);
    if (child.signalCode) {
      // Killed from outside (OOM killer, a user's kill): say so, and where a resumed read can start.
      const done = emitted ? `frames ${start}..${start + emitted - 1} were delivered` : 'no frame was delivered';
      throw new VideoError(`ffmpeg was killed (${child.signalCode}) while decoding ${info.path}; ${done}`);
    }
    if (code !== 0) throw new VideoError(`ffmpeg failed decoding ${info.path}: ${stderrReason(stderr, info.path)}`);
    if (leftoverBytes() !== 0) throw new VideoError(`ffmpeg output of ${info.path} ended inside a frame`);
    if (emitted < count) {
      // The index promised frames the data does not hold (a download cut short, damaged bytes).
      throw new VideoError(`${info.path} is damaged or cut short: only ${emitted} of the ${count} frames from frame ${start} could be decoded`);
    }
  } finally {
    opts.signal?.removeEventListener('abort', kill);
    close();
    await stopChild(child);
  }
}

function outputSize(info: VideoInfo, opts: FrameStreamOptions): { width: number; height: number } {
  const check = (v: number | undefined, name: string) => {
    if (v !== undefined && (!Number.isInteger(v) || v < 2 || v > 16384)) throw new VideoError(`output ${name} ${v} is not a size in pixels`);
  };
  check(opts.width, 'width');
  check(opts.height, 'height');
  if (opts.scaleFlags !== undefined && !/^[a-z_]+(\+[a-z_]+)*$/.test(opts.scaleFlags)) {
    throw new VideoError(`scale flags "${opts.scaleFlags}" are not swscale flag names`);
  }
  const width = opts.width ?? (opts.height ? Math.round((opts.height * info.width) / info.height) : info.width);
  const height = opts.height ?? (opts.width ? Math.round((opts.width * info.height) / info.width) : info.height);
  return { width, height };
}
