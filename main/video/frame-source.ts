/**
 * Start ffmpeg with its stdout delivered as whole frames (FrameQueue), by the cheapest route:
 *
 * - Linux ('tcp', the default): stdout is one end of a private loopback TCP connection; our end
 *   reads with net's `onread` straight into the frame's own buffer (no per-chunk allocation, no
 *   copy in JavaScript). The kernel grows a TCP connection's buffers to megabytes, so ffmpeg keeps
 *   decoding a few frames ahead while the JavaScript thread is busy tracking (onnxruntime-node runs
 *   on that thread) instead of blocking after ~200 KiB, as it does on a Unix socket: decode + track
 *   end to end ran 4-7 % faster (bench/README.md, session 13). Decoding alone is the same on both.
 * - 'socket': the same over a private Unix socket (the fallback when loopback TCP is unavailable).
 *   Either halves the main process's CPU per decoded byte against a pipe (bench/decode.ts), which
 *   on a 2-core machine is decode throughput.
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
import { FramePool, FrameQueue } from './frame-queue';
import { spawnTracked } from './process';

export interface FrameProcess {
  child: ChildProcess;
  frames: FrameQueue;
  /** Bytes of an incomplete last frame (0 when the output ended on a frame boundary). */
  leftoverBytes(): number;
  /** Release our end of the output channel (the child is stopped separately). */
  close(): void;
  /**
   * Hand back a frame the consumer is done with: a later frame is read into its buffer instead of
   * a new one. Each new ~1.4 MB buffer of a 720p frame is memory outside V8's heap that only a
   * garbage collection frees, and enough of them force collections (32 ms of a 425 ms tracking
   * run here, by --trace-gc). A buffer transferred away (detached) is ignored.
   */
  recycle(frame: Uint8Array): void;
}

export type FrameTransport = 'tcp' | 'socket' | 'pipe';

export const DEFAULT_TRANSPORT: FrameTransport = process.platform === 'linux' ? 'tcp' : 'pipe';

export async function spawnFrameProcess(command: string, args: string[], frameBytes: number, transport = DEFAULT_TRANSPORT): Promise<FrameProcess> {
  if (transport === 'pipe') return viaPipe(command, args, frameBytes);
  if (transport === 'tcp') {
    // A sandbox without loopback networking: the Unix socket does the same job, with smaller buffers.
    try {
      return await viaSocket(command, args, frameBytes, 'tcp');
    } catch {
      return viaSocket(command, args, frameBytes, 'unix');
    }
  }
  return viaSocket(command, args, frameBytes, 'unix');
}

async function viaSocket(command: string, args: string[], frameBytes: number, kind: 'tcp' | 'unix'): Promise<FrameProcess> {
  let frame: Uint8Array | null = null;
  let filled = 0;
  const pool = new FramePool(frameBytes);
  const onread: net.OnReadOpts = {
    buffer: () => {
      frame ??= pool.take();
      return frame.subarray(filled);
    },
    callback: (bytes: number) => {
      filled += bytes;
      if (filled < frameBytes) return true;
      const full = frame!;
      frame = null;
      filled = 0;
      if (frames.push(full)) return true;
      reader.pause();
      return false;
    },
  };
  const { ours: reader, theirs } = await connectedPair(kind, onread);
  const frames = new FrameQueue(() => reader.resume());
  reader.on('end', () => frames.finish());
  reader.on('close', () => frames.finish());
  reader.on('error', () => frames.finish()); // the child's exit status says what went wrong
  const child = spawnTracked(command, args, { stdio: ['ignore', theirs, 'pipe'] });
  theirs.destroy(); // the child holds its own copy; ours must close for EOF to reach the reader
  return { child, frames, leftoverBytes: () => filled, close: () => reader.destroy(), recycle: (f) => pool.give(f) };
}

/**
 * Two connected sockets through a listener that lives only until the connection is made:
 * `theirs` (the accepted end) becomes ffmpeg's stdout, `ours` reads with `onread`. The Unix socket
 * sits in a private directory (0700); on 127.0.0.1 any local process could connect to the port
 * too, so only the connection whose far end is `ours` is kept and any other is closed.
 */
export async function connectedPair(
  kind: 'tcp' | 'unix', onread: net.OnReadOpts, onListening?: (server: net.Server) => Promise<void>,
): Promise<{ ours: net.Socket; theirs: net.Socket }> {
  const dir = kind === 'unix' ? await mkdtemp(join(tmpdir(), 'video-')) : null;
  const server = net.createServer();
  const accepted: net.Socket[] = [];
  server.on('connection', (s) => accepted.push(s));
  let ours: net.Socket | undefined;
  let theirs: net.Socket | undefined;
  try {
    if (dir) server.listen(join(dir, 'frames.sock'));
    else server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    await onListening?.(server); // tests: a local process connecting first
    const address = dir ? { path: join(dir, 'frames.sock') } : { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port };
    ours = net.connect({ ...address, onread });
    await once(ours, 'connect'); // rejects on the socket's 'error'
    const mine = (s: net.Socket) => dir !== null || (s.remotePort === ours!.localPort && s.remoteAddress === ours!.localAddress);
    while (!(theirs = accepted.find(mine))) await once(server, 'connection');
    return { ours, theirs };
  } catch (err) {
    ours?.destroy();
    throw err;
  } finally {
    for (const s of accepted) if (s !== theirs) s.destroy();
    server.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

async function viaPipe(command: string, args: string[], frameBytes: number): Promise<FrameProcess> {
  const child = spawnTracked(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const out = child.stdout as Readable;
  const frames = new FrameQueue(() => out.resume());
  const pool = new FramePool(frameBytes);
  let frame = pool.take();
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
      frame = pool.take();
      filled = 0;
    }
  });
  out.on('end', () => frames.finish());
  out.on('close', () => frames.finish());
  out.on('error', () => frames.finish());
  return { child, frames, leftoverBytes: () => filled, close: () => out.destroy(), recycle: (f) => pool.give(f) };
}
