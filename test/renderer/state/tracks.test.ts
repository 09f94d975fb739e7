import { describe, expect, it } from 'vitest';
import {
  boxAt, endTrackAt, fromTrackFile, newTrack, nextKeyframe, setKeyframe, setResult, staleRunEnd, toTrackFile,
  trackFromSeries, trackRows,
} from '../../../renderer/state/tracks';

const b = (x: number) => ({ x, y: 10, w: 20, h: 30 });

describe('track data', () => {
  it('keyframes win over tracked results and are never overwritten by the tracker', () => {
    const t = newTrack(1);
    setKeyframe(t, 5, b(5));
    expect(setResult(t, 5, b(99), 0.9, 'tracked')).toBe(false);
    expect(boxAt(t, 5)).toEqual({ box: b(5), kind: 'key', score: 1 });
    expect(setResult(t, 6, b(6), 0.8, 'tracked')).toBe(true);
    expect(boxAt(t, 6)?.kind).toBe('tracked');
    expect(boxAt(t, 7)).toBeNull();
  });

  it('a correction marks the tracked frames after it stale, up to the next keyframe', () => {
    const t = newTrack(1);
    setKeyframe(t, 0, b(0));
    for (let f = 1; f <= 9; f++) setResult(t, f, b(f), 0.9, f === 7 ? 'lost' : 'tracked');
    setKeyframe(t, 8, b(80));
    expect(boxAt(t, 9)?.kind).toBe('stale'); // tracked from an older box than the new keyframe
    setResult(t, 9, b(9), 0.9, 'tracked'); // re-tracked from it
    setKeyframe(t, 3, b(33)); // correction
    expect(boxAt(t, 2)?.kind).toBe('tracked');
    expect([4, 5, 6, 7].map((f) => boxAt(t, f)?.kind)).toEqual(['stale', 'stale', 'stale', 'stale']);
    expect(boxAt(t, 9)?.kind).toBe('tracked'); // beyond the next keyframe: untouched
    expect(staleRunEnd(t, 3)).toBe(7);
    expect(staleRunEnd(t, 8)).toBeNull();
    setResult(t, 4, b(4), 0.7, 'tracked');
    expect(boxAt(t, 4)?.kind).toBe('tracked');
    expect(nextKeyframe(t, 3, 1)).toBe(8);
    expect(nextKeyframe(t, 3, -1)).toBe(0);
    expect(nextKeyframe(t, 0, -1)).toBeNull();
  });

  it('ends at a frame: later boxes go, and the tracker cannot add any', () => {
    const t = newTrack(2);
    setKeyframe(t, 0, b(0));
    setResult(t, 1, b(1), 0.9, 'tracked');
    setResult(t, 2, b(2), 0.9, 'tracked');
    setKeyframe(t, 3, b(3));
    endTrackAt(t, 1);
    expect([...t.results.keys()]).toEqual([1]);
    expect([...t.keyframes.keys()]).toEqual([0]);
    expect(setResult(t, 2, b(2), 0.9, 'tracked')).toBe(false);
    expect(boxAt(t, 2)).toBeNull();
  });

  it('exports CSV rows: keyframes are init, lost frames carry no box', () => {
    const t = newTrack(1);
    setKeyframe(t, 0, b(0));
    setResult(t, 1, b(1), 0.8, 'tracked');
    setResult(t, 2, b(2), 0.1, 'lost');
    const rows = trackRows(t, (f) => f / 30);
    expect(rows.map((r) => r.state)).toEqual(['init', 'tracked', 'lost']);
    expect(rows[2].box).toBeNull();
    expect(rows[1].timeS).toBeCloseTo(1 / 30);
    const back = trackFromSeries(7, { id: 3, name: 'cyclist', rows }, 'fallback');
    expect(back.name).toBe('cyclist');
    expect(boxAt(back, 0)?.kind).toBe('key');
    expect(boxAt(back, 2)?.kind).toBe('lost');
    expect(boxAt(back, 2)?.box).toEqual(b(1)); // a lost frame keeps the last box for display
  });

  it('round-trips through the project file shape', () => {
    const t = newTrack(3, 'ball');
    setKeyframe(t, 4, b(4));
    setResult(t, 5, b(5), 0.5, 'tracked');
    t.endFrame = 9;
    const back = fromTrackFile(toTrackFile(t));
    expect(back).toEqual(t);
  });

  it('keeps stale marks through the project file shape (R still re-tracks them after a reopen)', () => {
    const t = newTrack(1, 'car');
    setKeyframe(t, 0, b(0));
    for (let f = 1; f <= 6; f++) setResult(t, f, b(f), 0.9, 'tracked');
    setKeyframe(t, 3, b(30)); // a correction: 4..6 were tracked from the old box
    expect(staleRunEnd(t, 3)).toBe(6);
    const file = toTrackFile(t);
    expect(file.results.filter((r) => r.stale).map((r) => r.frame)).toEqual([4, 5, 6]);
    expect(file.results.find((r) => r.frame === 1)).not.toHaveProperty('stale');
    const back = fromTrackFile(file);
    expect(back).toEqual(t);
    expect(staleRunEnd(back, 3)).toBe(6);
  });
});
