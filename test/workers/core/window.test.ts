import { describe, expect, it } from 'vitest';
import { hanning, hanningWindow2d } from '../../../workers/core/window';

describe('hanning', () => {
  it('matches numpy np.hanning(5) = [0, 0.5, 1, 0.5, 0]', () => {
    const w = Array.from(hanning(5));
    [0, 0.5, 1, 0.5, 0].forEach((v, i) => expect(w[i]).toBeCloseTo(v, 12));
  });
  it('is symmetric with zero ends for even lengths (the 16x16 NanoTrackV2 map)', () => {
    const w = hanning(16);
    expect(w[0]).toBe(0);
    expect(w[15]).toBeCloseTo(0, 12);
    for (let k = 0; k < 8; k++) expect(w[k]).toBeCloseTo(w[15 - k], 12);
    expect(w[7]).toBeCloseTo(0.5 - 0.5 * Math.cos((2 * Math.PI * 7) / 15), 12);
  });
  it('handles a single point', () => {
    expect(Array.from(hanning(1))).toEqual([1]);
  });
});

describe('hanningWindow2d', () => {
  it('is the row-major outer product', () => {
    const w = hanningWindow2d(5, 3);
    expect(w.length).toBe(15);
    expect(w[2 * 3 + 1]).toBeCloseTo(1, 6);
    expect(w[1 * 3 + 1]).toBeCloseTo(0.5, 6);
    expect(w[2 * 3 + 0]).toBe(0);
  });
});
