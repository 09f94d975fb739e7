/**
 * Random access to one video's frames on top of a forward-only decoder: keeps one ffmpeg
 * stream open and reads on while requests move forward, seeks (a new stream) when they jump,
 * and keeps the last frames it decoded so stepping or tracking backwards reads a block once
 * instead of seeking for every frame. Every seek starts a few frames before its target (an
 * analyst who jumps somewhere usually steps back next); repeated backward seeks (tracking
 * backwards) read ever larger blocks, since in long-GOP files each seek decodes from a keyframe.
 * Requests are served one at a time, in order.
 */
import type { Frame } from '../../common/frame';

/** Opens a decoder that yields frames start, start+1, ... (frame-accurate). */
export type FrameStreamFactory = (start: number, signal: AbortSignal) => AsyncGenerator<Frame>;

export interface FrameReaderOptions {
  frameCount: number;
  /** Frames kept for backward steps (bytes: keep * width * height * 4). */
  keep?: number;
  /**
   * Read forward instead of seeking when the target is at most this far ahead. This and
   * backBlock may be functions, asked at each seek (seeks get cheap once a seek proxy is ready).
   */
  readAhead?: number | (() => number);
  /** Frames decoded before the target on a seek, so the next backward steps hit. */
  backBlock?: number | (() => number);
  /** Largest block for a run of backward seeks (at most keep - 1). */
  maxBackBlock?: number;
}

export class FrameReader {
  private stream: AsyncGenerator<Frame> | null = null;
  private abort: AbortController | null = null;
  private nextIndex = 0;
  private lastRequested = -1;
  private readonly cache = new Map<number, Frame>();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly keep: number;
  private readonly readAhead: () => number;
  private readonly backBlock: () => number;
  private readonly maxBackBlock: number;
  private backwardSeeks = 0;

  constructor(private readonly open: FrameStreamFactory, private readonly opts: FrameReaderOptions) {
    this.keep = opts.keep ?? 48;
    const ahead = opts.readAhead ?? 48;
    this.readAhead = typeof ahead === 'number' ? () => ahead : ahead;
    const back = opts.backBlock ?? 8;
    this.backBlock = () => Math.min(typeof back === 'number' ? back : back(), this.keep - 1);
    this.maxBackBlock = Math.min(opts.maxBackBlock ?? this.keep - 1, this.keep - 1);
  }

  /** Frame `index` (0-based). Rejects for an index past the end or after close(). */
  frame(index: number): Promise<Frame> {
    const run = this.queue.then(() => this.read(index));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.stopStream();
    this.cache.clear();
  }

  private async read(index: number): Promise<Frame> {
    if (this.closed) throw new Error('video is closed');
    if (!Number.isInteger(index) || index < 0 || index >= this.opts.frameCount) {
      throw new Error(`frame ${index} is outside the video (0..${this.opts.frameCount - 1})`);
    }
    const backwards = index < this.lastRequested;
    this.lastRequested = index;
    const hit = this.cache.get(index);
    if (hit) {
      this.touch(index, hit);
      return hit;
    }
    const ahead = index - this.nextIndex;
    if (!this.stream || ahead < 0 || ahead > this.readAhead()) {
      this.backwardSeeks = backwards ? this.backwardSeeks + 1 : 0;
      const block = Math.min(this.maxBackBlock, this.backBlock() * 2 ** Math.max(0, this.backwardSeeks - 1));
      await this.seek(Math.max(0, index - block));
    }
    while (this.stream) {
      const { value, done } = await this.stream.next();
      if (done) {
        this.stream = null;
        break;
      }
      const at = value.index ?? this.nextIndex;
      this.nextIndex = at + 1;
      this.touch(at, value);
      if (at === index) return value;
      if (at > index) break;
    }
    throw new Error(`frame ${index} could not be decoded (the video ends at frame ${this.nextIndex - 1})`);
  }

  private touch(index: number, frame: Frame): void {
    this.cache.delete(index);
    this.cache.set(index, frame);
    while (this.cache.size > this.keep) this.cache.delete(this.cache.keys().next().value as number);
  }

  private async seek(start: number): Promise<void> {
    await this.stopStream();
    this.abort = new AbortController();
    this.stream = this.open(start, this.abort.signal);
    this.nextIndex = start;
  }

  private async stopStream(): Promise<void> {
    this.abort?.abort();
    const s = this.stream;
    this.stream = null;
    this.abort = null;
    if (s) await s.return(undefined).catch(() => undefined);
  }
}
