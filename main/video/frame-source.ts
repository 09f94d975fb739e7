/**
 * Start ffmpeg with its stdout delivered as whole frames (FrameQueue), by the cheapest route:
 *
 * - Linux: stdout is one end of a private Unix socket; our end reads with net's `onread` straight
 *   into the frame's own buffer (no per-chunk allocation, no copy in JavaScript) and in larger
 *   reads than a 64 KiB pipe allows. This halves the main process's CPU per decoded byte
 *   (bench/decode.ts), which on a 2-core machine is decode throughput.
 * - Elsewhere (untested here: macOS sockets have small buffers, Windows named pipes are
 *   overlapped): an ordinary pipe, its chunks copied once into the frame buffer.
 */
import { type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { allocFrame, FrameQueue } from './frame-queue';
import { spawnTracked } from './process';

export interface FrameProcess {
  child: ChildProcess;
  frames: FrameQueue;
  /** Bytes of an incomplete last frame (0 when the output ended on a frame boundary). */
  leftoverBytes(): number;
  /** Release our end of the output channel (the child is stopped separately). */
  close(): void;
}

export type FrameTransport = 'socket' | 'pipe';

export const DEFAULT_TRANSPORT: FrameTransport = process.platform === 'linux' ? 'socket' : 'pipe';

export async function spawnFrameProcess(command: string, args: string[], frameBytes: number, transport = DEFAULT_TRANSPORT): Promise<FrameProcess> {
  return transport === 'socket' ? viaSocket(command, args, frameBytes) : viaPipe(command, args, frameBytes);
}

async function viaSocket(command: string, args: string[], frameBytes: number): Promise<FrameProcess> {
  let frame: Uint8Array | null = null;
  let filled = 0;
  const nextBuffer = () => {
    frame ??= allocFrame(frameBytes);
    return frame.subarray(filled);
  };
  // A private directory (0700) so no other user can connect to the socket before we do.
  const dir = await mkdtemp(join(tmpdir(), 'video-'));
  const server = net.createServer();
  let ours: net.Socket | undefined;
  let theirs: net.Socket;
  try {
    server.listen(join(dir, 'frames.sock'));
    await once(server, 'listening');
    const accepted = once(server, 'connection') as Promise<[net.Socket]>;
    ours = net.connect({
      path: join(dir, 'frames.sock'),
      onread: {
        buffer: nextBuffer,
        callback: (bytes: number) => {
          filled += bytes;
          if (filled < frameBytes) return true;
          const full = frame!;
          frame = null;
          filled = 0;
          if (frames.push(full)) return true;
          ours!.pause();
          return false;
        },
      },
    });
    const failed = once(ours, 'error').then(([err]) => Promise.reject(err as Error));
    [theirs] = await Promise.race([accepted, failed]);
  } catch (err) {
    ours?.destroy();
    throw err;
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
  const reader = ours;
  const frames = new FrameQueue(() => reader.resume());
  reader.on('end', () => frames.finish());
  reader.on('close', () => frames.finish());
  reader.on('error', () => frames.finish()); // the child's exit status says what went wrong
  const child = spawnTracked(command, args, { stdio: ['ignore', theirs, 'pipe'] });
  theirs.destroy(); // the child holds its own copy; ours must close for EOF to reach the reader
  return { child, frames, leftoverBytes: () => filled, close: () => reader.destroy() };
}

async function viaPipe(command: string, args: string[], frameBytes: number): Promise<FrameProcess> {
  const child = spawnTracked(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const out = child.stdout as Readable;
  const frames = new FrameQueue(() => out.resume());
  let frame = allocFrame(frameBytes);
  let filled = 0;
  out.on('data', (chunk: Buffer) => {
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(frameBytes - filled, chunk.length - offset);
      frame.set(chunk.subarray(offset, offset + n), filled);
      filled += n;
      offset += n;
      if (filled < frameBytes) continue;
      if (!frames.push(frame)) out.pause();
      frame = allocFrame(frameBytes);
      filled = 0;
    }
  });
  out.on('end', () => frames.finish());
  out.on('close', () => frames.finish());
  out.on('error', () => frames.finish());
  return { child, frames, leftoverBytes: () => filled, close: () => out.destroy() };
}
