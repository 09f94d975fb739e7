/**
 * Frames for the renderer: from the cache when seen before, else from main over the bridge
 * (one request per frame, deduplicated while in flight). A small prefetch around the
 * displayed frame keeps the next steps in either direction instant.
 */
import type { FramePayload, VideoInfo } from '../../common/contract';
import type { Bridge } from '../bridge-types';
import { FrameCache } from './frame-cache';

export class FrameSource {
  private readonly inFlight = new Map<number, Promise<FramePayload>>();
  private prefetchToken = 0;

  constructor(private readonly bridge: Pick<Bridge, 'invoke'>, readonly video: VideoInfo, readonly cache: FrameCache) {}

  get frameCount(): number {
    return this.video.frameCount;
  }

  peek(index: number): FramePayload | undefined {
    return this.cache.peek(index);
  }

  /** The frame (kept in the cache). */
  get(index: number): Promise<FramePayload> {
    const hit = this.cache.get(index);
    if (hit) return Promise.resolve(hit);
    let p = this.inFlight.get(index);
    if (!p) {
      p = this.bridge.invoke('video:frame', { videoId: this.video.videoId, index }).then((f) => {
        this.cache.put(f);
        return f;
      }).finally(() => this.inFlight.delete(index));
      this.inFlight.set(index, p);
    }
    return p;
  }

  /** The frame, removed from the cache: its buffer is about to be transferred to the worker. */
  async take(index: number): Promise<FramePayload> {
    const f = await this.get(index);
    this.cache.take(index);
    return f;
  }

  /** A frame that came back from the worker. */
  giveBack(frame: FramePayload): void {
    this.cache.put(frame);
  }

  /**
   * Fetch the neighbours of `index` in the background, nearest first, one at a time so that a
   * real request never queues behind many prefetches. A newer call cancels the older one.
   */
  async prefetchAround(index: number, ahead = 3, behind = 3): Promise<void> {
    const token = ++this.prefetchToken;
    const order: number[] = [];
    for (let d = 1; d <= Math.max(ahead, behind); d++) {
      if (d <= ahead && index + d < this.frameCount) order.push(index + d);
      if (d <= behind && index - d >= 0) order.push(index - d);
    }
    for (const i of order) {
      if (token !== this.prefetchToken) return;
      if (this.cache.has(i)) continue;
      try {
        await this.get(i);
      } catch {
        return;
      }
    }
  }

  cancelPrefetch(): void {
    this.prefetchToken++;
  }

  async close(): Promise<void> {
    this.cancelPrefetch();
    this.cache.clear();
    await this.bridge.invoke('video:close', { videoId: this.video.videoId }).catch(() => undefined);
  }
}
