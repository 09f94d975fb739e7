import FFT from 'fft.js';

/**
 * 2-D FFT of real N x N images (N a power of two, as fft.js requires), keeping the half
 * spectrum that a real signal needs: N/2 + 1 frequency columns kx, each holding N rows ky,
 * complex interleaved [re, im, ...]. The layout is column-major (index (kx * N + ky) * 2) so
 * that the second pass reads and writes contiguous runs: fft.js then works straight on
 * sub-array views, with no gather/scatter copies. All buffers are allocated once.
 *
 * Two real rows travel in one complex 1-D transform (z = a + i b, split afterwards by
 * Hermitian symmetry), which halves the row pass; fft.js's realTransform is barely faster
 * than its complex one at these sizes.
 */
export class RealFFT2D {
  readonly size: number;
  /** Frequency columns kept: N/2 + 1. */
  readonly halfWidth: number;
  /** Length of a half-spectrum array (complex interleaved). */
  readonly spectrumLength: number;
  private readonly fft: FFT;
  private readonly lineIn: Float64Array;
  private readonly lineOut: Float64Array;
  /** Row-pass result (forward) or column-pass result (inverse), same layout as a spectrum. */
  private readonly between: Float64Array;
  private readonly betweenViews: Float64Array[];
  /** Per spectrum array, a view on each run of N complex values (made once, so no per-call garbage). */
  private readonly runViews = new WeakMap<Float64Array, Float64Array[]>();

  constructor(size: number) {
    if (size < 2 || (size & (size - 1)) !== 0) throw new Error(`FFT size must be a power of two >= 2, got ${size}`);
    this.size = size;
    this.halfWidth = size / 2 + 1;
    this.spectrumLength = size * this.halfWidth * 2;
    this.fft = new FFT(size);
    this.lineIn = new Float64Array(2 * size);
    this.lineOut = new Float64Array(2 * size);
    this.between = new Float64Array(this.spectrumLength);
    this.betweenViews = Array.from({ length: this.halfWidth }, (_, k) => this.between.subarray(2 * k * size, 2 * (k + 1) * size));
  }

  createSpectrum(): Float64Array {
    return new Float64Array(this.spectrumLength);
  }

  /** Index (into a spectrum array, real part) of frequency (kx, ky), kx in [0, N/2], ky in [0, N). */
  index(kx: number, ky: number): number {
    return (kx * this.size + ky) * 2;
  }

  /**
   * Forward transform of a real row-major N x N image into a half spectrum written from
   * `offset`. Only the first `rows` image rows are read; the rest are taken as zero.
   */
  forward(image: ArrayLike<number>, spectrum: Float64Array, offset = 0, rows = this.size): void {
    const n = this.size;
    const hw = this.halfWidth;
    const zin = this.lineIn;
    const z = this.lineOut;
    const mid = this.between;
    for (let r = 0; r < n; r += 2) {
      if (r >= rows) {
        for (let k = 0; k < hw; k++) {
          const o = 2 * (k * n + r);
          mid[o] = mid[o + 1] = mid[o + 2] = mid[o + 3] = 0;
        }
        continue;
      }
      const a = r * n;
      const b = r + 1 < rows ? a + n : -1;
      for (let k = 0; k < n; k++) {
        zin[2 * k] = image[a + k];
        zin[2 * k + 1] = b < 0 ? 0 : image[b + k];
      }
      this.fft.transform(z, zin);
      for (let k = 0; k < hw; k++) {
        const m = (n - k) & (n - 1);
        const zr = z[2 * k], zi = z[2 * k + 1], cr = z[2 * m], ci = z[2 * m + 1];
        const o = 2 * (k * n + r); // rows r and r + 1 of column k
        mid[o] = 0.5 * (zr + cr);
        mid[o + 1] = 0.5 * (zi - ci);
        mid[o + 2] = 0.5 * (zi + ci);
        mid[o + 3] = 0.5 * (cr - zr);
      }
    }
    const runs = this.runs(spectrum, offset);
    const first = offset / (2 * n);
    for (let k = 0; k < hw; k++) this.fft.transform(runs[first + k], this.betweenViews[k]);
  }

  private runs(spectrum: Float64Array, offset: number): Float64Array[] {
    const len = 2 * this.size;
    if (offset % len !== 0) throw new Error(`spectrum offset ${offset} is not a multiple of ${len}`);
    let views = this.runViews.get(spectrum);
    if (!views) {
      views = Array.from({ length: Math.floor(spectrum.length / len) }, (_, i) => spectrum.subarray(i * len, (i + 1) * len));
      this.runViews.set(spectrum, views);
    }
    return views;
  }

  /**
   * Inverse transform of a half spectrum (from `offset`) into a real N x N image, numpy irfft2
   * semantics: the imaginary parts of the self-conjugate columns kx = 0 and N/2 are ignored.
   */
  inverse(spectrum: Float64Array, image: Float64Array | Float32Array, offset = 0): void {
    const n = this.size;
    const hw = this.halfWidth;
    const zin = this.lineIn;
    const z = this.lineOut;
    const mid = this.between;
    const runs = this.runs(spectrum, offset);
    const first = offset / (2 * n);
    for (let k = 0; k < hw; k++) this.fft.inverseTransform(this.betweenViews[k], runs[first + k]);
    for (let r = 0; r < n; r += 2) {
      // z = A + iB over the full row (rows r and r + 1), A and B extended by Hermitian symmetry.
      const last = 2 * ((hw - 1) * n + r);
      zin[0] = mid[2 * r];
      zin[1] = mid[2 * r + 2];
      zin[n] = mid[last];
      zin[n + 1] = mid[last + 2];
      for (let k = 1; k < hw - 1; k++) {
        const o = 2 * (k * n + r);
        const ar = mid[o], ai = mid[o + 1], br = mid[o + 2], bi = mid[o + 3];
        zin[2 * k] = ar - bi;
        zin[2 * k + 1] = ai + br;
        const m = n - k;
        zin[2 * m] = ar + bi;
        zin[2 * m + 1] = br - ai;
      }
      this.fft.inverseTransform(z, zin);
      const a = r * n;
      for (let k = 0; k < n; k++) {
        image[a + k] = z[2 * k];
        image[a + n + k] = z[2 * k + 1];
      }
    }
  }
}
