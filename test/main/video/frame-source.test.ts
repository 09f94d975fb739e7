import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ffmpegTools } from '../../../main/video/ffmpeg-path';
import { connectedPair, DEFAULT_TRANSPORT, spawnFrameProcess, type FrameTransport } from '../../../main/video/frame-source';
import { liveChildCount, stopChild, waitForExit } from '../../../main/video/process';
import { HAVE_SHARED, sequenceDir } from '../../helpers/paths';

const DAVID = join(sequenceDir('David'), 'video.mp4');
const FRAME = 320 * 240 * 4;
const N = 120;

describe.skipIf(!HAVE_SHARED)('frame transport', () => {
  const ffmpeg = ffmpegTools().ffmpeg;
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', DAVID, '-frames:v', String(N), '-pix_fmt', 'rgba', '-f', 'rawvideo', 'pipe:1'];
  // Reference: ffmpeg's whole output collected by execFileSync, untouched by our reader.
  const reference = () => execFileSync(ffmpeg, args, { maxBuffer: N * FRAME + 1024 });

  for (const transport of ['tcp', 'socket', 'pipe'] as FrameTransport[]) {
    it(`${transport}: delivers ffmpeg's bytes exactly, in whole frames, with a slow consumer too`, async () => {
      const expected = reference();
      expect(expected.length).toBe(N * FRAME);
      const { child, frames, leftoverBytes, close } = await spawnFrameProcess(ffmpeg, args, FRAME, transport);
      let i = 0;
      for (let f = await frames.next(); f; f = await frames.next(), i++) {
        expect(f.length).toBe(FRAME);
        expect(f.buffer.byteLength).toBe(FRAME); // owns its ArrayBuffer: transferable without copying neighbours
        expect(Buffer.from(f.buffer).equals(expected.subarray(i * FRAME, (i + 1) * FRAME)), `frame ${i}`).toBe(true);
        if (i % 40 === 0) await sleep(300); // ffmpeg must wait, not lose or reorder bytes
      }
      expect(i).toBe(N);
      expect(leftoverBytes()).toBe(0);
      expect(await waitForExit(child)).toBe(0);
      close();
    });

    it(`${transport}: recycled frames are refilled in place, with ffmpeg's bytes still exact`, async () => {
      const expected = reference();
      const { child, frames, close, recycle } = await spawnFrameProcess(ffmpeg, args, FRAME, transport);
      const buffers = new Set<ArrayBufferLike>();
      let i = 0;
      for (let f = await frames.next(); f; f = await frames.next(), i++) {
        expect(Buffer.from(f.buffer).equals(expected.subarray(i * FRAME, (i + 1) * FRAME)), `frame ${i}`).toBe(true);
        buffers.add(f.buffer);
        if (i % 40 === 0) await sleep(100); // the reader runs ahead while the consumer is slow
        recycle(f);
      }
      expect(i).toBe(N);
      // A frame waiting, one being filled, one with the consumer: a handful, not one per frame.
      expect(buffers.size).toBeLessThanOrEqual(4);
      expect(await waitForExit(child)).toBe(0);
      close();
    });

    it(`${transport}: a frame transferred away is not reused`, async () => {
      const { child, frames, close, recycle } = await spawnFrameProcess(ffmpeg, args, FRAME, transport);
      const first = (await frames.next())!;
      const kept = first.buffer;
      structuredClone(first, { transfer: [first.buffer] }); // detaches it, as a postMessage transfer does
      recycle(first);
      for (let f = await frames.next(); f; f = await frames.next()) {
        expect(f.buffer).not.toBe(kept);
        expect(f.length).toBe(FRAME);
      }
      await waitForExit(child);
      close();
    });

    it(`${transport}: a stopped child ends the frame sequence`, async () => {
      const { child, frames, close } = await spawnFrameProcess(ffmpeg, args, FRAME, transport);
      expect(await frames.next()).not.toBeNull();
      await stopChild(child);
      let rest = 0;
      while (await frames.next()) rest++;
      expect(rest).toBeLessThan(N);
      close();
      expect(liveChildCount()).toBe(0);
    });
  }
});

describe('loopback connection for frames', () => {
  it('is the Linux default', () => {
    expect(DEFAULT_TRANSPORT).toBe(process.platform === 'linux' ? 'tcp' : 'pipe');
  });

  it('keeps only its own connection: a local process that connects first is closed, and cannot inject bytes', async () => {
    let intruder: net.Socket | undefined;
    const received: Buffer[] = [];
    const onread = { buffer: Buffer.alloc(64), callback: (n: number, buf: Buffer) => { received.push(Buffer.from(buf.subarray(0, n))); return true; } };
    const { ours, theirs } = await connectedPair('tcp', onread, async (server) => {
      const accepted = once(server, 'connection');
      intruder = net.connect({ port: (server.address() as net.AddressInfo).port, host: '127.0.0.1' });
      await accepted; // accepted before ours: the pair must not take it
    });
    expect(theirs.remotePort).toBe(ours.localPort);
    const intruderClosed = once(intruder!, 'close');
    intruder!.on('error', () => {}); // a reset is as good as a close
    intruder!.write('fake frame bytes');
    theirs.write('real');
    await intruderClosed;
    await new Promise((r) => setTimeout(r, 50));
    expect(Buffer.concat(received).toString()).toBe('real');
    ours.destroy();
    theirs.destroy();
  }, 10_000);
});
