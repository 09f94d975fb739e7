import FFT from 'fft.js';

/**
 * 2-D FFT of real N x N images (N a power of two, as fft.js requires), keeping the half
 * spectrum that a real signal needs: N rows x (N/2 + 1) columns, complex interleaved
 * [re, im, re, im, ...], row-major. All scratch buffers are allocated once.
 *
 * Two real rows travel in one complex 1-D transform (z = a + i b, then split by Hermitian
 * symmetry), which halves the row stage; fft.js's own realTransform is barely faster than
 * its complex one at these sizes.
 */
export class RealFFT2D {
  readonly size: number;
  /** Columns kept per row: N/2 + 1. */
  readonly halfWidth: number;
  /** Length of a half-spectrum array (complex interleaved). */
  readonly spectrumLength: number;
  private readonly fft: FFT;
  private readonly lineIn: Float64Array;
  private readonly lineOut: Float64Array;

  constructor(size: number) {
    if (size < 2 || (size & (size - 1)) !== 0) throw new Error(`FFT size must be a power of two >= 2, got ${size}`);
    this.size = size;
    this.halfWidth = size / 2 + 1;
    this.spectrumLength = size * this.halfWidth * 2;
    this.fft = new FFT(size);
    this.lineIn = new Float64Array(2 * size);
    this.lineOut = new Float64Array(2 * size);
  }

  createSpectrum(): Float64Array {
    return new Float64Array(this.spectrumLength);
  }

  /** Forward transform of a real row-major N x N image into a half spectrum (written from `offset`). */
  forward(image: ArrayLike<number>, spectrum: Float64Array, offset = 0): void {
    const n = this.size;
    const hw = this.halfWidth;
    const zin = this.lineIn;
    const z = this.lineOut;
    for (let r = 0; r < n; r += 2) {
      const a = r * n;
      const b = a + n;
      for (let k = 0; k < n; k++) {
        zin[2 * k] = image[a + k];
        zin[2 * k + 1] = image[b + k];
      }
      this.fft.transform(z, zin);
      const rowA = offset + r * hw * 2;
      const rowB = rowA + hw * 2;
      for (let k = 0; k < hw; k++) {
        const m = (n - k) & (n - 1);
        const zr = z[2 * k], zi = z[2 * k + 1], cr = z[2 * m], ci = z[2 * m + 1];
        spectrum[rowA + 2 * k] = 0.5 * (zr + cr);
        spectrum[rowA + 2 * k + 1] = 0.5 * (zi - ci);
        spectrum[rowB + 2 * k] = 0.5 * (zi + ci);
        spectrum[rowB + 2 * k + 1] = 0.5 * (cr - zr);
      }
    }
    this.columns(spectrum, offset, false);
  }

  /**
   * Inverse transform of a half spectrum into a real N x N image (numpy irfft2 semantics:
   * the imaginary parts of the self-conjugate columns 0 and N/2 are ignored).
   * The spectrum is used as scratch and is overwritten.
   */
  inverse(spectrum: Float64Array, image: Float64Array | Float32Array): void {
    const n = this.size;
    const hw = this.halfWidth;
    const zin = this.lineIn;
    const z = this.lineOut;
    this.columns(spectrum, 0, true);
    for (let r = 0; r < n; r += 2) {
      const rowA = r * hw * 2;
      const rowB = rowA + hw * 2;
      // z = A + iB over the full row, A and B extended by Hermitian symmetry.
      zin[0] = spectrum[rowA];
      zin[1] = spectrum[rowB];
      zin[n] = spectrum[rowA + n];
      zin[n + 1] = spectrum[rowB + n];
      for (let k = 1; k < hw - 1; k++) {
        const ar = spectrum[rowA + 2 * k], ai = spectrum[rowA + 2 * k + 1];
        const br = spectrum[rowB + 2 * k], bi = spectrum[rowB + 2 * k + 1];
        zin[2 * k] = ar - bi;
        zin[2 * k + 1] = ai + br;
        const m = n - k;
        zin[2 * m] = ar + bi;
        zin[2 * m + 1] = br - ai;
      }
      this.fft.inverseTransform(z, zin);
      const a = r * n;
      const b = a + n;
      for (let k = 0; k < n; k++) {
        image[a + k] = z[2 * k];
        image[b + k] = z[2 * k + 1];
      }
    }
  }

  /** 1-D complex transforms down each of the N/2 + 1 columns, in place. */
  private columns(spectrum: Float64Array, offset: number, inverse: boolean): void {
    const n = this.size;
    const stride = this.halfWidth * 2;
    const zin = this.lineIn;
    const z = this.lineOut;
    for (let c = 0; c < this.halfWidth; c++) {
      for (let r = 0, o = offset + 2 * c; r < n; r++, o += stride) {
        zin[2 * r] = spectrum[o];
        zin[2 * r + 1] = spectrum[o + 1];
      }
      if (inverse) this.fft.inverseTransform(z, zin);
      else this.fft.transform(z, zin);
      for (let r = 0, o = offset + 2 * c; r < n; r++, o += stride) {
        spectrum[o] = z[2 * r];
        spectrum[o + 1] = z[2 * r + 1];
      }
    }
  }
}
