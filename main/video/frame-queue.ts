/**
 * Fixed-size frames handed from a byte producer (ffmpeg's output) to one async consumer, with a
 * bounded read-ahead: the producer is paused once `ahead` complete frames wait, and resumed when the
 * consumer takes one. That is the back-pressure that throttles ffmpeg to the consumer's pace.
 */
export class FrameQueue {
  private readonly ready: Uint8Array[] = [];
  private finished = false;
  private wake: (() => void) | null = null;

  constructor(private readonly resumeProducer: () => void, private readonly ahead = 1) {}

  /** Add a complete frame; false means the producer should pause now. */
  push(frame: Uint8Array): boolean {
    this.ready.push(frame);
    this.notify();
    return this.ready.length < this.ahead;
  }

  /** No more frames will come (end of output, error or kill). */
  finish(): void {
    this.finished = true;
    this.notify();
  }

  /** The next frame, or null once the producer has finished and every frame was taken. */
  async next(): Promise<Uint8Array | null> {
    for (;;) {
      const frame = this.ready.shift();
      if (frame) {
        if (this.ready.length < this.ahead) this.resumeProducer();
        return frame;
      }
      if (this.finished) return null;
      await new Promise<void>((resolve) => { this.wake = resolve; });
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

/** A frame buffer without zero-filling (every byte is overwritten by ffmpeg's output), owning its ArrayBuffer. */
export function allocFrame(bytes: number): Uint8Array {
  return new Uint8Array(Buffer.allocUnsafeSlow(bytes).buffer, 0, bytes);
}

/** Spare buffers kept: the queue holds one frame, one is being filled, the consumer has one. */
const SPARE_FRAMES = 3;

/** Frame buffers of one size, reused once handed back. */
export class FramePool {
  private readonly spare: Uint8Array[] = [];
  constructor(private readonly bytes: number) {}

  take(): Uint8Array {
    return this.spare.pop() ?? allocFrame(this.bytes);
  }

  give(frame: Uint8Array): void {
    if (frame.byteLength === this.bytes && frame.buffer.byteLength === this.bytes && this.spare.length < SPARE_FRAMES && !this.spare.includes(frame)) {
      this.spare.push(frame);
    }
  }
}
