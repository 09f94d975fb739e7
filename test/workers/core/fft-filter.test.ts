import { describe, expect, it } from 'vitest';
import { CorrelationFilter, findPeak } from '../../../workers/core/fft-filter';
import { RealFFT2D } from '../../../workers/core/fft2d';
import { gaussianLabel } from '../../../workers/core/gaussian-label';
import { hanningWindow2d } from '../../../workers/core/window';
import { seededRandom } from '../../helpers/random';


function randomFeatures(channels: number, s: number, seed: number): Float32Array {
  const r = seededRandom(seed);
  return Float32Array.from({ length: channels * s * s }, () => r() * 2 - 1);
}

/** Circular shift: out(p) = in(p - d), i.e. the content moves by +d. */
function shiftFeatures(f: Float32Array, channels: number, s: number, dx: number, dy: number): Float32Array {
  const out = new Float32Array(f.length);
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < s; y++) {
      for (let x = 0; x < s; x++) {
        const sy = (((y - dy) % s) + s) % s;
        const sx = (((x - dx) % s) + s) % s;
        out[c * s * s + y * s + x] = f[c * s * s + sy * s + sx];
      }
    }
  }
  return out;
}

/** Features placed top-left on the N x N grid, times the window when given (float64 planes). */
function onGrid(f: Float32Array, channels: number, s: number, n: number, win: Float32Array | null): Float64Array[] {
  return Array.from({ length: channels }, (_, c) => {
    const g = new Float64Array(n * n);
    for (let y = 0; y < s; y++) for (let x = 0; x < s; x++) g[y * n + x] = f[c * s * s + y * s + x] * (win ? win[y * s + x] : 1);
    return g;
  });
}

/** <shift_a u, shift_b v> summed over channels, with (shift_d u)(p) = u(p + d), d = (row, col) flattened. */
function shiftedDot(u: Float64Array[], v: Float64Array[], n: number, a: number, b: number): number {
  const ay = Math.floor(a / n), ax = a % n, by = Math.floor(b / n), bx = b % n;
  let sum = 0;
  for (let c = 0; c < u.length; c++) {
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        sum += u[c][((y + ay) % n) * n + ((x + ax) % n)] * v[c][((y + by) % n) * n + ((x + bx) % n)];
      }
    }
  }
  return sum;
}

/** Solve A x = b by Gaussian elimination with partial pivoting (A is m x m, row-major; both are consumed). */
function solve(a: Float64Array, b: Float64Array, m: number): Float64Array {
  for (let col = 0; col < m; col++) {
    let piv = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(a[r * m + col]) > Math.abs(a[piv * m + col])) piv = r;
    for (let k = 0; k < m; k++) [a[col * m + k], a[piv * m + k]] = [a[piv * m + k], a[col * m + k]];
    [b[col], b[piv]] = [b[piv], b[col]];
    for (let r = col + 1; r < m; r++) {
      const f = a[r * m + col] / a[col * m + col];
      for (let k = col; k < m; k++) a[r * m + k] -= f * a[col * m + k];
      b[r] -= f * b[col];
    }
  }
  const x = new Float64Array(m);
  for (let r = m - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < m; k++) s -= a[r * m + k] * x[k];
    x[r] = s / a[r * m + r];
  }
  return x;
}

/** Dual ridge regression over all cyclic shifts of z, solved directly: (K + lambda I) alpha = y. */
function directAlpha(z: Float64Array[], n: number, label: Float64Array, lambda: number): Float64Array {
  const m = n * n;
  const k = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) k[i * m + j] = shiftedDot(z, z, n, i, j) + (i === j ? lambda : 0);
  return solve(k, Float64Array.from(label), m);
}

