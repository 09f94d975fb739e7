import { describe, expect, it } from 'vitest';
import { jitterOffsets, pairedDifference, shiftBox, splitEntries, summarise } from '../../bench/jitter-stats';

describe('jitterOffsets', () => {
  it('starts at the unshifted box and keeps the same first starts whatever the count', () => {
    expect(jitterOffsets(1, 0.5)).toEqual([[0, 0]]);
    expect(jitterOffsets(5, 0.5)).toEqual([[0, 0], [0.5, 0], [0, 0.5], [-0.5, 0], [0, -0.5]]);
    expect(jitterOffsets(9, 2).slice(0, 5)).toEqual(jitterOffsets(5, 2));
    expect(new Set(jitterOffsets(9, 1).map((o) => o.join())).size).toBe(9);
  });
  it('refuses counts outside 1..9 and a non-positive step', () => {
    expect(() => jitterOffsets(0, 0.5)).toThrow(/1\.\.9/);
    expect(() => jitterOffsets(10, 0.5)).toThrow(/1\.\.9/);
    expect(() => jitterOffsets(2.5, 0.5)).toThrow(/1\.\.9/);
    expect(() => jitterOffsets(3, 0)).toThrow(/step/);
  });
  it('shifts only the corner', () => {
    expect(shiftBox({ x: 10, y: 20, w: 30, h: 40 }, [0.5, -1])).toEqual({ x: 10.5, y: 19, w: 30, h: 40 });
  });
});

describe('summarise', () => {
  it('averages each sequence over its starts and measures how far the per-start means spread', () => {
    // two sequences, three starts: per-start means 0.5, 0.6, 0.4
    const s = summarise([[0.6, 0.8, 0.4], [0.4, 0.4, 0.4]]);
    expect(s.perSequence[0]).toBeCloseTo(0.6, 12);
    expect(s.perSequence[1]).toBeCloseTo(0.4, 12);
    expect(s.mean).toBeCloseTo(0.5, 12);
    expect(s.startRange).toBeCloseTo(0.2, 12);
  });
  it('refuses empty or ragged input', () => {
    expect(() => summarise([])).toThrow(/no runs/);
    expect(() => summarise([[0.5, 0.5], [0.5]])).toThrow(/same number/);
  });
});

describe('pairedDifference', () => {
  it('subtracts sequence by sequence and counts clear wins and losses', () => {
    const ref = summarise([[0.5], [0.5], [0.5]]);
    const cand = summarise([[0.6], [0.503], [0.45]]);
    const d = pairedDifference(cand, ref);
    expect(d.perSequence.map((x) => Number(x.toFixed(3)))).toEqual([0.1, 0.003, -0.05]);
    expect(d.mean).toBeCloseTo(0.053 / 3, 12);
    expect(d.better).toBe(1);
    expect(d.worse).toBe(1);
    expect(() => pairedDifference(summarise([[0.5]]), ref)).toThrow(/different sequences/);
  });
});

describe('splitEntries', () => {
  it('splits on commas outside braces, nested ones included', () => {
    expect(splitEntries('nanotrack,fusion')).toEqual(['nanotrack', 'fusion']);
    expect(splitEntries('')).toEqual([]);
    expect(splitEntries('dcf:{"a":1,"b":2},fusion:{"filter":{"x":1,"y":[1,2]},"z":3},nanotrack'))
      .toEqual(['dcf:{"a":1,"b":2}', 'fusion:{"filter":{"x":1,"y":[1,2]},"z":3}', 'nanotrack']);
    expect(() => splitEntries('dcf:{"a":1')).toThrow(/unbalanced/);
  });
});
