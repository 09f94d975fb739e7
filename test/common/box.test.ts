import { describe, expect, it } from 'vitest';
import { boxProblem, centreError, clampCentreAndSize, clipToFrame, iou, parseBox } from '../../common/box';

const A = { x: 0, y: 0, w: 10, h: 10 };

describe('iou', () => {
  it('is 1 for identical boxes and symmetric', () => {
    expect(iou(A, A)).toBe(1);
    const B = { x: 5, y: 0, w: 10, h: 10 };
    expect(iou(A, B)).toBeCloseTo(iou(B, A), 12);
  });

  it('gives 1/3 for two 10x10 boxes overlapping by half (50 / 150)', () => {
    expect(iou(A, { x: 5, y: 0, w: 10, h: 10 })).toBeCloseTo(1 / 3, 12);
  });

  it('gives 25/100 for a 5x5 box inside a 10x10 box', () => {
    expect(iou(A, { x: 0, y: 0, w: 5, h: 5 })).toBeCloseTo(0.25, 12);
  });

  it('gives 1/7 for a diagonal overlap of 5x5 between two 10x10 boxes (25 / 175)', () => {
    expect(iou(A, { x: 5, y: 5, w: 10, h: 10 })).toBeCloseTo(25 / 175, 12);
  });

  it('is 0 for disjoint, edge-touching and empty boxes', () => {
    expect(iou(A, { x: 20, y: 20, w: 5, h: 5 })).toBe(0);
    expect(iou(A, { x: 10, y: 0, w: 10, h: 10 })).toBe(0);
    expect(iou({ x: 0, y: 0, w: 0, h: 0 }, { x: 0, y: 0, w: 0, h: 0 })).toBe(0);
  });
});

describe('centreError', () => {
  it('is the Euclidean distance of the centres (3-4-5)', () => {
    expect(centreError(A, { x: 3, y: 4, w: 10, h: 10 })).toBeCloseTo(5, 12);
    // Same centre, different size: no error.
    expect(centreError(A, { x: -5, y: -5, w: 20, h: 20 })).toBe(0);
  });
});

describe('parseBox', () => {
  it('reads comma, tab, space and mixed separators (OTB files mix them)', () => {
    const want = { x: 129, y: 80, w: 64, h: 78 };
    expect(parseBox('129,80,64,78')).toEqual(want);
    expect(parseBox('129\t80\t64\t78')).toEqual(want);
    expect(parseBox('  129 80, 64\t78\r')).toEqual(want);
    expect(parseBox('721.5,307,41,60')).toEqual({ x: 721.5, y: 307, w: 41, h: 60 });
  });

  it('turns a VOT 8-value polygon into its axis-aligned bounding rectangle', () => {
    // First line of bag/groundtruth_source.txt; its rectangle is bag/groundtruth.txt line 1.
    const b = parseBox('334.02,128.36,438.19,188.78,396.39,260.83,292.23,200.41');
    expect(b).not.toBeNull();
    expect(b!.x).toBeCloseTo(292.23, 9);
    expect(b!.y).toBeCloseTo(128.36, 9);
    expect(b!.w).toBeCloseTo(145.96, 9);
    expect(b!.h).toBeCloseTo(132.47, 9);
  });

  it('rejects anything that is not 4 or 8 finite numbers', () => {
    for (const bad of ['', '1,2,3', '1,2,3,4,5', 'a,b,c,d', 'NaN,NaN,NaN,NaN', '1,2,3,4px', '1,,2,3,4,5,6,7,8,9']) {
      expect(parseBox(bad), bad).toBeNull();
    }
  });
});

describe('boxProblem', () => {
  it('accepts a box inside or partly outside the frame', () => {
    expect(boxProblem({ x: 10, y: 10, w: 20, h: 20 }, 320, 240)).toBeNull();
    expect(boxProblem({ x: -10, y: 230, w: 20, h: 20 }, 320, 240)).toBeNull();
  });

  it('names what is wrong with an unusable box', () => {
    expect(boxProblem({ x: 10, y: 10, w: 0, h: 20 }, 320, 240)).toMatch(/zero or negative size/);
    expect(boxProblem({ x: 10, y: 10, w: 20, h: -1 }, 320, 240)).toMatch(/zero or negative size/);
    expect(boxProblem({ x: Number.NaN, y: 10, w: 20, h: 20 }, 320, 240)).toMatch(/non-numeric/);
    expect(boxProblem({ x: 320, y: 10, w: 20, h: 20 }, 320, 240)).toMatch(/entirely outside the 320x240 frame/);
    expect(boxProblem({ x: -20, y: -20, w: 20, h: 20 }, 320, 240)).toMatch(/outside/);
  });
});

describe('clipToFrame and clampCentreAndSize', () => {
  it('clips a box that sticks out of the frame', () => {
    expect(clipToFrame({ x: -5, y: 230, w: 20, h: 20 }, 320, 240)).toEqual({ x: 0, y: 230, w: 15, h: 10 });
  });

  it('keeps the centre inside and the size within [min, frame]', () => {
    // centre (317, 240) is kept; w 4 -> 10 (min), h 500 -> 240 (frame height).
    expect(clampCentreAndSize({ x: 315, y: -10, w: 4, h: 500 }, 320, 240)).toEqual({ x: 312, y: 120, w: 10, h: 240 });
  });
});
