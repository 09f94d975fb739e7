import { i420Layout, type Frame } from '../../common/frame';
import { yuvToRgbAffine } from '../../common/yuv';
import { sharedI420Rows, type I420Rows } from './i420-rows';

/**
 * A square window in frame coordinates, continuous like Box: pixel i spans [i, i+1),
 * so the centre of a box is x + w/2.
 */
export interface SquareWindow {
  cx: number;
  cy: number;
  side: number;
}

export interface CropColours {
  /** Colour of everything outside the frame, B,G,R (pysot: the frame's mean colour). */
  pad: ArrayLike<number>;
  /** Subtracted from every output value, B,G,R (DCFNet: [104, 117, 123]); none when absent. */
  subtract?: ArrayLike<number>;
}

/**
 * Per-channel mean of a frame's RGB, written as B,G,R into `out`. An i420 frame is converted through
 * I420Rows, so DCF's crops of the same frame (a fused tracker's init) reuse the conversion.
 */
export function meanColourBGR(frame: Frame, out: Float64Array = new Float64Array(3), i420: I420Rows = sharedI420Rows): Float64Array {
  const n = frame.width * frame.height;
  let r = 0;
  let g = 0;
  let b = 0;
  const sum = (d: ArrayLike<number>, from: number, to: number) => {
    for (let o = from; o < to; o += 4) {
      r += d[o];
      g += d[o + 1];
      b += d[o + 2];
    }
  };
  if ((frame.format ?? 'rgba') === 'rgba') {
    sum(frame.data, 0, n * 4);
  } else {
    const rowBytes = frame.width * 4;
    for (let y = 0; y < frame.height; y++) sum(i420.row(frame, y, 0, frame.width), y * rowBytes, (y + 1) * rowBytes);
  }
  out[0] = b / n;
  out[1] = g / n;
  out[2] = r / n;
  return out;
}

const NO_ROW = -0x7fffffff;

/**
 * pysot's get_subwindow, sub-pixel exact: the square `window` of the frame, padded outside the
 * frame with a constant colour, resized bilinearly (half-pixel centres, as cv2.resize) to
 * out x out, written as planar B,G,R float32 (NCHW, 0..255 minus `subtract`) into `dst`.
 * pysot rounds the side and the corner to whole pixels (its corner rounding leans half a pixel
 * up-left); here the square is sampled exactly where it is, so the crop stays centred on the target.
 *
 * Allocation-free once warm: the column tables and two row buffers are reused between calls and
 * only grow when `out` grows. The resize is separable: each source row that the output needs is
 * interpolated horizontally once (into a row buffer), then output rows blend two such rows.
 *
 * An i420 frame is interpolated in YUV and each output pixel converted to RGB once (blendI420):
 * the conversion is affine, so this is the bilinear crop of the frame's RGB (chroma sample
 * (x>>1, y>>1) per pixel, as common/yuv.ts converts), except that it is not rounded to bytes and
 * clamps after interpolating rather than before (they differ only next to out-of-gamut pixels).
 * Converting every pixel the crop spans to RGB first (as I420Rows does) took 1.3-2x as long for
 * a 255-px crop of a 720p frame (a window of 150 to 520 px): a wide window spans up to 4x as many
 * source pixels as the crop has, and the crops of one frame overlap little.
 */
export class SubwindowCropper {
  private capacity = 0;
  private colA = new Int32Array(0);
  private colB = new Int32Array(0);
  private colWa = new Float32Array(0);
  private colWb = new Float32Array(0);
  private colWpad = new Float32Array(0);
  /** Source pixel columns of colA / colB (i420 path). */
  private colXa = new Int32Array(0);
  private colXb = new Int32Array(0);
  private rowBufs: Float32Array[] = [new Float32Array(0), new Float32Array(0)];
  private rowTags = new Int32Array(2);
  private padRow = new Float32Array(0);
  private readonly padYuv = new Float64Array(3);
  private inStart = 0;
  private inEnd = 0;

