import type { Frame } from '../../common/frame';
import { sharedI420Rows, type I420Rows } from '../core/i420-rows';

/**
 * DCFNet's crop: a RECTANGULAR window (target size x (1 + padding) on each axis) resampled
 * bilinearly to a square out x out patch, planar B,G,R float32 minus a mean, padded outside
 * the frame with a constant colour. workers/core/crop.ts only takes square windows, and DCFNet
 * squeezes the window's aspect ratio, so the tracker keeps this small variant. The pixel
 * convention is crop.ts's: half-pixel centres (as cv2.resize), output pixel u samples frame
 * coordinate left + (u + 0.5) * scale - 0.5, so the patch centre is the window centre.
 * Allocation-free once warm (column tables grow only with `out`). An i420 frame is read through
 * I420Rows (core/i420-rows.ts): only the columns the crop spans are converted to RGB, and none
 * twice for the same frame.
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

  constructor(private readonly i420: I420Rows = sharedI420Rows) {}

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
    const pxStart = Math.min(Math.max(this.colX0[0], 0), width - 1);
    const pxEnd = Math.min(Math.max(this.colX0[out - 1] + 2, pxStart + 1), width);
    for (let v = 0; v < out; v++) {
      const y = top + v * sy;
      const y0 = Math.floor(y);
      const wy = y - y0;
      const in0 = y0 >= 0 && y0 < height;
      const in1 = y0 + 1 >= 0 && y0 + 1 < height;
      const row0 = y0 * width * 4;
      const row1 = row0 + width * 4;
      const d0: ArrayLike<number> = i420 && in0 ? this.i420.row(frame, y0, pxStart, pxEnd) : data;
      const d1: ArrayLike<number> = i420 && in1 ? this.i420.row(frame, y0 + 1, pxStart, pxEnd) : data;
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
}
