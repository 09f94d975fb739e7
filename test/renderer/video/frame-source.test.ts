import { describe, expect, it } from 'vitest';
import type { VideoInfo } from '../../../common/contract';
import { FrameCache } from '../../../renderer/video/frame-cache';
import { FrameSource, STREAM_AHEAD } from '../../../renderer/video/frame-source';

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

/** fakeBridge plus a frame stream (the browser host's): records what each stream was asked and read. */
function streamingBridge(opts: { failAt?: number } = {}) {
  const { bridge: perFrame, requested } = fakeBridge(1);
  const streams: { from: number; count: number }[] = [];
  const delivered: number[] = [];
  let open = 0;
  const bridge = {
    invoke: perFrame.invoke,
    async *frameStream(req: { from: number; count: number }, signal: AbortSignal) {
      streams.push({ from: req.from, count: req.count });
      open++;
      try {
        for (let i = req.from; i < req.from + req.count; i++) {
          await new Promise((r) => setTimeout(r, 1));
          signal.throwIfAborted();
          if (i === opts.failAt) throw new Error(`frame ${i} could not be decoded`);
          delivered.push(i);
          yield { index: i, timeS: i / 30, width: 2, height: 2, data: new Uint8Array(16) };
        }
      } finally {
        open--;
      }
    },
  };
  return { bridge, requested, streams, delivered, openStreams: () => open };
}

const longInfo: VideoInfo = { ...info, frameCount: 200, durationS: 200 / 30 };
const settle = () => new Promise((r) => setTimeout(r, 40));

describe('frame source over a stream', () => {
  it('reads frames taken in order from one stream, a few frames ahead of the furthest take and no further', async () => {
    const { bridge, requested, streams, delivered, openStreams } = streamingBridge();
    const src = new FrameSource(bridge, longInfo, new FrameCache(1e6));
    for (let i = 0; i < 10; i++) expect((await src.take(i)).index).toBe(i);
    await settle();
    expect(streams).toEqual([{ from: 0, count: 200 }]);
    expect(requested).toEqual([]); // no request per frame
    expect(Math.max(...delivered)).toBe(9 + STREAM_AHEAD);
    src.stopStream();
    await settle();
    expect(openStreams()).toBe(0); // the stream was closed, not left hanging
    expect(Math.max(...delivered)).toBe(9 + STREAM_AHEAD);
  });

  it('serves the tracking run\'s concurrent takes, each with its own frame', async () => {
    const { bridge, requested, streams } = streamingBridge();
    const src = new FrameSource(bridge, longInfo, new FrameCache(1e6));
    await src.take(0);
    const frames = await Promise.all([src.take(1), src.take(2), src.take(3)]);
    expect(frames.map((f) => f.index)).toEqual([1, 2, 3]);
    expect(new Set(frames.map((f) => f.data.buffer)).size).toBe(3);
    expect(streams).toEqual([{ from: 0, count: 200 }]);
    expect(requested).toEqual([]);
    src.stopStream();
  });

  it('does not read again what the cache holds, and starts the stream after it', async () => {
    const { bridge, requested, streams } = streamingBridge();
    const src = new FrameSource(bridge, longInfo, new FrameCache(1e6));
    for (let i = 0; i < 3; i++) await src.get(i);
    for (let i = 0; i < 6; i++) await src.take(i);
    expect(requested).toEqual([0, 1, 2]);
    expect(streams.map((s) => s.from)).toEqual([3]);
    src.stopStream();
  });

  it('takes backwards one request per frame (no stream)', async () => {
    const { bridge, requested, streams } = streamingBridge();
    const src = new FrameSource(bridge, longInfo, new FrameCache(1e6));
    for (const i of [50, 49, 48, 47]) await src.take(i);
    expect(requested).toEqual([50, 49, 48, 47]);
    expect(streams).toEqual([]);
  });

  it('starts a new stream after a jump, and fetches frames the stopped one still owed one by one', async () => {
    const { bridge, requested, streams } = streamingBridge();
    const src = new FrameSource(bridge, longInfo, new FrameCache(1e6));
    await src.take(0);
    await src.take(1);
    const owed = src.take(2);
    src.stopStream(); // e.g. the run ended while a take was waiting
    expect((await owed).index).toBe(2);
    expect(requested).toContain(2);
    await src.take(100);
    await src.take(101);
    expect(streams.map((s) => s.from)).toEqual([0, 101]);
    src.stopStream();
  });

  it('passes a stream\'s error to the take waiting for that frame', async () => {
    const { bridge } = streamingBridge({ failAt: 3 });
    const src = new FrameSource(bridge, longInfo, new FrameCache(1e6));
    for (let i = 0; i < 3; i++) await src.take(i);
    await expect(src.take(3)).rejects.toThrow(/frame 3 could not be decoded/);
  });

  it('stops streaming at the last frame of the video', async () => {
    const { bridge, streams, delivered } = streamingBridge();
    const short: VideoInfo = { ...info, frameCount: 6 };
    const src = new FrameSource(bridge, short, new FrameCache(1e6));
    for (let i = 0; i < 6; i++) await src.take(i);
    await settle();
    expect(streams).toEqual([{ from: 0, count: 6 }]);
    expect(delivered).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
