import { RealFFT2D } from './fft2d';
import { gaussianLabel } from './gaussian-label';
import { hanningWindow2d } from './window';

/**
 * Multi-channel linear correlation filter in the Fourier domain (DCFNet / KCF with a linear
 * kernel). For features z (C channels), label y and regulariser lambda:
 *   alpha_f  = y_f / (sum_c z_f,c * conj(z_f,c) + lambda)
 *   response = real(IFFT(sum_c x_f,c * conj(z_f,c) * alpha_f))
 * The model (z_f and alpha_f) is interpolated between frames by a learning rate, as DCFNet
 * does; a frame judged lost simply never calls learn().
 *
 * Sizes: features are S x S (any S); the FFT runs at N = the next power of two >= S
 * (fft.js needs powers of two). The windowed features sit in the top-left corner of the
 * N x N grid, the rest is zero: the cosine window already takes them to zero at the border,
 * so the zero band only moves the circular wrap-around from S to N pixels; shifts and the
 * label (sigma in feature pixels) are unchanged. With S a power of two there is no padding.
 *
 * Slots hold transformed search patches (e.g. one per scale). After detection the target can be
 * learned from the search features without a new crop: learnFrom() moves them onto the target
 * and windows them again (one transform), learn(slot, rate, shift) only phase-shifts the slot's
 * spectrum (no transform, but the window stays centred on the old position).
 * Nothing is allocated after construction.
 */
export interface CorrelationFilterOptions {
  /** Side S of the (square) feature maps. */
  featureSize: number;
  channels: number;
  /** Ridge regulariser. */
  lambda: number;
  /** Gaussian label sigma, in feature pixels. */
  sigma: number;
  /** Patches kept transformed at once (e.g. number of scales). Default 1. */
  slots?: number;
  /** Multiply features by a Hann window before the FFT. Default true. */
  window?: boolean;
  /** Half-width of the square around the peak left out of the PSR's sidelobe. Default max(5, round(2.5 sigma)). */
  psrExclusion?: number;
}

/** The response peak: circular shift (dx, dy) in feature pixels, sub-pixel, within [-N/2, N/2]. */
export interface FilterPeak {
  dx: number;
  dy: number;
  /** Response value at the integer peak. */
  value: number;
  /** Peak-to-sidelobe ratio: (peak - mean) / std of the response outside the peak's square. */
  psr: number;
}

export class CorrelationFilter {
  readonly featureSize: number;
  readonly fftSize: number;
  readonly channels: number;
  readonly slots: number;
  readonly lambda: number;
  private readonly fft: RealFFT2D;
  private readonly window: Float32Array | null;
  private readonly labelF: Float64Array;
  private readonly slotF: Float64Array[];
  private readonly responses: Float32Array[];
  private readonly modelZf: Float64Array;
  private readonly modelAlphaF: Float64Array;
  private readonly image: Float64Array;
  private readonly accum: Float64Array;
  private readonly phaseX: Float64Array;
  private readonly phaseY: Float64Array;
  private readonly psrExclusion: number;
  private isTrained = false;

  constructor(opts: CorrelationFilterOptions) {
    const s = opts.featureSize;
    let n = 2;
    while (n < s) n *= 2;
    this.featureSize = s;
    this.fftSize = n;
    this.channels = opts.channels;
    this.slots = opts.slots ?? 1;
    this.lambda = opts.lambda;
    this.fft = new RealFFT2D(n);
    this.window = opts.window === false ? null : hanningWindow2d(s);
    this.psrExclusion = opts.psrExclusion ?? Math.max(5, Math.round(2.5 * opts.sigma));
    const plane = this.fft.spectrumLength;
    // The label is real and even, so its spectrum is real: keep the real parts only.
    const labelSpectrum = this.fft.createSpectrum();
    this.fft.forward(gaussianLabel(n, opts.sigma), labelSpectrum);
    this.labelF = new Float64Array(plane / 2);
    for (let i = 0; i < this.labelF.length; i++) this.labelF[i] = labelSpectrum[2 * i];
    // one extra slot, private to learnFrom()
    this.slotF = Array.from({ length: this.slots + 1 }, () => new Float64Array(plane * this.channels));
    this.responses = Array.from({ length: this.slots }, () => new Float32Array(n * n));
    this.modelZf = new Float64Array(plane * this.channels);
    this.modelAlphaF = new Float64Array(plane / 2);
    this.image = new Float64Array(n * n);
    this.accum = new Float64Array(plane);
    this.phaseX = new Float64Array(2 * this.fft.halfWidth);
    this.phaseY = new Float64Array(2 * n);
  }

