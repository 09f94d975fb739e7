/**
 * RGBA of an i420 frame, converted lazily, row by row, only where crops read, and each pixel at most
 * once per frame: DCF crops the same frame several times (its scales and its model update), mostly
 * over the same pixels, and a tracker's init takes the frame's mean colour. (NanoTrack's crop
 * interpolates in YUV instead: workers/core/crop.ts.) The buffer lines up with an RGBA frame
 * (pixel (x, y) at byte 4 * (y * width + x)), so the croppers read it exactly as they read RGBA.
 * One buffer serves frame after frame (it only grows): allocation-free once warm.
 */
import type { Frame } from '../../common/frame';
import { i420RowToRgba, rgbaWords } from '../../common/yuv';

export class I420Rows {
  private rgba = new Uint8ClampedArray(0);
  private words: Uint32Array = new Uint32Array(0);
  /** Converted columns [lo[y], hi[y]) of each row of `source`. */
  private lo = new Int32Array(0);
  private hi = new Int32Array(0);
  private frame: Frame | null = null;
  private source: Frame['data'] | null = null;

  /** The RGBA buffer with columns [x0, x1) of row y converted (x0 < x1, inside the frame). */
  row(frame: Frame, y: number, x0: number, x1: number): Uint8ClampedArray {
    // A new frame is a new Frame object or buffer (decoders and worker messages make both anew);
    // the pixels of one frame object must not change while it is tracked.
    if (frame !== this.frame || frame.data !== this.source) this.reset(frame);
    const lo = this.lo[y];
    const hi = this.hi[y];
    if (x0 >= lo && x1 <= hi) return this.rgba;
    const base = y * frame.width;
    if (lo >= hi) {
      i420RowToRgba(frame, y, x0, x1, this.words, base);
      this.lo[y] = x0;
      this.hi[y] = x1;
    } else {
      // Keep one interval per row: convert what extends it, including any gap.
      if (x0 < lo) i420RowToRgba(frame, y, x0, lo, this.words, base);
      if (x1 > hi) i420RowToRgba(frame, y, hi, x1, this.words, base);
      this.lo[y] = Math.min(lo, x0);
      this.hi[y] = Math.max(hi, x1);
    }
    return this.rgba;
  }

  private reset(frame: Frame): void {
    const bytes = frame.width * frame.height * 4;
    if (this.rgba.length < bytes) {
      this.rgba = new Uint8ClampedArray(bytes);
      this.words = rgbaWords(this.rgba);
    }
    if (this.lo.length < frame.height) {
      this.lo = new Int32Array(frame.height);
      this.hi = new Int32Array(frame.height);
    } else {
      this.lo.fill(0, 0, frame.height);
      this.hi.fill(0, 0, frame.height);
    }
    this.frame = frame;
    this.source = frame.data;
  }
}

/** One per worker (and per Node process): the trackers of one run share its conversions. */
export const sharedI420Rows = new I420Rows();
