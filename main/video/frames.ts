import { spawn } from 'node:child_process';
import type { Frame } from '../../common/frame';
import { VideoError } from './types';

export interface FrameStreamOptions {
  ffmpegPath?: string;
  width: number;
  height: number;
  fps: number;
  /** First frame index to emit. */
  start?: number;
  /** Number of frames to emit at most. */
  count?: number;
  signal?: AbortSignal;
}

/**
 * Decode RGBA frames through an ffmpeg pipe. Minimal first version: sequential decode,
 * back-pressure through the async iterator (the pipe pauses while the consumer works).
 */
export async function* streamFrames(path: string, opts: FrameStreamOptions): AsyncGenerator<Frame> {
  const ffmpeg = opts.ffmpegPath ?? 'ffmpeg';
  const frameBytes = opts.width * opts.height * 4;
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', path, '-map', '0:v:0', '-an', '-sn',
    '-vsync', 'passthrough', '-pix_fmt', 'rgba', '-f', 'rawvideo', 'pipe:1'];
  const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { if (stderr.length < 4000) stderr += d.toString(); });
  const start = opts.start ?? 0;
  const end = opts.count === undefined ? Infinity : start + opts.count;
  let index = 0;
  let pending = Buffer.alloc(0);
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= frameBytes) {
        const data = new Uint8Array(frameBytes);
        data.set(pending.subarray(0, frameBytes));
        pending = pending.subarray(frameBytes);
        if (index >= start) yield { width: opts.width, height: opts.height, data, index, timeS: index / opts.fps };
        index++;
        if (index >= end) return;
      }
    }
    const code: number = child.exitCode ?? await new Promise((r) => child.once('close', (c) => r(c ?? 0)));
    if (code !== 0 && index === 0) throw new VideoError(`ffmpeg could not decode ${path}: ${stderr.trim().split('\n')[0]}`);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
