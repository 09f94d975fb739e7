import { describe, expect, it } from 'vitest';
import { i420Layout, type Frame, type YuvMatrix } from '../../../common/frame';
import { SubwindowCropper, meanColourBGR, type SquareWindow } from '../../../workers/core/crop';
import { toRgba, yuvToRgbAffine } from '../../../common/yuv';
import { randomI420 } from '../../helpers/frames';

/** A frame whose pixels differ per channel and position (no symmetry to hide index mistakes). */
function syntheticFrame(width: number, height: number, seed = 1): Frame {
  const data = new Uint8ClampedArray(width * height * 4);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    data[i] = (i & 3) === 3 ? 255 : s % 256;
  }
  return { width, height, data };
}

/**
 * Bilinear sample at output pixel (u, v) of an out x out crop of `win` (half-pixel centres), of a
 * frame given as `at(x, y, k)`, whole pixel x, y, channel k (outside the frame: the pad value).
 */
function bilinearAt(win: SquareWindow, out: number, u: number, v: number, k: number, at: (x: number, y: number, k: number) => number): number {
  const scale = win.side / out;
  const x = win.cx - win.side / 2 + (u + 0.5) * scale - 0.5;
  const y = win.cy - win.side / 2 + (v + 0.5) * scale - 0.5;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const top = at(x0, y0, k) * (1 - fx) + at(x0 + 1, y0, k) * fx;
  const bottom = at(x0, y0 + 1, k) * (1 - fx) + at(x0 + 1, y0 + 1, k) * fx;
  return top * (1 - fy) + bottom * fy;
}

