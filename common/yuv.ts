/**
 * YUV 4:2:0 (limited range) to RGB, as ffmpeg's swscale does it for `-pix_fmt rgba`: the matrix
 * of the frame's colour-space tag, chroma sample (x>>1, y>>1) for pixel (x, y). Against ffmpeg's
 * own RGBA of David and of a BT.709 clip: mean difference under 1.5 levels, at most 4
 * (test/main/video/frames.test.ts; swscale's rounding and chroma filter differ slightly).
 * Pure: the display (renderer) and the trackers' croppers (workers) share it.
 */
import { i420Layout, type Frame, type YuvMatrix } from './frame';

/** Fixed-point tables for one matrix: each term times 2^FRACTION, indexed by the byte. */
interface Tables {
  luma: Int32Array;
  rv: Int32Array;
  gu: Int32Array;
  gv: Int32Array;
  bu: Int32Array;
}

const FRACTION = 10;
const HALF = 1 << (FRACTION - 1);
/** Clamp to 0..255 by lookup: index value + CLAMP_OFFSET (sums stay within -300..560). */
const CLAMP_OFFSET = 512;
const CLAMP = new Uint8Array(1536).map((_, i) => Math.min(255, Math.max(0, i - CLAMP_OFFSET)));
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Luma weights (Kr, Kb) of each matrix; Kg = 1 - Kr - Kb. */
const LUMA_WEIGHTS: Record<YuvMatrix, readonly [number, number]> = {
  bt601: [0.299, 0.114],
  bt709: [0.2126, 0.0722],
  bt2020: [0.2627, 0.0593],
};

/**
 * The same limited-range conversion as real-valued affine maps, for code that interpolates in YUV
 * before converting (workers/core/crop.ts): R = y Y + rv V + r0, G = y Y - gu U - gv V + g0,
 * B = y Y + bu U + b0 (then clamped to 0..255), and its exact inverse for colours given in RGB.
 */
export interface YuvToRgb {
  y: number;
  rv: number;
  gu: number;
  gv: number;
  bu: number;
  r0: number;
  g0: number;
  b0: number;
  /** Y, U, V (unclamped) that convert back to exactly R, G, B. */
  fromRgb(r: number, g: number, b: number, out: Float64Array): Float64Array;
}

function affineFor(kr: number, kb: number): YuvToRgb {
  const kg = 1 - kr - kb;
  const c = 255 / 224; // limited-range chroma to full range
  const y = 255 / 219;
  const rv = 2 * (1 - kr) * c;
  const gu = ((2 * kb * (1 - kb)) / kg) * c;
  const gv = ((2 * kr * (1 - kr)) / kg) * c;
  const bu = 2 * (1 - kb) * c;
  return {
    y, rv, gu, gv, bu,
    r0: -16 * y - 128 * rv,
    g0: -16 * y + 128 * (gu + gv),
    b0: -16 * y - 128 * bu,
    fromRgb(r, g, b, out) {
      const l = kr * r + kg * g + kb * b;
      out[0] = l / y + 16;
      out[1] = (b - l) / bu + 128;
      out[2] = (r - l) / rv + 128;
      return out;
    },
  };
}

const AFFINE: Record<YuvMatrix, YuvToRgb> = {
  bt601: affineFor(...LUMA_WEIGHTS.bt601),
  bt709: affineFor(...LUMA_WEIGHTS.bt709),
  bt2020: affineFor(...LUMA_WEIGHTS.bt2020),
};

/** The fixed-point tables of a matrix, from its affine coefficients. */
function tablesFor(m: YuvToRgb): Tables {
  const table = (k: number, zero: number) => Int32Array.from({ length: 256 }, (_, b) => Math.round(k * (b - zero) * (1 << FRACTION)));
  return { luma: table(m.y, 16), rv: table(m.rv, 128), gu: table(m.gu, 128), gv: table(m.gv, 128), bu: table(m.bu, 128) };
}

const TABLES: Record<YuvMatrix, Tables> = {
  bt601: tablesFor(AFFINE.bt601),
  bt709: tablesFor(AFFINE.bt709),
  bt2020: tablesFor(AFFINE.bt2020),
};

export function yuvToRgbAffine(matrix: YuvMatrix = 'bt601'): YuvToRgb {
  return AFFINE[matrix];
}

