import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centre, iou } from '../../../common/box';
import { scoreSequence } from '../../../common/metrics';
import { nodeEngine } from '../../../main/ort-node';
import { createNanoTracker, nanotrackSpec, nanotrackV3Spec, type NanoTrackResult, type NanoTracker } from '../../../workers/trackers/nanotrack';
import { getTrackerSpec, trackerNames } from '../../../workers/trackers/registry';
import { HAVE_SHARED } from '../../helpers/paths';
import { groundTruth, runOnePass, sequenceFrames, sharedModels } from './sequence-fixture';

describe.runIf(HAVE_SHARED)('NanoTrack on David (onnxruntime-node)', () => {
  const gt = HAVE_SHARED ? groundTruth('David') : [];

  describe('V2', () => {
    let tracker: NanoTracker;
    const results: NanoTrackResult[] = [];
    let boxes: ReturnType<typeof groundTruth> = [];
    beforeAll(async () => {
      tracker = await createNanoTracker({ engine: nodeEngine(1), models: sharedModels(['nanotrackv2']) });
      boxes = await runOnePass<NanoTrackResult>(tracker, 'David', undefined, (r) => results.push(r));
    });
    afterAll(() => tracker?.dispose());

    it('tracks every frame with success AUC >= 0.6', () => {
      expect(boxes).toHaveLength(gt.length);
      const { auc } = scoreSequence(boxes, gt);
      expect(auc).toBeGreaterThanOrEqual(0.6);
    });

    it('reports scores in [0,1], state tracked, and a raw foreground map in [0,1]', () => {
      for (const r of results) {
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
        expect(r.state).toBe('tracked');
        expect(r.response.width).toBe(16);
        expect(r.response.data).toHaveLength(256);
        expect(Math.min(...r.response.data)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...r.response.data)).toBeLessThanOrEqual(1);
        expect(r.signals.peakScore).toBeCloseTo(Math.max(...r.response.data), 6);
        expect(r.signals.peakRatio).toBeGreaterThanOrEqual(1);
      }
    });

    it('places the response map around the search window, its peak on the target', () => {
      let checked = 0;
      results.forEach((r, k) => {
        const { region, peak, data, width } = r.response;
        const win = r.signals.searchWindow;
        const cell = region.w / width;
        // The grid spans 16 cells x 16 px of the 255-px crop, origin -8 cells from the crop centre.
        expect(region.w).toBeCloseTo((win.side * 256) / 255, 6);
        expect(region.h).toBeCloseTo(region.w, 9);
        expect(region.x + 8.5 * cell).toBeCloseTo(win.cx, 6);
        expect(region.y + 8.5 * cell).toBeCloseTo(win.cy, 6);
        // The peak is the centre of the map's largest cell.
        const top = data.indexOf(Math.max(...data));
        expect(peak.x).toBeCloseTo(region.x + ((top % width) + 0.5) * cell, 6);
        expect(peak.y).toBeCloseTo(region.y + (Math.floor(top / width) + 0.5) * cell, 6);
        // Where tracking is right, the peak sits on the true target.
        const truth = gt[k + 1];
        if (iou(r.box, truth) > 0.6) {
          const c = centre(truth);
          expect(Math.hypot(peak.x - c.x, peak.y - c.y)).toBeLessThan(1.5 * cell);
          checked++;
        }
      });
      expect(checked).toBeGreaterThan(300);
    });
  });

  it('V3 (15x15 map) tracks David with success AUC >= 0.6', async () => {
    const tracker = await nanotrackV3Spec.create({ engine: nodeEngine(1), models: sharedModels(['nanotrackv3']) });
    try {
      let mapSide = 0;
      const boxes = await runOnePass<NanoTrackResult>(tracker, 'David', undefined, (r) => { mapSide = r.response.width; });
      expect(mapSide).toBe(15);
      expect(scoreSequence(boxes, gt).auc).toBeGreaterThanOrEqual(0.6);
    } finally {
      await tracker.dispose();
    }
  });

  it('stays put on the init box when asked to track the same frame (no drift from the crop geometry)', async () => {
    const tracker = await createNanoTracker({ engine: nodeEngine(1), models: sharedModels(['nanotrackv2']) });
    try {
      const first = (await sequenceFrames('David', 1).next()).value!;
      await tracker.init(first, gt[0]);
      const r = await tracker.track(first);
      expect(iou(r.box, gt[0])).toBeGreaterThan(0.8);
      expect(Math.hypot(centre(r.box).x - centre(gt[0]).x, centre(r.box).y - centre(gt[0]).y)).toBeLessThan(3);
    } finally {
      await tracker.dispose();
    }
  });
});

describe('NanoTrack registration', () => {
  it('is registered as nanotrack (V2 weights) and nanotrackv3 (V3 weights)', () => {
    expect(trackerNames()).toEqual(expect.arrayContaining(['nanotrack', 'nanotrackv3']));
    expect(getTrackerSpec('nanotrack')).toBe(nanotrackSpec);
    expect(nanotrackSpec.models).toEqual(['nanotrackv2']);
    expect(nanotrackV3Spec.models).toEqual(['nanotrackv3']);
    expect(nanotrackV3Spec.defaults.version).toBe('v3');
  });

  it('says which model is missing instead of failing inside the runtime', async () => {
    await expect(nanotrackSpec.create({ engine: nodeEngine(1), models: {}, config: { version: 'v3' } })).rejects.toThrow(/needs model "nanotrackv3"/);
  });

  it('refuses track() before init()', async () => {
    if (!HAVE_SHARED) return;
    const tracker = await createNanoTracker({ engine: nodeEngine(1), models: sharedModels(['nanotrackv2']) });
    await expect(tracker.track({ width: 2, height: 2, data: new Uint8Array(16) })).rejects.toThrow(/before init/);
    await tracker.dispose();
  });
});