/** response(d) = sum_i alpha_i <shift_d x, shift_i z>, no FFT anywhere. */
function directResponse(x: Float64Array[], z: Float64Array[], alpha: Float64Array, n: number): Float64Array {
  const m = n * n;
  const r = new Float64Array(m);
  for (let d = 0; d < m; d++) for (let i = 0; i < m; i++) r[d] += alpha[i] * shiftedDot(x, z, n, d, i);
  return r;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('RealFFT2D', () => {
  it('matches a direct 2-D DFT and inverts back', () => {
    const n = 8;
    const r = seededRandom(1);
    const img = Float64Array.from({ length: n * n }, () => r() - 0.5);
    const fft = new RealFFT2D(n);
    const spec = fft.createSpectrum();
    fft.forward(img, spec);
    for (let ky = 0; ky < n; ky++) {
      for (let kx = 0; kx <= n / 2; kx++) {
        let re = 0, im = 0;
        for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
          const a = (-2 * Math.PI * (ky * y + kx * x)) / n;
          re += img[y * n + x] * Math.cos(a);
          im += img[y * n + x] * Math.sin(a);
        }
        const j = fft.index(kx, ky);
        expect(spec[j]).toBeCloseTo(re, 10);
        expect(spec[j + 1]).toBeCloseTo(im, 10);
      }
    }
    const back = new Float64Array(n * n);
    fft.inverse(spec, back);
    expect(maxAbsDiff(back, img)).toBeLessThan(1e-12);
  });

  it('rejects sizes that are not powers of two', () => {
    expect(() => new RealFFT2D(125)).toThrow(/power of two/);
  });
});

describe('CorrelationFilter against a direct ridge regression', () => {
  const cases = [
    { s: 8, window: false },
    { s: 8, window: true },
    { s: 6, window: true }, // zero-padded to an 8 x 8 FFT
  ];
  for (const { s, window } of cases) {
    it(`S=${s}, window ${window}: response equals the closed-form solution within 1e-4`, () => {
      const channels = 2;
      const lambda = 1e-4;
      const sigma = 1.2;
      const filter = new CorrelationFilter({ featureSize: s, channels, lambda, sigma, window });
      const n = filter.fftSize;
      expect(n).toBe(8);
      const z = randomFeatures(channels, s, 10 + s);
      const x = randomFeatures(channels, s, 20 + s);
      filter.load(z);
      filter.learn(0, 1);
      filter.load(x);
      const peak = filter.detect(0);

      const win = window ? hanningWindow2d(s) : null;
      const zg = onGrid(z, channels, s, n, win);
      const xg = onGrid(x, channels, s, n, win);
      const alpha = directAlpha(zg, n, gaussianLabel(n, sigma), lambda);
      const expected = directResponse(xg, zg, alpha, n);
      const scale = Math.max(...expected.map(Math.abs));
      expect(scale).toBeGreaterThan(1e-3);
      expect(maxAbsDiff(filter.response(0), expected) / scale).toBeLessThan(1e-4);
      let best = 0;
      for (let i = 1; i < expected.length; i++) if (expected[i] > expected[best]) best = i;
      expect(peak.value).toBeCloseTo(expected[best], 4);
    });
  }

  it('interpolates z_f and alpha_f with the learning rate, as DCFNet does', () => {
    const channels = 2, s = 8, lambda = 1e-4, sigma = 1.2, rate = 0.3;
    const filter = new CorrelationFilter({ featureSize: s, channels, lambda, sigma, window: false });
    const z1 = randomFeatures(channels, s, 31), z2 = randomFeatures(channels, s, 32), x = randomFeatures(channels, s, 33);
    filter.load(z1);
    filter.learn(0, 1);
    filter.load(z2);
    filter.learn(0, rate);
    filter.load(x);
    filter.detect(0);

    const label = gaussianLabel(s, sigma);
    const g1 = onGrid(z1, channels, s, s, null), g2 = onGrid(z2, channels, s, s, null), gx = onGrid(x, channels, s, s, null);
    const a1 = directAlpha(g1, s, label, lambda), a2 = directAlpha(g2, s, label, lambda);
    const zm = g1.map((p, c) => p.map((v, i) => (1 - rate) * v + rate * g2[c][i]));
    const am = a1.map((v, i) => (1 - rate) * v + rate * a2[i]);
    const expected = directResponse(gx, zm, am, s);
    const scale = Math.max(...expected.map(Math.abs));
    expect(maxAbsDiff(filter.response(0), expected) / scale).toBeLessThan(1e-4);
  });
});