/** Straightforward reference: bilinear sample of the padded frame at every output pixel, no tables. */
function referenceCrop(frame: Frame, win: SquareWindow, out: number, pad: number[], subtract = [0, 0, 0]): Float32Array {
  const dst = new Float32Array(3 * out * out);
  const pixel = (x: number, y: number, c: number): number => {
    if (x < 0 || y < 0 || x >= frame.width || y >= frame.height) return pad[c];
    return frame.data[(y * frame.width + x) * 4 + (2 - c)]; // c: 0=B, 1=G, 2=R
  };
  for (let c = 0; c < 3; c++) {
    for (let v = 0; v < out; v++) {
      for (let u = 0; u < out; u++) dst[c * out * out + v * out + u] = bilinearAt(win, out, u, v, c, pixel) - subtract[c];
    }
  }
  return dst;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const PAD = [11, 22, 33];

describe('meanColourBGR', () => {
  it('averages each channel and returns B,G,R', () => {
    const frame: Frame = { width: 2, height: 1, data: new Uint8Array([10, 20, 30, 255, 30, 40, 50, 255]) };
    expect(Array.from(meanColourBGR(frame))).toEqual([40, 30, 20]);
  });
});

describe('SubwindowCropper', () => {
  const frame = syntheticFrame(23, 17);
  const cases: [string, SquareWindow, number][] = [
    ['inside, same size', { cx: 11.5, cy: 8.5, side: 9 }, 9],
    ['inside, scale down, fractional centre', { cx: 12.3, cy: 7.9, side: 13.7 }, 6],
    ['inside, scale up', { cx: 10.2, cy: 9.6, side: 5.5 }, 16],
    ['partly outside, top-left', { cx: 1.7, cy: 0.4, side: 12.2 }, 10],
    ['partly outside, bottom-right, scale up', { cx: 21.9, cy: 16.2, side: 7 }, 19],
    ['larger than the frame', { cx: 11, cy: 8, side: 60.5 }, 15],
    ['fully outside (all padding)', { cx: -40, cy: 70, side: 10 }, 7],
  ];
  for (const [name, win, out] of cases) {
    it(`matches the reference: ${name}`, () => {
      const cropper = new SubwindowCropper();
      const dst = new Float32Array(3 * out * out);
      cropper.crop(frame, win, out, dst, { pad: PAD });
      expect(maxAbsDiff(dst, referenceCrop(frame, win, out, PAD))).toBeLessThan(1e-3);
    });
  }

  it('copies pixels exactly when the window is pixel-aligned and not resized', () => {
    const dst = new Float32Array(3 * 4 * 4);
    // Pixels x 3..6, y 5..8: continuous square [3,7) x [5,9).
    new SubwindowCropper().crop(frame, { cx: 5, cy: 7, side: 4 }, 4, dst, { pad: PAD });
    for (let v = 0; v < 4; v++) {
      for (let u = 0; u < 4; u++) {
        const o = ((5 + v) * frame.width + 3 + u) * 4;
        expect(dst[v * 4 + u]).toBe(frame.data[o + 2]);
        expect(dst[16 + v * 4 + u]).toBe(frame.data[o + 1]);
        expect(dst[32 + v * 4 + u]).toBe(frame.data[o]);
      }
    }
  });

  it('halving a pixel-aligned window averages 2x2 blocks', () => {
    const dst = new Float32Array(3 * 3 * 3);
    new SubwindowCropper().crop(frame, { cx: 8, cy: 6, side: 6 }, 3, dst, { pad: PAD });
    const red = (x: number, y: number) => frame.data[(y * frame.width + x) * 4];
    for (let v = 0; v < 3; v++) {
      for (let u = 0; u < 3; u++) {
        const x = 5 + 2 * u;
        const y = 3 + 2 * v;
        const mean = (red(x, y) + red(x + 1, y) + red(x, y + 1) + red(x + 1, y + 1)) / 4;
        expect(dst[18 + v * 3 + u]).toBeCloseTo(mean, 4);
      }
    }
  });

  it('pads with exactly the given colour far outside and subtracts the per-channel mean', () => {
    const dst = new Float32Array(3 * 5 * 5);
    new SubwindowCropper().crop(frame, { cx: 500, cy: -500, side: 20 }, 5, dst, { pad: PAD, subtract: [1, 2, 3] });
    expect(new Set(dst.subarray(0, 25))).toEqual(new Set([10]));
    expect(new Set(dst.subarray(25, 50))).toEqual(new Set([20]));
    expect(new Set(dst.subarray(50, 75))).toEqual(new Set([30]));
  });

  it('reproduces a linear ramp when scaling up (bilinear is exact on linear images)', () => {
    const w = 40;
    const h = 30;
    const data = new Uint8Array(w * h * 4);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set([2 * x, 3 * y, x + y, 255], (y * w + x) * 4);
    const out = 32;
    const win = { cx: 20.25, cy: 14.5, side: 10 };
    const dst = new Float32Array(3 * out * out);
    new SubwindowCropper().crop({ width: w, height: h, data }, win, out, dst, { pad: PAD });
    for (const [u, v] of [[0, 0], [31, 0], [7, 19], [31, 31]]) {
      const x = win.cx - win.side / 2 + (u + 0.5) * (win.side / out) - 0.5;
      const y = win.cy - win.side / 2 + (v + 0.5) * (win.side / out) - 0.5;
      expect(dst[2 * out * out + v * out + u]).toBeCloseTo(2 * x, 3); // R
      expect(dst[out * out + v * out + u]).toBeCloseTo(3 * y, 3); // G
    }
  });

  it('writes at an offset, reuses its tables across sizes and leaves the rest of dst alone', () => {
    const cropper = new SubwindowCropper();
    const big = new Float32Array(3 * 12 * 12);
    cropper.crop(frame, { cx: 9, cy: 9, side: 15 }, 12, big, { pad: PAD });
    const win = { cx: 4.4, cy: 13.1, side: 8.8 };
    const dst = new Float32Array(10 + 3 * 5 * 5 + 10).fill(-7);
    cropper.crop(frame, win, 5, dst, { pad: PAD, subtract: [104, 117, 123] }, 10);
    expect(maxAbsDiff(dst.subarray(10, 85), referenceCrop(frame, win, 5, PAD, [104, 117, 123]))).toBeLessThan(1e-3);
    expect(Array.from(dst.subarray(0, 10))).toEqual(new Array(10).fill(-7));
    expect(Array.from(dst.subarray(85))).toEqual(new Array(10).fill(-7));
    // Back to the bigger size: still right after the smaller call.
    const again = new Float32Array(3 * 12 * 12);
    cropper.crop(frame, { cx: 9, cy: 9, side: 15 }, 12, again, { pad: PAD });
    expect(maxAbsDiff(again, big)).toBe(0);
  });

  it('rejects bad sizes instead of writing garbage', () => {
    const cropper = new SubwindowCropper();
    expect(() => cropper.crop(frame, { cx: 5, cy: 5, side: 4 }, 4, new Float32Array(10), { pad: PAD })).toThrow(/too small/);
    expect(() => cropper.crop(frame, { cx: 5, cy: 5, side: 0 }, 4, new Float32Array(48), { pad: PAD })).toThrow(/window/);
    expect(() => cropper.crop(frame, { cx: 5, cy: 5, side: 4 }, 2.5, new Float32Array(48), { pad: PAD })).toThrow(/integer/);
  });
});

/** An i420 frame of random bytes kept in [lo, hi] (luma) and 128 +- chroma: every pixel's RGB in gamut. */
function inGamutI420(width: number, height: number, seed: number, matrix?: YuvMatrix): Frame {
  const frame = randomI420(width, height, seed, matrix);
  const { uOffset } = i420Layout(width, height);
  const d = frame.data;
  for (let i = 0; i < d.length; i++) d[i] = i < uOffset ? 50 + (d[i] % 151) : 116 + (d[i] % 25);
  return frame;
}

/** Reference for i420: at every output pixel, Y, U and V sampled bilinearly (chroma (x>>1, y>>1) per pixel), then converted. */
function referenceI420Crop(frame: Frame, win: SquareWindow, out: number, pad: number[]): Float32Array {
  const m = yuvToRgbAffine(frame.matrix);
  const padYuv = m.fromRgb(pad[2], pad[1], pad[0], new Float64Array(3));
  const { chromaWidth, uOffset, vOffset } = i420Layout(frame.width, frame.height);
  const yuv = (x: number, y: number, k: number): number => {
    if (x < 0 || y < 0 || x >= frame.width || y >= frame.height) return padYuv[k];
    if (k === 0) return frame.data[y * frame.width + x];
    return frame.data[(k === 1 ? uOffset : vOffset) + (y >> 1) * chromaWidth + (x >> 1)];
  };
  const dst = new Float32Array(3 * out * out);
  const clamp = (v: number) => Math.min(255, Math.max(0, v));
  for (let v = 0; v < out; v++) {
    for (let u = 0; u < out; u++) {
      const [Y, U, V] = [0, 1, 2].map((k) => bilinearAt(win, out, u, v, k, yuv));
      const o = v * out + u;
      dst[o] = clamp(m.y * Y + m.bu * U + m.b0);
      dst[out * out + o] = clamp(m.y * Y - m.gu * U - m.gv * V + m.g0);
      dst[2 * out * out + o] = clamp(m.y * Y + m.rv * V + m.r0);
    }
  }
  return dst;
}

describe('SubwindowCropper on i420 frames', () => {
  const windows = [{ cx: 18.5, cy: 11.5, side: 15 }, { cx: 2.3, cy: 20.7, side: 19.4 }, { cx: 30, cy: 5, side: 61 }, { cx: 17.2, cy: 12.9, side: 7.3 }];

  it('samples Y, U and V bilinearly and converts each output pixel, inside, across edges and scaled up or down', () => {
    const cropper = new SubwindowCropper();
    for (const matrix of ['bt601', 'bt709'] as const) {
      const yuv = randomI420(37, 23, 3, matrix); // random bytes: many pixels out of gamut, so clamping is exercised
      for (const win of windows) {
        for (const out of [9, 31]) {
          const got = new Float32Array(3 * out * out);
          cropper.crop(yuv, win, out, got, { pad: [10, 20, 30] });
          expect(maxAbsDiff(got, referenceI420Crop(yuv, win, out, [10, 20, 30]))).toBeLessThan(2e-3);
        }
      }
    }
  });

  it('matches the crop of the same frame converted to RGBA to within the RGBA bytes\' rounding where colours are in gamut', () => {
    const cropper = new SubwindowCropper();
    for (const matrix of ['bt601', 'bt709'] as const) {
      const yuv = inGamutI420(37, 23, 5, matrix);
      const rgba: Frame = { width: 37, height: 23, data: toRgba(yuv) };
      for (const win of windows) {
        const out = 31;
        const a = new Float32Array(3 * out * out);
        const b = new Float32Array(3 * out * out);
        cropper.crop(yuv, win, out, a, { pad: [10, 20, 30], subtract: [104, 117, 123] });
        cropper.crop(rgba, win, out, b, { pad: [10, 20, 30], subtract: [104, 117, 123] });
        // The RGBA path interpolates bytes rounded to the nearest level: at most half a level apart.
        expect(maxAbsDiff(a, b)).toBeLessThanOrEqual(0.501);
      }
    }
  });

  it('fills a window entirely outside the frame with the pad colour', () => {
    const out = 8;
    const got = new Float32Array(3 * out * out);
    new SubwindowCropper().crop(randomI420(37, 23, 9, 'bt709'), { cx: -100, cy: 50, side: 20 }, out, got, { pad: [10, 20, 200] });
    for (let c = 0; c < 3; c++) {
      for (let k = 0; k < out * out; k++) expect(got[c * out * out + k]).toBeCloseTo([10, 20, 200][c], 3);
    }
  });

  it('gives the same mean colour as the frame converted to RGBA', () => {
    const yuv = randomI420(37, 23, 3, 'bt709');
    const rgba: Frame = { width: 37, height: 23, data: toRgba(yuv) };
    expect(Array.from(meanColourBGR(yuv))).toEqual(Array.from(meanColourBGR(rgba)));
  });
});