  get trained(): boolean {
    return this.isTrained;
  }

  /** The model spectra (z_f per channel, then the real alpha_f), as read-only views for inspection. */
  get model(): { zf: Readonly<Float64Array>; alphaf: Readonly<Float64Array> } {
    return { zf: this.modelZf, alphaf: this.modelAlphaF };
  }

  /** Window and transform planar features (channels x S x S, from `offset`) into a slot. */
  load(features: Float32Array, slot = 0, offset = 0): void {
    if (slot < 0 || slot >= this.slots) throw new Error(`slot ${slot} outside 0..${this.slots - 1}`);
    this.transform(features, offset, this.slotF[slot], 0, 0);
  }

  /**
   * Learn from raw features whose target centre sits at `shift` from the patch centre (e.g. the
   * search features and the detected peak) as if they had been cropped around the target: the
   * integer part of the shift moves the features before the window (zeros come in at the border,
   * where the window is ~0), the fraction is a Fourier phase shift. Costs one transform, no crop.
   */
  learnFrom(features: Float32Array, offset: number, rate: number, shift: { dx: number; dy: number }): void {
    const ix = Math.round(shift.dx);
    const iy = Math.round(shift.dy);
    this.transform(features, offset, this.slotF[this.slots], ix, iy);
    this.learn(this.slots, rate, { dx: shift.dx - ix, dy: shift.dy - iy });
  }

  /** Window features read at (row + sy, col + sx) (zero outside) and transform them into `out`. */
  private transform(features: Float32Array, offset: number, out: Float64Array, sx: number, sy: number): void {
    const s = this.featureSize;
    const n = this.fftSize;
    const plane = this.fft.spectrumLength;
    const img = this.image;
    const w = this.window;
    for (let c = 0; c < this.channels; c++) {
      const base = offset + c * s * s;
      for (let r = 0; r < s; r++) {
        const sr = r + sy;
        const rowIn = sr >= 0 && sr < s;
        for (let k = 0; k < s; k++) {
          const sk = k + sx;
          const v = rowIn && sk >= 0 && sk < s ? features[base + sr * s + sk] : 0;
          img[r * n + k] = w ? v * w[r * s + k] : v;
        }
      }
      this.fft.forward(img, out, c * plane, s);
    }
  }

  /**
   * Learn from a loaded slot: rate 1 (or an untrained filter) replaces the model, a smaller rate
   * interpolates z_f and alpha_f. `shift` is where the target centre sits in that patch relative
   * to the patch's origin (feature pixels, e.g. the detected peak): the patch is shifted back in
   * the Fourier domain so the model stays centred without a new crop.
   */
  learn(slot = 0, rate = 1, shift?: { dx: number; dy: number }): void {
    const n = this.fftSize;
    const hw = this.fft.halfWidth;
    const plane = this.fft.spectrumLength;
    const src = this.slotF[slot];
    const replace = !this.isTrained || rate > 0.99;
    const keep = replace ? 0 : 1 - rate;
    const take = replace ? 1 : rate;
    const shifted = !!shift && (shift.dx !== 0 || shift.dy !== 0);
    if (shifted) this.phaseTables(shift.dx, shift.dy);
    const px = this.phaseX;
    const py = this.phaseY;
    const kzz = this.accum; // scratch: sum_c |z_f,c|^2 in the even slots
    kzz.fill(0);
    for (let c = 0; c < this.channels; c++) {
      const o = c * plane;
      for (let k = 0; k < hw; k++) {
        for (let r = 0; r < n; r++) {
          const j = k * n + r;
          let zr = src[o + 2 * j];
          let zi = src[o + 2 * j + 1];
          kzz[j] += zr * zr + zi * zi;
          if (shifted) {
            // multiply by exp(+2 pi i (kx dx + ky dy) / N): z(p) = x(p + shift)
            const er = px[2 * k] * py[2 * r] - px[2 * k + 1] * py[2 * r + 1];
            const ei = px[2 * k] * py[2 * r + 1] + px[2 * k + 1] * py[2 * r];
            const tr = zr * er - zi * ei;
            zi = zr * ei + zi * er;
            zr = tr;
          }
          this.modelZf[o + 2 * j] = keep * this.modelZf[o + 2 * j] + take * zr;
          this.modelZf[o + 2 * j + 1] = keep * this.modelZf[o + 2 * j + 1] + take * zi;
        }
      }
    }
    for (let j = 0; j < this.modelAlphaF.length; j++) {
      this.modelAlphaF[j] = keep * this.modelAlphaF[j] + take * (this.labelF[j] / (kzz[j] + this.lambda));
    }
    this.isTrained = true;
  }

