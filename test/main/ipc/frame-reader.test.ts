import { describe, expect, it } from 'vitest';
import type { Frame } from '../../../common/frame';
import { FrameReader } from '../../../main/ipc/frame-reader';

/** A fake decoder: logs where each stream starts and every frame it decodes. */
function fakeDecoder(count: number) {
  const starts: number[] = [];
  let decoded = 0;
  async function* open(start: number, signal: AbortSignal): AsyncGenerator<Frame> {
    starts.push(start);
    for (let i = start; i < count; i++) {
      if (signal.aborted) return;
      decoded++;
      yield { width: 1, height: 1, data: Uint8Array.of(i, 0, 0, 255), index: i, timeS: i / 30 };
    }
  }
  return { open, starts, decoded: () => decoded };
}

describe('frame reader', () => {
  it('reads sequential frames from one stream, and a short jump ahead by reading on', async () => {
    const d = fakeDecoder(100);
    const r = new FrameReader(d.open, { frameCount: 100 });
    for (let i = 0; i < 5; i++) expect((await r.frame(i)).data[0]).toBe(i);
    expect((await r.frame(20)).data[0]).toBe(20);
    expect(d.starts).toEqual([0]);
    await r.close();
  });

  it('seeks for a far jump starting a block early, so the steps back after it hit', async () => {
    const d = fakeDecoder(200);
    const r = new FrameReader(d.open, { frameCount: 200, readAhead: 10, backBlock: 5, keep: 40 });
    await r.frame(150);
    expect(d.starts).toEqual([145]);
    const before = d.decoded();
    for (let i = 149; i >= 145; i--) expect((await r.frame(i)).data[0]).toBe(i);
    expect(d.decoded()).toBe(before); // all from the block
    await r.close();
  });

  it('asks readAhead and backBlock functions at each request (seeks get cheap once a seek proxy is ready)', async () => {
    const d = fakeDecoder(200);
    let fast = false;
    const r = new FrameReader(d.open, { frameCount: 200, readAhead: () => (fast ? 12 : 48), backBlock: () => (fast ? 4 : 8), keep: 40 });
    await r.frame(0);
    await r.frame(30); // 30 ahead: read on
    expect(d.starts).toEqual([0]);
    fast = true;
    await r.frame(60); // 29 ahead: now a seek is cheaper
    expect(d.starts).toEqual([0, 56]);
    await r.frame(70); // 10 ahead: read on
    expect(d.starts).toEqual([0, 56]);
    fast = false;
    await r.frame(150);
    expect(d.starts).toEqual([0, 56, 142]);
    await r.close();
  });

  it('reads ever larger blocks while seeking backwards again and again', async () => {
    const d = fakeDecoder(300);
    const r = new FrameReader(d.open, { frameCount: 300, readAhead: 10, backBlock: 4, keep: 40 });
    for (let i = 250; i >= 150; i--) expect((await r.frame(i)).index).toBe(i);
    // Blocks of 4, 4, 8, 16, 32, 39... instead of 25 seeks of 4.
    expect(d.starts.slice(0, 5)).toEqual([246, 241, 232, 215, 182]);
    expect(d.starts.length).toBeLessThan(8);
    await r.close();
  });

  it('answers concurrent requests in order and refuses frames outside the video', async () => {
    const d = fakeDecoder(10);
    const r = new FrameReader(d.open, { frameCount: 10 });
    const got = await Promise.all([r.frame(1), r.frame(2), r.frame(3)]);
    expect(got.map((f) => f.index)).toEqual([1, 2, 3]);
    await expect(r.frame(10)).rejects.toThrow(/outside the video/);
    await expect(r.frame(-1)).rejects.toThrow(/outside the video/);
    await r.close();
    await expect(r.frame(1)).rejects.toThrow(/closed/);
  });

  it('says so when the decoder ends early', async () => {
    const d = fakeDecoder(5); // the container claimed 8 frames
    const r = new FrameReader(d.open, { frameCount: 8 });
    await expect(r.frame(7)).rejects.toThrow(/could not be decoded/);
  });
});
