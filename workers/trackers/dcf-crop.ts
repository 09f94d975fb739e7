import type { Frame } from '../../common/frame';
import { i420PixelsToRgba } from '../../common/yuv';

/**
 * DCFNet's crop: a RECTANGULAR window (target size x (1 + padding) on each axis) resampled
 * bilinearly to a square out x out patch, planar B,G,R float32 minus a mean, padded outside
 * the frame with a constant colour. workers/core/crop.ts only takes square windows, and DCFNet
 * squeezes the window's aspect ratio, so the tracker keeps this small variant. The pixel
 * convention is crop.ts's: half-pixel centres (as cv2.resize), output pixel u samples frame
 * coordinate left + (u + 0.5) * scale - 0.5, so the patch centre is the window centre.
 * Allocation-free once warm (column tables grow only with `out`, i420 row buffers with the frame
 * width). Of an i420 frame's source rows only the pixels the crop reads are converted to RGB
 * (common/yuv.ts), each row once while consecutive output rows share it.
 */
export interface RectWindow {
  cx: number;
  cy: number;
  w: number;
  h: number;
}

export class RectCropper {
  private colX0 = new Int32Array(0);
  private colWx = new Float32Array(0);
  private rgbaRows = [new Uint8ClampedArray(0), new Uint8ClampedArray(0)];
  /** Which source row each of rgbaRows holds (NaN: none). */
  private rowTags = [NaN, NaN];
  private sampleXs = new Int32Array(0);
  private sampleCount = 0;

  /** Write 3 x out x out floats (B, G, R planes) from dst[offset]. */
  crop(frame: Frame, win: RectWindow, out: number, dst: Float32Array, pad: ArrayLike<number>, subtract: ArrayLike<number>, offset = 0): void {
    if (!(win.w > 0 && win.h > 0) || !Number.isFinite(win.cx) || !Number.isFinite(win.cy)) {
      throw new Error(`bad crop window ${win.cx},${win.cy} ${win.w}x${win.h}`);
    }
    if (this.colX0.length < out) {
      this.colX0 = new Int32Array(out);
      this.colWx = new Float32Array(out);
    }
    const { width, height, data } = frame;
    const sx = win.w / out;
    const sy = win.h / out;
    const left = win.cx - win.w / 2 - 0.5 + 0.5 * sx;
    const top = win.cy - win.h / 2 - 0.5 + 0.5 * sy;
    for (let u = 0; u < out; u++) {
      const x = left + u * sx;
      this.colX0[u] = Math.floor(x);
      this.colWx[u] = x - Math.floor(x);
    }
    const plane = out * out;
    const i420 = frame.format === 'i420';
    if (i420 && this.rgbaRows[0].length < width * 4) this.rgbaRows = [new Uint8ClampedArray(width * 4), new Uint8ClampedArray(width * 4)];
    if (i420) this.listSampledColumns(out, width);
    this.rowTags[0] = this.rowTags[1] = NaN;
    for (let v = 0; v < out; v++) {
      const y = top + v * sy;
      const y0 = Math.floor(y);
      const wy = y - y0;
      const in0 = y0 >= 0 && y0 < height;
      const in1 = y0 + 1 >= 0 && y0 + 1 < height;
      let d0: ArrayLike<number> = data;
      let d1: ArrayLike<number> = data;
      let row0 = y0 * width * 4;
      let row1 = row0 + width * 4;
      if (i420) {
        const s0 = in0 ? this.rowSlot(frame, y0, -1) : 0;
        d0 = this.rgbaRows[s0];
        d1 = this.rgbaRows[in1 ? this.rowSlot(frame, y0 + 1, s0) : 0];
        row0 = 0;
        row1 = 0;
      }
      for (let u = 0; u < out; u++) {
        const x0 = this.colX0[u];
        const wx = this.colWx[u];
        const a0 = x0 >= 0 && x0 < width;
        const a1 = x0 + 1 >= 0 && x0 + 1 < width;
        const o = offset + v * out + u;
        // B, G, R = RGBA bytes 2, 1, 0
        for (let c = 0; c < 3; c++) {
          const byte = 2 - c;
          const p = pad[c];
          const v00 = in0 && a0 ? d0[row0 + x0 * 4 + byte] : p;
          const v01 = in0 && a1 ? d0[row0 + x0 * 4 + 4 + byte] : p;
          const v10 = in1 && a0 ? d1[row1 + x0 * 4 + byte] : p;
          const v11 = in1 && a1 ? d1[row1 + x0 * 4 + 4 + byte] : p;
          const top2 = v00 + wx * (v01 - v00);
          const bottom = v10 + wx * (v11 - v10);
          dst[o + c * plane] = top2 + wy * (bottom - top2) - subtract[c];
        }
      }
    }
  }

  /** The in-frame columns x0 and x0 + 1 of every output column, ascending, each once. */
  private listSampledColumns(out: number, width: number): void {
    if (this.sampleXs.length < 2 * out) this.sampleXs = new Int32Array(2 * out);
    let n = 0;
    for (let u = 0; u < out; u++) {
      for (let x = this.colX0[u]; x <= this.colX0[u] + 1; x++) {
        if (x >= 0 && x < width && (n === 0 || x > this.sampleXs[n - 1])) this.sampleXs[n++] = x;
      }
    }
    this.sampleCount = n;
  }

  /** The rgbaRows slot holding source row y as RGB, converting it into the slot other than `keep` if needed. */
  private rowSlot(frame: Frame, y: number, keep: number): number {
    if (this.rowTags[0] === y) return 0;
    if (this.rowTags[1] === y) return 1;
    const slot = keep === 0 ? 1 : 0;
    i420PixelsToRgba(frame, y, this.sampleXs, this.sampleCount, this.rgbaRows[slot]);
    this.rowTags[slot] = y;
    return slot;
  }
}