  /** Correlate a loaded slot with the model: fills the slot's response and returns its peak. */
  detect(slot = 0): FilterPeak {
    if (!this.isTrained) throw new Error('correlation filter used before it was trained');
    const plane = this.fft.spectrumLength;
    const x = this.slotF[slot];
    const z = this.modelZf;
    const acc = this.accum;
    acc.fill(0);
    for (let c = 0; c < this.channels; c++) {
      const o = c * plane;
      for (let i = 0; i < plane; i += 2) {
        const xr = x[o + i], xi = x[o + i + 1], zr = z[o + i], zi = z[o + i + 1];
        acc[i] += xr * zr + xi * zi; // x * conj(z)
        acc[i + 1] += xi * zr - xr * zi;
      }
    }
    for (let j = 0; j < this.modelAlphaF.length; j++) {
      acc[2 * j] *= this.modelAlphaF[j];
      acc[2 * j + 1] *= this.modelAlphaF[j];
    }
    const response = this.responses[slot];
    this.fft.inverse(acc, response);
    return findPeak(response, this.fftSize, this.psrExclusion);
  }

  /** A slot's last response, N x N row-major, zero shift at index 0 (not centred). */
  response(slot = 0): Float32Array {
    return this.responses[slot];
  }

  /**
   * Copy a slot's response centred for display: out is S x S, pixel (i, j) holding the score of
   * the shift (j - floor(S/2), i - floor(S/2)).
   */
  centredResponse(slot: number, out: Float32Array): void {
    const s = this.featureSize;
    const n = this.fftSize;
    const h = Math.floor(s / 2);
    const resp = this.responses[slot];
    for (let i = 0; i < s; i++) {
      const r = (i - h + n) & (n - 1);
      for (let j = 0; j < s; j++) out[i * s + j] = resp[r * n + ((j - h + n) & (n - 1))];
    }
  }

  private phaseTables(dx: number, dy: number): void {
    const n = this.fftSize;
    for (let k = 0; k < this.fft.halfWidth; k++) {
      const a = (2 * Math.PI * k * dx) / n;
      this.phaseX[2 * k] = Math.cos(a);
      this.phaseX[2 * k + 1] = Math.sin(a);
    }
    for (let r = 0; r < n; r++) {
      const ky = r <= n / 2 ? r : r - n;
      const a = (2 * Math.PI * ky * dy) / n;
      this.phaseY[2 * r] = Math.cos(a);
      this.phaseY[2 * r + 1] = Math.sin(a);
    }
  }
}

/**
 * Peak of an N x N circular response (zero shift at index 0): integer argmax refined by a
 * parabola through its neighbours on each axis, plus the peak-to-sidelobe ratio with a
 * (2e+1)^2 square around the peak left out.
 */
export function findPeak(response: Float32Array | Float64Array, n: number, exclusion: number): FilterPeak {
  let best = 0;
  for (let i = 1; i < n * n; i++) if (response[i] > response[best]) best = i;
  const r = Math.floor(best / n);
  const c = best - r * n;
  const m = n - 1;
  const v = response[best];
  const subX = parabolaOffset(response[r * n + ((c - 1) & m)], v, response[r * n + ((c + 1) & m)]);
  const subY = parabolaOffset(response[((r - 1) & m) * n + c], v, response[((r + 1) & m) * n + c]);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n * n; i++) {
    sum += response[i];
    sumSq += response[i] * response[i];
  }
  const e = Math.min(exclusion, Math.floor((n - 1) / 2));
  let count = n * n;
  for (let dy = -e; dy <= e; dy++) {
    const row = ((r + dy) & m) * n;
    for (let dx = -e; dx <= e; dx++) {
      const val = response[row + ((c + dx) & m)];
      sum -= val;
      sumSq -= val * val;
      count--;
    }
  }
  const mean = count > 0 ? sum / count : 0;
  const std = count > 0 ? Math.sqrt(Math.max(0, sumSq / count - mean * mean)) : 0;
  const psr = std > 0 ? (v - mean) / std : 0;
  return { dx: (c > n / 2 ? c - n : c) + subX, dy: (r > n / 2 ? r - n : r) + subY, value: v, psr };
}

function parabolaOffset(left: number, centre: number, right: number): number {
  const denom = left - 2 * centre + right;
  if (!(denom < 0)) return 0;
  return Math.max(-0.5, Math.min(0.5, (0.5 * (left - right)) / denom));
}