  /** Fill `dst[dstOffset .. dstOffset + 3*out*out)` with the crop. */
  crop(frame: Frame, window: SquareWindow, out: number, dst: Float32Array, colours: CropColours, dstOffset = 0): void {
    if (!(out > 0) || !Number.isInteger(out)) throw new Error(`crop size must be a positive integer, got ${out}`);
    if (!(window.side > 0) || !Number.isFinite(window.cx) || !Number.isFinite(window.cy)) {
      throw new Error(`bad crop window ${window.cx},${window.cy} side ${window.side}`);
    }
    if (dst.length < dstOffset + 3 * out * out) throw new Error(`crop destination too small for 3x${out}x${out}`);
    this.ensureCapacity(out);
    const { width, height } = frame;
    const scale = window.side / out;
    // Output pixel u samples the source at pixel-index coordinate left + (u + 0.5) * scale - 0.5.
    const left = window.cx - window.side / 2 - 0.5 + 0.5 * scale;
    const top = window.cy - window.side / 2 - 0.5 + 0.5 * scale;
    this.buildColumns(left, scale, out, width);
    // Rows are interpolated in the frame's own colour space, so the pad colour is given in it too.
    const pad = colours.pad;
    const rowPad = frame.format === 'i420' ? yuvToRgbAffine(frame.matrix).fromRgb(pad[2], pad[1], pad[0], this.padYuv) : pad;
    const padRow = this.padRow;
    for (let c = 0; c < 3; c++) padRow.fill(rowPad[c], c * out, (c + 1) * out);
    this.rowTags[0] = NO_ROW;
    this.rowTags[1] = NO_ROW;
    if (frame.format === 'i420') {
      this.blendI420(frame, top, scale, out, dst, colours, dstOffset, rowPad);
      return;
    }

    const sub = colours.subtract;
    const subB = sub ? sub[0] : 0;
    const subG = sub ? sub[1] : 0;
    const subR = sub ? sub[2] : 0;
    const plane = out * out;
    for (let v = 0; v < out; v++) {
      const y = top + v * scale;
      const y0 = Math.floor(y);
      const wy = y - y0;
      const slot0 = this.rowSlot(frame, y0, -1, out, pad);
      const r0 = slot0 < 0 ? padRow : this.rowBufs[slot0];
      const r1 = wy === 0 ? r0 : this.rowFor(frame, y0 + 1, slot0, out, pad);
      const w0 = 1 - wy;
      for (let c = 0; c < 3; c++) {
        const s = c === 0 ? subB : c === 1 ? subG : subR;
        let o = dstOffset + c * plane + v * out;
        for (let u = c * out, end = u + out; u < end; u++, o++) dst[o] = w0 * r0[u] + wy * r1[u] - s;
      }
    }
  }

  private ensureCapacity(out: number): void {
    if (out <= this.capacity) return;
    this.capacity = out;
    this.colA = new Int32Array(out);
    this.colB = new Int32Array(out);
    this.colWa = new Float32Array(out);
    this.colWb = new Float32Array(out);
    this.colWpad = new Float32Array(out);
    this.colXa = new Int32Array(out);
    this.colXb = new Int32Array(out);
    this.rowBufs = [new Float32Array(3 * out), new Float32Array(3 * out)];
    this.padRow = new Float32Array(3 * out);
  }

  /** Per output column: byte offsets of the two source pixels in a row and their weights; outside = pad. */
  private buildColumns(left: number, scale: number, out: number, width: number): void {
    const last = width - 1;
    let inStart = out;
    let inEnd = 0;
    for (let u = 0; u < out; u++) {
      const x = left + u * scale;
      const x0 = Math.floor(x);
      const wx = x - x0;
      const in0 = x0 >= 0 && x0 <= last ? 1 : 0;
      const in1 = x0 + 1 >= 0 && x0 + 1 <= last ? 1 : 0;
      this.colXa[u] = Math.min(Math.max(x0, 0), last);
      this.colXb[u] = Math.min(Math.max(x0 + 1, 0), last);
      this.colA[u] = this.colXa[u] * 4;
      this.colB[u] = this.colXb[u] * 4;
      const wa = (1 - wx) * in0;
      const wb = wx * in1;
      this.colWa[u] = wa;
      this.colWb[u] = wb;
      this.colWpad[u] = 1 - wa - wb;
      if (in0 & in1) {
        inStart = Math.min(inStart, u);
        inEnd = u + 1;
      }
    }
    // x grows with u, so the columns with both source pixels inside form one run.
    this.inStart = Math.min(inStart, inEnd);
    this.inEnd = inEnd;
  }

