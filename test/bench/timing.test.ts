import { describe, expect, it } from 'vitest';
import type { Frame } from '../../common/frame';
import type { Tracker } from '../../workers/core/tracker';
import { median, medianOf, trackOnly } from '../../bench/timing';

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow(/no values/);
    expect(medianOf([5, 1, 9])).toEqual({ median: 5, runs: [5, 1, 9] });
  });
});

describe('trackOnly', () => {
  it('times init + track only, counts frames after the first, scores the boxes', async () => {
    const frame: Frame = { width: 4, height: 4, data: new Uint8Array(64) };
    const gt = [{ x: 0, y: 0, w: 2, h: 2 }, { x: 1, y: 1, w: 2, h: 2 }, { x: 1, y: 1, w: 2, h: 2 }];
    const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
    const tracker: Tracker = {
      name: 'stay',
      init: async () => sleep(20),
      track: async () => { await sleep(20); return { box: { x: 0, y: 0, w: 2, h: 2 }, score: 1, state: 'tracked' }; },
      dispose: async () => {},
    };
    const r = await trackOnly(tracker, [frame, frame, frame], gt);
    // 2 frames over ~60 ms of init + track.
    expect(r.fps).toBeGreaterThan(10);
    expect(r.fps).toBeLessThan(2 / 0.055);
    // IoU of a 2x2 box shifted by (1,1): 1/7, so success only at thresholds 0, 0.05, 0.1.
    expect(r.auc).toBeCloseTo(3 / 21, 10);
  });
});
