/**
 * Frames for the renderer: from the cache when seen before, else from main over the bridge
 * (one request per frame, deduplicated while in flight). A small prefetch around the
 * displayed frame keeps the next steps in either direction instant. Where the bridge streams
 * (the browser host), a run of frames taken in order (tracking forwards) is read from one
 * stream a few frames ahead of the taker, instead of a request per frame.
 */
import { MAX_STREAM_FRAMES, type FramePayload, type VideoInfo } from '../../common/contract';
import type { Bridge } from '../bridge-types';
import { FrameCache } from './frame-cache';

/** Frames a stream reads beyond the furthest one taken (the worker has a few in hand as well). */
export const STREAM_AHEAD = 4;
/** A take this far past a stream's position still continues it (main reads on rather than seeks). */
const STREAM_REACH = 32;

interface Waiter {
  resolve(frame: FramePayload): void;
  reject(error: unknown): void;
}

/** One forward stream: frames `next`, `next + 1`, ... over as many bridge streams as it takes. */
interface FrameStreamRun {
  next: number;
  /** Read up to and including this frame, then wait for takes to ask for more. */
  want: number;
  readonly abort: AbortController;
  readonly waiters: Map<number, Waiter>;
  wake: (() => void) | null;
}

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
  /** The last index take() was asked for (a take of the one after it is sequential). */
  private lastTaken = -1;
  private stream: FrameStreamRun | null = null;

  /**
   * `quietMs`: the background fill waits this long after the analyst's last frame request. While
   * they seek and step, each of their requests would otherwise wait for a fill frame in flight and
   * share the CPU with the fill's decoding and transfers (bench/app-bench.ts: cold seeks at 720p).
   */
  constructor(private readonly bridge: Pick<Bridge, 'invoke' | 'frameStream'>, readonly video: VideoInfo, readonly cache: FrameCache, opts: { quietMs?: number } = {}) {
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
    return this.asForeground(() => this.fetch(index));
  }

  /** A request the analyst (or a tracking run) waits for: the background fill yields to it. */
  private asForeground(request: () => Promise<FramePayload>): Promise<FramePayload> {
    this.foreground++;
    this.lastForegroundAt = Date.now();
    return request().finally(() => {
      this.foreground--;
      this.lastForegroundAt = Date.now();
    });
  }

  private fetch(index: number): Promise<FramePayload> {
    const hit = this.cache.get(index);
    if (hit) return Promise.resolve(hit);
    let p = this.inFlight.get(index);
    // A frame the stream is about to bring (the view prefetching ahead of a run) waits for it.
    if (!p && this.bridge.frameStream && this.inReach(index)) p = this.streamed(index);
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
    const sequential = index === this.lastTaken + 1;
    this.lastTaken = index;
    const s = this.stream;
    if (s && index >= s.next - STREAM_AHEAD && index <= s.next + STREAM_REACH) this.demand(s, index);
    const fromStream = this.bridge.frameStream && !this.cache.has(index) && !this.inFlight.has(index) && (sequential || this.inReach(index));
    const f = await (fromStream ? this.asForeground(() => this.streamed(index)) : this.get(index));
    this.cache.take(index);
    return f;
  }

  /** Stop reading ahead (a tracking run ended); frames asked of the stream are fetched one by one. */
  stopStream(): void {
    const s = this.stream;
    if (!s) return;
    this.stream = null;
    s.abort.abort();
    s.wake?.();
  }

  private inReach(index: number): boolean {
    const s = this.stream;
    return s !== null && index >= s.next && index <= s.next + STREAM_REACH;
  }

  private demand(s: FrameStreamRun, index: number): void {
    s.want = Math.max(s.want, Math.min(index + STREAM_AHEAD, this.frameCount - 1));
    s.wake?.();
  }

  private streamed(index: number): Promise<FramePayload> {
    let s = this.stream;
    if (!s || !this.inReach(index)) {
      this.stopStream();
      s = { next: index, want: index, abort: new AbortController(), waiters: new Map(), wake: null };
      this.stream = s;
      void this.pump(s);
    }
    const run = s;
    const p = new Promise<FramePayload>((resolve, reject) => run.waiters.set(index, { resolve, reject }));
    this.inFlight.set(index, p);
    const forget = () => { if (this.inFlight.get(index) === p) this.inFlight.delete(index); };
    p.then(forget, forget);
    this.demand(run, index);
    return p;
  }

  /** Read `s` from the bridge while takes want frames; hand each to its waiter and the cache. */
  private async pump(s: FrameStreamRun): Promise<void> {
    const aborted = () => s.abort.signal.aborted;
    const wanted = async () => {
      while (s.next > s.want && !aborted()) await new Promise<void>((wake) => { s.wake = wake; });
      s.wake = null;
      return !aborted();
    };
    let failure: unknown = null;
    try {
      while (s.next < this.frameCount && (await wanted())) {
        const from = s.next;
        const frames = this.bridge.frameStream!({
          videoId: this.video.videoId, from, count: Math.min(MAX_STREAM_FRAMES, this.frameCount - from),
        }, s.abort.signal);
        try {
          while (await wanted()) {
            const { value: f, done } = await frames.next();
            if (done) break;
            if (f.index !== s.next) throw new Error(`the frame stream sent frame ${f.index} where ${s.next} was due`);
            s.next++;
            this.lastFetched = f.index;
            this.cache.put(f);
            const w = s.waiters.get(f.index);
            s.waiters.delete(f.index);
            w?.resolve(f);
          }
        } finally {
          await frames.return(undefined).catch(() => undefined);
        }
        if (s.next === from && !aborted()) throw new Error(`the frame stream ended before frame ${from}`);
      }
    } catch (e) {
      failure = e;
    } finally {
      if (this.stream === s) this.stream = null;
      // Frames asked of this stream that it did not bring: the error, or (after a stop) one by one.
      for (const [index, w] of s.waiters) {
        this.inFlight.delete(index);
        if (failure !== null && !aborted()) w.reject(failure);
        else this.fetch(index).then(w.resolve, w.reject);
      }
      s.waiters.clear();
    }
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
    this.stopStream();
    this.cancelPrefetch();
    this.cache.clear();
    await this.bridge.invoke('video:close', { videoId: this.video.videoId }).catch(() => undefined);
  }
}