/** `bytes` as 32-bit RGBA pixels (its byteOffset must be a multiple of 4), for i420RowToRgba. */
export function rgbaWords(bytes: Uint8ClampedArray | Uint8Array): Uint32Array {
  return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
}

/**
 * Pixels [x0, x1) of row y of an i420 frame as RGBA pixels into `words` (rgbaWords of an RGBA
 * buffer), pixel x at words[base + x], alpha 255. Fixed-point with lookup tables, one 32-bit store
 * per pixel: ~7 ms a 720p frame in Node here (12 ms before the chroma pairs were unrolled).
 */
export function i420RowToRgba(frame: Frame, y: number, x0: number, x1: number, words: Uint32Array, base = 0): void {
  const { width, height, data } = frame;
  const { chromaWidth, uOffset, vOffset } = i420Layout(width, height);
  const t = TABLES[frame.matrix ?? 'bt601'];
  const cRow = (y >> 1) * chromaWidth;
  let x = x0;
  // A leading odd pixel and a trailing even one have their chroma sample to themselves.
  if (x & 1 && x < x1) {
    i420Pixel(t, data, y * width + x, uOffset + cRow + (x >> 1), vOffset + cRow + (x >> 1), words, base + x);
    x++;
  }
  // Pixels 2k and 2k+1 share a chroma sample: its three terms are looked up once per pair, with
  // CLAMP's offset folded in, and both pixels written in one pass (the crops' hottest loop).
  const { luma, rv, gu, gv, bu } = t;
  const pairsEnd = x + ((x1 - x) & ~1);
  const offset = CLAMP_OFFSET << FRACTION;
  for (let yi = y * width + x, ci = uOffset + cRow + (x >> 1), vi = vOffset + cRow + (x >> 1), wi = base + x; x < pairsEnd; x += 2, yi += 2, ci++, vi++, wi += 2) {
    const u = data[ci];
    const v = data[vi];
    const dr = rv[v] + offset;
    const dg = offset - gu[u] - gv[v];
    const db = bu[u] + offset;
    const l0 = luma[data[yi]] + HALF;
    const l1 = luma[data[yi + 1]] + HALF;
    words[wi] = pack(CLAMP[(l0 + dr) >> FRACTION], CLAMP[(l0 + dg) >> FRACTION], CLAMP[(l0 + db) >> FRACTION]);
    words[wi + 1] = pack(CLAMP[(l1 + dr) >> FRACTION], CLAMP[(l1 + dg) >> FRACTION], CLAMP[(l1 + db) >> FRACTION]);
  }
  if (x < x1) i420Pixel(t, data, y * width + x, uOffset + cRow + (x >> 1), vOffset + cRow + (x >> 1), words, base + x);
}

/** One RGBA pixel as a 32-bit word in memory order (R first), alpha 255. */
function pack(r: number, g: number, b: number): number {
  return LITTLE_ENDIAN ? (0xff000000 | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | 0xff) >>> 0;
}

function i420Pixel(t: Tables, data: Frame['data'], yi: number, ui: number, vi: number, words: Uint32Array, wi: number): void {
  const u = data[ui];
  const v = data[vi];
  const l = t.luma[data[yi]] + HALF;
  words[wi] = pack(
    CLAMP[((l + t.rv[v]) >> FRACTION) + CLAMP_OFFSET],
    CLAMP[((l - t.gu[u] - t.gv[v]) >> FRACTION) + CLAMP_OFFSET],
    CLAMP[((l + t.bu[u]) >> FRACTION) + CLAMP_OFFSET],
  );
}

/** A whole frame as RGBA (a copy for 'i420', the frame's own bytes for 'rgba'). */
export function toRgba(frame: Frame, out?: Uint8ClampedArray): Uint8ClampedArray {
  const n = frame.width * frame.height * 4;
  if ((frame.format ?? 'rgba') === 'rgba') {
    const d = frame.data;
    return d instanceof Uint8ClampedArray ? d : new Uint8ClampedArray(d.buffer, d.byteOffset, d.byteLength);
  }
  const dst = out && out.length === n ? out : new Uint8ClampedArray(n);
  const words = rgbaWords(dst);
  for (let y = 0; y < frame.height; y++) i420RowToRgba(frame, y, 0, frame.width, words, y * frame.width);
  return dst;
}
