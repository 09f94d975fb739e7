/**
 * A bounded cache of decoded frames (least recently used goes first once the byte budget is
 * spent). Stepping back over frames already seen is then a lookup, not a decode.
 */
import type { FramePayload } from '../../common/contract';

export class FrameCache {
  private readonly frames = new Map<number, FramePayload>();
  private bytes = 0;

  constructor(readonly budgetBytes: number) {}

  get size(): number {
    return this.frames.size;
  }

  get usedBytes(): number {
    return this.bytes;
  }

  has(index: number): boolean {
    return this.frames.has(index);
  }

  /** The frame, marked as recently used. */
  get(index: number): FramePayload | undefined {
    const f = this.frames.get(index);
    if (f) {
      this.frames.delete(index);
      this.frames.set(index, f);
    }
    return f;
  }

  /** Look without touching the recency order. */
  peek(index: number): FramePayload | undefined {
    return this.frames.get(index);
  }

  put(frame: FramePayload): void {
    if (frame.data.byteLength === 0) return; // a detached (transferred) buffer
    this.delete(frame.index);
    this.frames.set(frame.index, frame);
    this.bytes += frame.data.byteLength;
    while (this.bytes > this.budgetBytes && this.frames.size > 1) {
      const oldest = this.frames.keys().next().value as number;
      this.delete(oldest);
    }
  }

  /** Remove and return (before its buffer is transferred to the worker). */
  take(index: number): FramePayload | undefined {
    const f = this.frames.get(index);
    if (f) this.delete(index);
    return f;
  }

  delete(index: number): void {
    const f = this.frames.get(index);
    if (!f) return;
    this.frames.delete(index);
    this.bytes -= f.data.byteLength;
  }

  clear(): void {
    this.frames.clear();
    this.bytes = 0;
  }
}