  private rowFor(frame: Frame, y: number, keep: number, out: number, pad: ArrayLike<number>): Float32Array {
    const slot = this.rowSlot(frame, y, keep, out, pad);
    return slot < 0 ? this.padRow : this.rowBufs[slot];
  }

  /**
   * Slot (0/1) of a row buffer holding source row y interpolated horizontally (B, G, R of an RGBA
   * frame; Y, U, V of an i420 one); -1 = outside (pad row).
   */
  private rowSlot(frame: Frame, y: number, keep: number, out: number, pad: ArrayLike<number>): number {
    if (y < 0 || y >= frame.height) return -1;
    if (this.rowTags[0] === y) return 0;
    if (this.rowTags[1] === y) return 1;
    const slot = keep === 0 ? 1 : 0;
    this.rowTags[slot] = y;
    const buf = this.rowBufs[slot];
    if (frame.format === 'i420') {
      this.fillYuvRow(buf, slot, frame, y, out, pad);
      return slot;
    }
    const d = frame.data;
    const base = y * frame.width * 4;
    // Only edge columns blend in the pad colour; the interior (usually all of it) skips that term.
    this.fillColumns(buf, d, base, 0, this.inStart, out, pad);
    this.fillInteriorColumns(buf, d, base, this.inStart, this.inEnd, out);
    this.fillColumns(buf, d, base, this.inEnd, out, out, pad);
    return slot;
  }

  private fillColumns(buf: Float32Array, d: ArrayLike<number>, base: number, from: number, to: number, out: number, pad: ArrayLike<number>): void {
    const { colA, colB, colWa, colWb, colWpad } = this;
    const pb = pad[0];
    const pg = pad[1];
    const pr = pad[2];
    for (let u = from; u < to; u++) {
      const a = base + colA[u];
      const b = base + colB[u];
      const wa = colWa[u];
      const wb = colWb[u];
      const wp = colWpad[u];
      buf[u] = wa * d[a + 2] + wb * d[b + 2] + wp * pb;
      buf[out + u] = wa * d[a + 1] + wb * d[b + 1] + wp * pg;
      buf[2 * out + u] = wa * d[a] + wb * d[b] + wp * pr;
    }
  }

  private fillInteriorColumns(buf: Float32Array, d: ArrayLike<number>, base: number, from: number, to: number, out: number): void {
    const { colA, colB, colWa, colWb } = this;
    for (let u = from; u < to; u++) {
      const a = base + colA[u];
      const b = base + colB[u];
      const wa = colWa[u];
      const wb = colWb[u];
      buf[u] = wa * d[a + 2] + wb * d[b + 2];
      buf[out + u] = wa * d[a + 1] + wb * d[b + 1];
      buf[2 * out + u] = wa * d[a] + wb * d[b];
    }
  }

