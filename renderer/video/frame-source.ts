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
  /** Requests someone is waiting for (the background fill yields to them). */
  private foreground = 0;
  /** The last frame fetched from main: main's decoder sits right after it, so reading on is cheap. */
  private lastFetched = -1;
  private filling = false;
  private closed = false;
  /** When the analyst last asked for a frame (ms, Date.now()). */
  private lastForegroundAt = -Infinity;
  private readonly quietMs: number;

  /**
   * `quietMs`: the background fill waits this long after the analyst's last frame request. While
   * they seek and step, each of their requests would otherwise wait for a fill frame in flight and
   * share the CPU with the fill's decoding and transfers (bench/app-bench.ts: cold seeks at 720p).
   */
  constructor(private readonly bridge: Pick<Bridge, 'invoke'>, readonly video: VideoInfo, readonly cache: FrameCache, opts: { quietMs?: number } = {}) {
    this.quietMs = opts.quietMs ?? 1000;
  }

  get frameCount(): number {
    return this.video.frameCount;
  }

  peek(index: number): FramePayload | undefined {
    return this.cache.peek(index);
  }

  /** The frame (kept in the cache). */
  get(index: number): Promise<FramePayload> {
    this.foreground++;
    this.lastForegroundAt = Date.now();
    return this.fetch(index).finally(() => {
      this.foreground--;
      this.lastForegroundAt = Date.now();
    });
  }

  private fetch(index: number): Promise<FramePayload> {
    const hit = this.cache.get(index);
    if (hit) return Promise.resolve(hit);
    let p = this.inFlight.get(index);
    if (!p) {
      p = this.bridge.invoke('video:frame', { videoId: this.video.videoId, index }).then((f) => {
        this.lastFetched = index;
        this.cache.put(f);
        return f;
      }).finally(() => this.inFlight.delete(index));
      this.inFlight.set(index, p);
    }
    return p;
  }

  /**
   * Decode the video into the cache in the background, reading on from wherever main's decoder
   * is (sequential reads are cheap; seeks in long-GOP files are not), until `fraction` of the
   * cache budget is used or every frame is cached. Yields to real requests (and for `quietMs`
   * after them) and to `paused()`.
   */
  async fill(paused: () => boolean, fraction = 0.7): Promise<void> {
    if (this.filling) return;
    this.filling = true;
    try {
      while (!this.closed && this.cache.usedBytes < this.cache.budgetBytes * fraction) {
        if (this.foreground > 0 || this.inFlight.size > 0 || paused() || Date.now() - this.lastForegroundAt < this.quietMs) {
          await new Promise((r) => setTimeout(r, 60));
          continue;
        }
        const next = this.nextUncached(this.lastFetched + 1);
        if (next === null) return;
        try {
          await this.fetch(next);
        } catch {
          return;
        }
      }
    } finally {
      this.filling = false;
    }
  }

  private nextUncached(from: number): number | null {
    for (let k = 0; k < this.frameCount; k++) {
      const i = (from + k) % this.frameCount;
      if (!this.cache.has(i) && !this.inFlight.has(i)) return i;
    }
    return null;
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
    this.closed = true;
    this.cancelPrefetch();
    this.cache.clear();
    await this.bridge.invoke('video:close', { videoId: this.video.videoId }).catch(() => undefined);
  }
}
