import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centre, iou, type Box } from '../../../common/box';
import type { Frame } from '../../../common/frame';
import { scoreSequence } from '../../../common/metrics';
import { nodeEngine } from '../../../main/ort-node';
import type { InferenceEngine } from '../../../workers/core/engine';
import { createDcfTracker, DCF_DEFAULTS, type DcfTracker, type DcfTrackResult } from '../../../workers/trackers/dcf';
import { getTrackerSpec, trackerNames } from '../../../workers/trackers/registry';
import { HAVE_SHARED } from '../../helpers/paths';
import { groundTruth, runOnePass, sequenceFrames, sharedModels } from './sequence-fixture';

/** onnxruntime-node, with every network run's batch size recorded. */
function countingEngine(batches: number[]): InferenceEngine {
  const inner = nodeEngine(1);
  return {
    backend: inner.backend,
    async createSession(model) {
      const session = await inner.createSession(model);
      return {
        inputNames: session.inputNames,
        outputNames: session.outputNames,
        run(feeds) {
          batches.push(feeds.input.dims[0]);
          return session.run(feeds);
        },
        release: () => session.release(),
      };
    },
  };
}

async function firstFrames(sequence: string, count: number): Promise<Frame[]> {
  const frames: Frame[] = [];
  for await (const f of sequenceFrames(sequence, count)) frames.push(f);
  return frames;
}

describe('dcf registration', () => {
  it('is registered with the dcfnet model and the published hyper-parameters', () => {
    expect(trackerNames()).toContain('dcf');
    const spec = getTrackerSpec('dcf');
    expect(spec.models).toEqual(['dcfnet']);
    expect(spec.defaults).toMatchObject({ padding: 2, lambda: 1e-4, interpFactor: 0.01, numScales: 3, scaleStep: 1.0275, scalePenalty: 0.9925 });
  });
});

describe.runIf(HAVE_SHARED)('dcf on David (onnxruntime-node)', () => {
  const gt = HAVE_SHARED ? groundTruth('David') : [];
  const model = HAVE_SHARED ? sharedModels(['dcfnet']).dcfnet!.feature : new Uint8Array();

  describe('default config, whole sequence', () => {
    const batches: number[] = [];
    const results: DcfTrackResult[] = [];
    let tracker: DcfTracker;
    let boxes: Box[] = [];
    beforeAll(async () => {
      tracker = await createDcfTracker(countingEngine(batches), model);
      boxes = await runOnePass<DcfTrackResult>(tracker, 'David', undefined, (r) => results.push(r));
    }, 120_000);
    afterAll(() => tracker?.dispose());

    it('tracks with success AUC >= 0.6', () => {
      expect(boxes).toHaveLength(gt.length);
      expect(scoreSequence(boxes, gt).auc).toBeGreaterThanOrEqual(0.6);
    });

    it('runs the net once per frame, the 3 scales batched, and learns from the search (no second run)', () => {
      expect(batches[0]).toBe(1); // init
      expect(batches.slice(1)).toEqual(new Array(gt.length - 1).fill(3));
    });

    it('reports score in [0,1] from the PSR, state tracked, and the response over the search window', () => {
      const s = DCF_DEFAULTS.cropSize;
      for (const r of results) {
        expect(r.state).toBe('tracked');
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
        expect(r.learned).toBe(true);
        const { width, height, data, region, peak } = r.response!;
        expect([width, height, data.length]).toEqual([s, s, s * s]);
        // the peak is the new centre, inside the searched window (3x the target)
        expect(peak.x).toBeCloseTo(centre(r.box).x, 6);
        expect(peak.y).toBeCloseTo(centre(r.box).y, 6);
        expect(peak.x).toBeGreaterThan(region.x);
        expect(peak.x).toBeLessThan(region.x + region.w);
        expect(region.w / r.box.w).toBeCloseTo(3, 0);
        // the map's best pixel is drawn where the peak is (within the sub-pixel refinement)
        const top = data.indexOf(Math.max(...data));
        const cellW = region.w / width;
        const cellH = region.h / height;
        expect(Math.abs(region.x + ((top % width) + 0.5) * cellW - peak.x)).toBeLessThanOrEqual(0.5 * cellW + 1e-6);
        expect(Math.abs(region.y + (Math.floor(top / width) + 0.5) * cellH - peak.y)).toBeLessThanOrEqual(0.5 * cellH + 1e-6);
      }
      // while on target, the filter is confident; the score is not constant
      const onTarget = results.filter((r, k) => iou(r.box, gt[k + 1]) > 0.6);
      expect(onTarget.length).toBeGreaterThan(300);
      expect(onTarget.filter((r) => r.score > 0.5).length / onTarget.length).toBeGreaterThan(0.9);
      expect(new Set(results.map((r) => r.score.toFixed(3))).size).toBeGreaterThan(20);
    });
  });

  it('skipping the update leaves the model unchanged; learning changes it', async () => {
    const frames = await firstFrames('David', 4);
    const tracker = await createDcfTracker(nodeEngine(1), model);
    try {
      await tracker.init(frames[0], gt[0]);
      const zf = Float64Array.from(tracker.model.zf);
      const alphaf = Float64Array.from(tracker.model.alphaf);
      const r1 = await tracker.track(frames[1], { learn: false });
      const r2 = await tracker.track(frames[2], { learn: false });
      expect(r1.learned).toBe(false);
      expect(r2.learned).toBe(false);
      expect(tracker.model.zf).toEqual(zf);
      expect(tracker.model.alphaf).toEqual(alphaf);
      await tracker.track(frames[3]);
      expect(tracker.model.zf).not.toEqual(zf);
    } finally {
      await tracker.dispose();
    }
  });

  it('offers a fusion path: single scale, a prior to search around, learnAt reusing the search features', async () => {
    const frames = await firstFrames('David', 3);
    const batches: number[] = [];
    const tracker = await createDcfTracker(countingEngine(batches), model);
    try {
      await tracker.init(frames[0], gt[0]);
      const prior = { ...gt[1], x: gt[1].x + 3, y: gt[1].y - 2 };
      const r = await tracker.track(frames[1], { scales: 'single', prior, learn: false });
      expect(batches).toEqual([1, 1]);
      expect(r.scaleChange).toBe(1);
      // the search window is centred on the prior (the map region sits half a map pixel up-left of it)
      const { region, width, height } = r.response!;
      expect(centre(region).x + region.w / width / 2).toBeCloseTo(centre(prior).x, 6);
      expect(centre(region).y + region.h / height / 2).toBeCloseTo(centre(prior).y, 6);
      expect(iou(r.box, gt[1])).toBeGreaterThan(0.6);
      const before = Float64Array.from(tracker.model.zf);
      // a box near the search centre at the searched size: learned from the search, no net run
      await tracker.learnAt(frames[1], r.box);
      expect(batches).toEqual([1, 1]);
      expect(tracker.model.zf).not.toEqual(before);
      // a box far away: a new crop and one net run
      await tracker.learnAt(frames[1], { x: 10, y: 10, w: r.box.w, h: r.box.h });
      expect(batches).toEqual([1, 1, 1]);
      expect(tracker.box.x).toBeCloseTo(10, 6);
    } finally {
      await tracker.dispose();
    }
  });

  it('refuses a box outside the frame', async () => {
    const [frame] = await firstFrames('David', 1);
    const tracker = await createDcfTracker(nodeEngine(1), model);
    await expect(tracker.init(frame, { x: 500, y: 10, w: 20, h: 20 })).rejects.toThrow(/outside/);
    await tracker.dispose();
  });
});
