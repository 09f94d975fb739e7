import { describe, expect, it } from 'vitest';
import { argmax, peakStats } from '../../../workers/core/peaks';

describe('argmax', () => {
  it('returns the first largest index and ignores NaN', () => {
    expect(argmax([1, 5, NaN, 5, 2])).toBe(1);
    expect(argmax([])).toBe(-1);
    expect(argmax([3, 1, 9], 2)).toBe(0);
  });
});

describe('peakStats', () => {
  // 5x4 map: peak 9 at (row 1, col 1); 8 is its neighbour; 7 at (3, 4) is the distant second peak.
  const map = [
    0, 1, 0, 0, 0,
    0, 9, 8, 0, 0,
    0, 0, 0, 0, 2,
    0, 0, 0, 0, 7,
  ];
  it('skips the neighbourhood of the peak when looking for the second peak', () => {
    expect(peakStats(map, 5, 4, 1)).toEqual({ index: 6, value: 9, secondIndex: 19, secondValue: 7 });
  });
  it('with radius 0 the adjacent cell is the second peak', () => {
    expect(peakStats(map, 5, 4, 0)).toMatchObject({ secondIndex: 7, secondValue: 8 });
  });
  it('reports no second peak when the exclusion covers the whole map', () => {
    expect(peakStats(map, 5, 4, 10)).toMatchObject({ index: 6, secondIndex: -1, secondValue: -Infinity });
  });
});