describe('CorrelationFilter behaviour', () => {
  const channels = 3, s = 32;

  function smoothFeatures(seed: number): Float32Array {
    // a few random blobs per channel: image-like, with one clear best alignment
    const r = seededRandom(seed);
    const f = new Float32Array(channels * s * s);
    for (let c = 0; c < channels; c++) {
      for (let b = 0; b < 6; b++) {
        const cx = r() * s, cy = r() * s, amp = r() * 2 - 1, rad = 2 + r() * 3;
        for (let y = 0; y < s; y++) for (let x = 0; x < s; x++) {
          f[c * s * s + y * s + x] += amp * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * rad * rad));
        }
      }
    }
    return f;
  }

  for (const [dx, dy] of [[3, -2], [-5, 4], [0, 0], [7, 7]]) {
    it(`finds a circular shift of (${dx}, ${dy}) at that peak position`, () => {
      const filter = new CorrelationFilter({ featureSize: s, channels, lambda: 1e-4, sigma: 2, window: false });
      const z = smoothFeatures(5);
      filter.load(z);
      filter.learn();
      filter.load(shiftFeatures(z, channels, s, dx, dy));
      const peak = filter.detect();
      expect(peak.dx).toBeCloseTo(dx, 1);
      expect(peak.dy).toBeCloseTo(dy, 1);
      expect(peak.value).toBeGreaterThan(0.9);
      expect(peak.psr).toBeGreaterThan(20);
    });
  }

  it('finds a real (non-circular) translation with the cosine window on, as the tracker uses it', () => {
    // a wider scene of blobs; the patch is cut at the centre, then 3 px right and 2 px up
    const filter = new CorrelationFilter({ featureSize: s, channels, lambda: 1e-4, sigma: 2 });
    const big = 2 * s;
    const scene = new Float32Array(channels * big * big);
    const r = seededRandom(6);
    for (let c = 0; c < channels; c++) {
      for (let b = 0; b < 24; b++) {
        const cx = r() * big, cy = r() * big, amp = r() * 2 - 1, rad = 2 + r() * 3;
        for (let y = 0; y < big; y++) for (let x = 0; x < big; x++) {
          scene[c * big * big + y * big + x] += amp * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * rad * rad));
        }
      }
    }
    const cut = (ox: number, oy: number) => {
      const f = new Float32Array(channels * s * s);
      for (let c = 0; c < channels; c++) for (let y = 0; y < s; y++) for (let x = 0; x < s; x++) {
        f[c * s * s + y * s + x] = scene[c * big * big + (y + oy) * big + x + ox];
      }
      return f;
    };
    filter.load(cut(s / 2, s / 2));
    filter.learn();
    // the target moved by (+3, -2): cutting the old window, it now sits at (+3, -2)
    filter.load(cut(s / 2 - 3, s / 2 + 2));
    const peak = filter.detect();
    expect(Math.abs(peak.dx - 3)).toBeLessThan(0.5);
    expect(Math.abs(peak.dy + 2)).toBeLessThan(0.5);
  });

  it('learning a shifted patch with that shift gives the model of the unshifted patch', () => {
    const opts = { featureSize: s, channels, lambda: 1e-4, sigma: 2, window: false };
    const a = new CorrelationFilter(opts);
    const b = new CorrelationFilter(opts);
    const z = smoothFeatures(7);
    a.load(z);
    a.learn(0, 1);
    b.load(shiftFeatures(z, channels, s, 4, -6));
    b.learn(0, 1, { dx: 4, dy: -6 });
    expect(maxAbsDiff(a.model.zf, b.model.zf)).toBeLessThan(1e-9 * Math.max(...a.model.zf.map(Math.abs)));
    expect(maxAbsDiff(a.model.alphaf, b.model.alphaf)).toBeLessThan(1e-12);
  });

  it('learnFrom moves the features onto the target before the window (integer part) and phase-shifts the rest', () => {
    const opts = { featureSize: s, channels, lambda: 1e-4, sigma: 2, slots: 1 };
    const f = smoothFeatures(11);
    // reference: the features moved by (5, -3) with zeros coming in, loaded (windowed) and learned,
    // then the leftover fraction (0.25, 0.4) as a phase shift
    const moved = new Float32Array(f.length);
    for (let c = 0; c < channels; c++) for (let y = 0; y < s; y++) for (let x = 0; x < s; x++) {
      const sy = y - 3, sx = x + 5;
      if (sy >= 0 && sy < s && sx >= 0 && sx < s) moved[c * s * s + y * s + x] = f[c * s * s + sy * s + sx];
    }
    const a = new CorrelationFilter(opts);
    a.load(moved);
    a.learn(0, 1, { dx: 0.25, dy: 0.4 });
    const b = new CorrelationFilter(opts);
    b.learnFrom(f, 0, 1, { dx: 5.25, dy: -2.6 });
    const scale = Math.max(...a.model.zf.map(Math.abs));
    expect(maxAbsDiff(a.model.zf, b.model.zf)).toBeLessThan(1e-9 * scale);
    expect(maxAbsDiff(a.model.alphaf, b.model.alphaf)).toBeLessThan(1e-12);
    // it keeps to its own buffer: a loaded detection slot survives it
    const c = new CorrelationFilter(opts);
    c.load(f, 0);
    c.learnFrom(smoothFeatures(12), 0, 1, { dx: 2, dy: 2 });
    c.learn(0, 1);
    const d = new CorrelationFilter(opts);
    d.load(f, 0);
    d.learn(0, 1);
    expect(maxAbsDiff(c.model.zf, d.model.zf)).toBe(0);
  });

  it('leaves the model unchanged when the update is skipped (detect only)', () => {
    const filter = new CorrelationFilter({ featureSize: s, channels, lambda: 1e-4, sigma: 2, slots: 2 });
    filter.load(smoothFeatures(8));
    filter.learn();
    const zf = Float64Array.from(filter.model.zf);
    const alphaf = Float64Array.from(filter.model.alphaf);
    filter.load(smoothFeatures(9), 1);
    filter.detect(1);
    expect(Array.from(filter.model.zf)).toEqual(Array.from(zf));
    expect(Array.from(filter.model.alphaf)).toEqual(Array.from(alphaf));
    filter.learn(1, 0.01);
    expect(maxAbsDiff(filter.model.zf, zf)).toBeGreaterThan(0);
  });

  it('refuses to detect before training', () => {
    const filter = new CorrelationFilter({ featureSize: 8, channels: 1, lambda: 1e-4, sigma: 1 });
    filter.load(new Float32Array(64));
    expect(() => filter.detect()).toThrow(/before it was trained/);
  });

  it('centres the response for display', () => {
    const filter = new CorrelationFilter({ featureSize: s, channels, lambda: 1e-4, sigma: 2, window: false });
    const z = smoothFeatures(10);
    filter.load(z);
    filter.learn();
    filter.load(shiftFeatures(z, channels, s, 5, 2));
    filter.detect();
    const out = new Float32Array(s * s);
    filter.centredResponse(0, out);
    let best = 0;
    for (let i = 1; i < out.length; i++) if (out[i] > out[best]) best = i;
    expect(best % s).toBe(s / 2 + 5);
    expect(Math.floor(best / s)).toBe(s / 2 + 2);
  });
});

describe('findPeak', () => {
  it('refines a fractional peak to sub-pixel accuracy', () => {
    const n = 16;
    const resp = new Float32Array(n * n);
    const cx = 3.3, cy = -2.6; // circular position
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) {
      const dy = Math.min(Math.abs(r - (cy + n)), Math.abs(r - cy)), dx = Math.min(Math.abs(c - cx), Math.abs(c - (cx + n)));
      resp[r * n + c] = Math.exp(-(dx * dx + dy * dy) / (2 * 1.5 * 1.5));
    }
    const p = findPeak(resp, n, 3);
    expect(Math.abs(p.dx - cx)).toBeLessThan(0.1);
    expect(Math.abs(p.dy - cy)).toBeLessThan(0.1);
  });

  it('gives a high PSR for a sharp peak and a low one for noise', () => {
    const n = 32;
    const r = seededRandom(3);
    const noise = Float32Array.from({ length: n * n }, () => r());
    const sharp = Float32Array.from(noise, (v) => v * 0.05);
    sharp[5 * n + 7] = 1;
    expect(findPeak(sharp, n, 5).psr).toBeGreaterThan(30);
    expect(findPeak(noise, n, 5).psr).toBeLessThan(5);
  });
});
