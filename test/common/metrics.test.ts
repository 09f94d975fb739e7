import { describe, expect, it } from 'vitest';
import { SUCCESS_THRESHOLDS, scoreSequence } from '../../common/metrics';

const A = { x: 0, y: 0, w: 10, h: 10 };
const shifted = (dx: number, dy = 0) => ({ x: dx, y: dy, w: 10, h: 10 });

describe('scoreSequence (OTB one-pass convention)', () => {
  it('uses 21 thresholds 0, 0.05, ..., 1', () => {
    expect(SUCCESS_THRESHOLDS).toHaveLength(21);
    expect(SUCCESS_THRESHOLDS[0]).toBe(0);
    expect(SUCCESS_THRESHOLDS[20]).toBe(1);
    expect(SUCCESS_THRESHOLDS[7]).toBeCloseTo(0.35, 12);
  });

  it('scores a half-overlap frame and a lost frame by hand', () => {
    // Frame 0 is given (not scored). Frame 1: IoU 1/3, centre error 5. Frame 2: lost -> IoU 0, error inf.
    const s = scoreSequence([{ x: 99, y: 99, w: 1, h: 1 }, shifted(5), null], [A, A, A]);
    expect(s.scoredFrames).toBe(2);
    // IoU 1/3 > t for t = 0 .. 0.30 (7 thresholds): success 1/2 there, 0 after.
    expect(s.successCurve.slice(0, 7)).toEqual(Array(7).fill(0.5));
    expect(s.successCurve.slice(7)).toEqual(Array(14).fill(0));
    expect(s.auc).toBeCloseTo((7 * 0.5) / 21, 12); // 1/6
    expect(s.p20).toBe(0.5);
  });

  it('gives 20/21 for a perfect run: IoU 1 is not > the last threshold 1', () => {
    const s = scoreSequence([A, A, A, A], [A, A, A, A]);
    expect(s.auc).toBeCloseTo(20 / 21, 12);
    expect(s.p20).toBe(1);
    expect(s.successCurve[20]).toBe(0);
  });

  it('counts a centre error of exactly 20 px as precise, 20.5 px as not', () => {
    const s = scoreSequence([A, shifted(20), shifted(20.5)], [A, A, A]);
    expect(s.p20).toBe(0.5);
    expect(s.auc).toBe(0); // neither prediction overlaps its ground truth
  });

  it('mixes IoUs into the curve: 1/3 and 1/7 over two frames', () => {
    // IoU 1/3 > t for t <= 0.30 (7 thresholds); IoU 1/7 ~ 0.143 > t for t <= 0.10 (3 thresholds).
    const s = scoreSequence([A, shifted(5), shifted(5, 5)], [A, A, A]);
    expect(s.auc).toBeCloseTo((3 * 1 + 4 * 0.5) / 21, 12);
    // Centre errors 5 and 7.07: both within 20 px.
    expect(s.p20).toBe(1);
  });

  it('scores only frames that both sides have, and nothing for a single frame', () => {
    expect(scoreSequence([A, A], [A, A, A, A]).scoredFrames).toBe(1);
    const one = scoreSequence([A], [A]);
    expect(one.scoredFrames).toBe(0);
    expect(one.auc).toBe(0);
    expect(one.p20).toBe(0);
  });
});
