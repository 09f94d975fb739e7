import { describe, expect, it } from 'vitest';
import type { VideoInfo } from '../../../common/contract';
import { FrameCache } from '../../../renderer/video/frame-cache';
import { FrameSource } from '../../../renderer/video/frame-source';

const info: VideoInfo = { videoId: 'v1', path: '/a.mp4', name: 'a.mp4', width: 2, height: 2, fps: 30, frameCount: 10, durationS: 0.33 };

function fakeBridge(delayMs = 2) {
  const requested: number[] = [];
  const bridge = {
    async invoke(channel: string, req: unknown): Promise<never> {
      if (channel === 'video:close') return {} as never;
      const { index } = req as { index: number };
      requested.push(index);
      await new Promise((r) => setTimeout(r, delayMs));
      return { index, timeS: index / 30, width: 2, height: 2, data: new Uint8Array(16) } as never;
    },
  };
  return { bridge, requested };
}

describe('frame source', () => {
  it('asks main once per frame, even for concurrent requests, then serves from the cache', async () => {
    const { bridge, requested } = fakeBridge();
    const src = new FrameSource(bridge, info, new FrameCache(1e6));
    const [a, b] = await Promise.all([src.get(3), src.get(3)]);
    expect(a).toBe(b);
    await src.get(3);
    expect(requested).toEqual([3]);
    expect(src.peek(3)).toBe(a);
  });

  it('hands frames to the tracker out of the cache and takes them back', async () => {
    const { bridge } = fakeBridge();
    const src = new FrameSource(bridge, info, new FrameCache(1e6));
    const f = await src.take(4);
    expect(src.peek(4)).toBeUndefined();
    src.giveBack(f);
    expect(src.peek(4)).toBe(f);
  });

  it('prefetches neighbours nearest first', async () => {
    const { bridge, requested } = fakeBridge();
    const src = new FrameSource(bridge, info, new FrameCache(1e6));
    await src.get(5);
    await src.prefetchAround(5, 2, 1);
    expect(requested).toEqual([5, 6, 4, 7]);
  });

  it('fills the cache in the background reading on from the last frame, up to its share of the budget', async () => {
    const { bridge, requested } = fakeBridge(1);
    const src = new FrameSource(bridge, info, new FrameCache(16 * 10), { quietMs: 0 });
    await src.get(6);
    await src.fill(() => false, 0.5);
    expect(requested).toEqual([6, 7, 8, 9, 0]); // 5 frames = half the budget
    await src.fill(() => false, 1);
    expect(src.cache.size).toBe(10);
  });

  it('keeps the fill quiet while the analyst is asking for frames', async () => {
    const { bridge, requested } = fakeBridge(1);
    const src = new FrameSource(bridge, info, new FrameCache(1e6), { quietMs: 200 });
    await src.get(2);
    const t0 = Date.now();
    const filling = src.fill(() => false);
    await new Promise((r) => setTimeout(r, 120));
    await src.get(7); // the analyst again: the quiet period starts over
    expect(requested).toEqual([2, 7]);
    await filling;
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(requested).toHaveLength(10);
    expect(requested[2]).toBe(8); // then reads on from the analyst's last frame
  });

  it('pauses the fill while asked to', async () => {
    const { bridge, requested } = fakeBridge(1);
    const src = new FrameSource(bridge, info, new FrameCache(1e6), { quietMs: 0 });
    let paused = true;
    const filling = src.fill(() => paused);
    await new Promise((r) => setTimeout(r, 150));
    expect(requested).toEqual([]);
    paused = false;
    await filling;
    expect(requested).toHaveLength(10);
  });
});