  /** The vertical pass for an i420 frame: blend two rows of Y, U, V and convert each output pixel once. */
  private blendI420(frame: Frame, top: number, scale: number, out: number, dst: Float32Array, colours: CropColours, dstOffset: number, padYuv: ArrayLike<number>): void {
    const m = yuvToRgbAffine(frame.matrix);
    const padRow = this.padRow;
    const sub = colours.subtract;
    const subB = sub ? sub[0] : 0;
    const subG = sub ? sub[1] : 0;
    const subR = sub ? sub[2] : 0;
    const { y: ky, rv, gu, gv, bu, r0, g0, b0 } = m;
    const plane = out * out;
    const bPlane = dstOffset;
    const gPlane = dstOffset + plane;
    const rPlane = dstOffset + 2 * plane;
    for (let v = 0; v < out; v++) {
      const y = top + v * scale;
      const y0 = Math.floor(y);
      const wy = y - y0;
      const slot0 = this.rowSlot(frame, y0, -1, out, padYuv);
      const a = slot0 < 0 ? padRow : this.rowBufs[slot0];
      const b = wy === 0 ? a : this.rowFor(frame, y0 + 1, slot0, out, padYuv);
      const w0 = 1 - wy;
      for (let u = 0, o = v * out; u < out; u++, o++) {
        const l = ky * (w0 * a[u] + wy * b[u]);
        const cu = w0 * a[out + u] + wy * b[out + u];
        const cv = w0 * a[2 * out + u] + wy * b[2 * out + u];
        const red = l + rv * cv + r0;
        const green = l - gu * cu - gv * cv + g0;
        const blue = l + bu * cu + b0;
        dst[bPlane + o] = (blue < 0 ? 0 : blue > 255 ? 255 : blue) - subB;
        dst[gPlane + o] = (green < 0 ? 0 : green > 255 ? 255 : green) - subG;
        dst[rPlane + o] = (red < 0 ? 0 : red > 255 ? 255 : red) - subR;
      }
    }
  }

  /** Row y of an i420 frame, Y, U and V interpolated horizontally, into the buffer of `slot`. */
  private fillYuvRow(buf: Float32Array, slot: number, frame: Frame, y: number, out: number, padYuv: ArrayLike<number>): void {
    const { width, height, data } = frame;
    const { chromaWidth, uOffset, vOffset } = i420Layout(width, height);
    const yRow = y * width;
    const uRow = uOffset + (y >> 1) * chromaWidth;
    const vRow = vOffset + (y >> 1) * chromaWidth;
    const { colXa, colXb, colWa, colWb, inStart, inEnd } = this;
    // Rows 2k and 2k+1 share a chroma row: take U, V from the other buffer when it holds the twin.
    const other = 1 - slot;
    const twin = this.rowTags[other] === (y ^ 1);
    if (twin) {
      buf.set(this.rowBufs[other].subarray(out, 3 * out), out);
      for (let u = inStart; u < inEnd; u++) buf[u] = colWa[u] * data[yRow + colXa[u]] + colWb[u] * data[yRow + colXb[u]];
    } else {
      const o1 = out;
      const o2 = 2 * out;
      for (let u = inStart; u < inEnd; u++) {
        const xa = colXa[u];
        const xb = colXb[u];
        const wa = colWa[u];
        const wb = colWb[u];
        buf[u] = wa * data[yRow + xa] + wb * data[yRow + xb];
        buf[o1 + u] = wa * data[uRow + (xa >> 1)] + wb * data[uRow + (xb >> 1)];
        buf[o2 + u] = wa * data[vRow + (xa >> 1)] + wb * data[vRow + (xb >> 1)];
      }
    }
    // Edge columns blend in the pad colour (in YUV: the conversion is affine, so this is the same blend).
    this.fillYuvEdges(buf, data, yRow, uRow, vRow, 0, inStart, out, padYuv, twin);
    this.fillYuvEdges(buf, data, yRow, uRow, vRow, inEnd, out, out, padYuv, twin);
  }

  /** Columns [from, to) with their pad share; only luma when the chroma was copied from the twin row. */
  private fillYuvEdges(buf: Float32Array, data: Frame['data'], yRow: number, uRow: number, vRow: number, from: number, to: number, out: number, padYuv: ArrayLike<number>, lumaOnly: boolean): void {
    const { colXa, colXb, colWa, colWb, colWpad } = this;
    for (let u = from; u < to; u++) {
      const xa = colXa[u];
      const xb = colXb[u];
      const wa = colWa[u];
      const wb = colWb[u];
      const wp = colWpad[u];
      buf[u] = wa * data[yRow + xa] + wb * data[yRow + xb] + wp * padYuv[0];
      if (lumaOnly) continue;
      buf[out + u] = wa * data[uRow + (xa >> 1)] + wb * data[uRow + (xb >> 1)] + wp * padYuv[1];
      buf[2 * out + u] = wa * data[vRow + (xa >> 1)] + wb * data[vRow + (xb >> 1)] + wp * padYuv[2];
    }
  }
}
