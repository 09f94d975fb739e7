import { describe, expect, it } from 'vitest';
import type { Box } from '../../../common/box';
import { iou } from '../../../common/box';
import type { Frame } from '../../../common/frame';
import { scoreSequence } from '../../../common/metrics';
import { evaluateSequence, evaluateSequences, trackVideo, type TrackStep } from '../../../main/eval/run';
import { loadSequence } from '../../../main/eval/sequence';
import { liveChildCount, openVideo } from '../../../main/video';
import type { Tracker, TrackResult } from '../../../workers/core/tracker';
import { HAVE_SHARED, sequenceDir } from '../../helpers/paths';

/** Test-only tracker: the box stays where it was initialised; every `lostEvery`-th frame says lost. */
class StayTracker implements Tracker {
  readonly name = 'stay';
  box: Box | null = null;
  seen: { index?: number; timeS?: number; width: number }[] = [];
  private calls = 0;
  constructor(private readonly lostEvery = 0) {}

  async init(frame: Frame, box: Box): Promise<void> {
    this.box = { ...box };
    this.calls = 0;
    this.seen = [{ index: frame.index, timeS: frame.timeS, width: frame.width }];
    busyWait(1);
  }

  async track(frame: Frame): Promise<TrackResult> {
    if (!this.box) throw new Error('track before init');
    this.calls++;
    this.seen.push({ index: frame.index, timeS: frame.timeS, width: frame.width });
    busyWait(1);
    const lost = this.lostEvery > 0 && this.calls % this.lostEvery === 0;
    return { box: { ...this.box }, score: lost ? 0.1 : 0.9, state: lost ? 'lost' : 'tracked' };
  }

  async dispose(): Promise<void> {}
}

/** At least `ms` inside the tracker per call, so tracking-only fps has a known ceiling. */
function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* spin */ }
}

describe.skipIf(!HAVE_SHARED)('one-pass evaluation on real video', () => {
  it('scores a box left where it started on David exactly as scoreSequence does (mean IoU 0.279)', async () => {
    const david = await loadSequence(sequenceDir('David'));
    const crossing = await loadSequence(sequenceDir('Crossing'));
    const tracker = new StayTracker();
    const progress: number[] = [];
    const result = await evaluateSequences(tracker, [david, crossing], { onProgress: (p) => { if (p.sequenceIndex === 0) progress.push(p.frame); } });

    const [d, c] = result.sequences;
    const stay = (seq: typeof david) => scoreSequence(seq.groundTruth.map(() => seq.groundTruth[0]), seq.groundTruth);
    const expectedD = stay(david);
    expect(d.name).toBe('David');
    expect(d.frames).toBe(471);
    expect(d.auc).toBe(expectedD.auc);
    expect(d.p20).toBe(expectedD.p20);
    expect(d.successCurve).toEqual(expectedD.successCurve);
    const meanIou = david.groundTruth.slice(1).reduce((s, g) => s + iou(david.groundTruth[0], g), 0) / 470;
    expect(meanIou).toBeCloseTo(0.279, 3);
    expect(d.auc).toBeGreaterThan(0.2);
    expect(d.auc).toBeLessThan(0.35);
    expect(c.auc).toBe(stay(crossing).auc);

    // The tracker was initialised on frame 0 once per sequence and saw every later frame in order, full size.
    expect(tracker.seen).toHaveLength(120);
    expect(tracker.seen.map((s) => s.index)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    expect(tracker.seen[30].timeS).toBeCloseTo(1, 6);
    expect(tracker.seen.every((s) => s.width === 360)).toBe(true);
    expect(progress).toEqual(Array.from({ length: 471 }, (_, i) => i + 1));

    // Rows are the CSV: init row first with the given box, then tracked rows.
    expect(d.rows[0]).toEqual({ frame: 0, timeS: 0, box: david.groundTruth[0], score: 1, state: 'init' });
    expect(d.rows[470]).toMatchObject({ frame: 470, box: david.groundTruth[0], state: 'tracked' });
    expect(d.rows[470].timeS).toBeCloseTo(470 / 30, 6);

    // At least 1 ms per call inside the tracker: tracking fps <= 1000, and end to end cannot be faster.
    for (const r of [d, c]) {
      expect(r.fps).toBeGreaterThan(0);
      expect(r.fps).toBeLessThanOrEqual(1000);
      expect(r.e2eFps).toBeLessThanOrEqual(r.fps);
      expect(r.trackSeconds).toBeLessThanOrEqual(r.wallSeconds);
    }
    expect(result.tracker).toBe('stay');
    expect(result.mean.auc).toBeCloseTo((d.auc + c.auc) / 2, 12);
    expect(result.mean.p20).toBeCloseTo((d.p20 + c.p20) / 2, 12);
    expect(result.mean.successCurve[0]).toBeCloseTo((d.successCurve[0] + c.successCurve[0]) / 2, 12);
    expect(liveChildCount()).toBe(0); // every ffmpeg has exited
  });

  it('counts a frame reported lost as IoU 0, whatever box the tracker drew', async () => {
    const crossing = await loadSequence(sequenceDir('Crossing'));
    const r = await evaluateSequence(new StayTracker(2), crossing);
    const gt = crossing.groundTruth;
    // track() call k (frame k) is lost when k is even.
    const predicted = gt.map((_, i) => (i > 0 && i % 2 === 0 ? null : gt[0]));
    expect(r.rows.filter((row) => row.state === 'lost')).toHaveLength(59);
    expect(r.rows.every((row) => (row.state === 'lost') === (row.box === null))).toBe(true);
    expect(r.auc).toBe(scoreSequence(predicted, gt).auc);
    expect(r.auc).toBeLessThan(scoreSequence(gt.map(() => gt[0]), gt).auc);
  });

  it('tracks an arbitrary video from frame N with a box, yielding CSV rows', async () => {
    const video = await openVideo(sequenceDir('David') + '/video.mp4');
    try {
      const tracker = new StayTracker();
      const box = { x: 10, y: 20, w: 30, h: 40 };
      const steps: TrackStep[] = [];
      for await (const step of trackVideo(tracker, video, { box, startFrame: 100, count: 5 })) steps.push(step);
      expect(steps.map((s) => s.row.frame)).toEqual([100, 101, 102, 103, 104]);
      expect(steps.map((s) => s.row.state)).toEqual(['init', 'tracked', 'tracked', 'tracked', 'tracked']);
      expect(steps[0].result).toBeNull();
      expect(steps[1].result?.score).toBe(0.9);
      expect(steps[0].row.timeS).toBeCloseTo(100 / 30, 6);
      expect(tracker.seen[0].index).toBe(100);
      expect(steps.every((s) => s.trackMs >= 1)).toBe(true);

      // A probed VideoInfo works the same as the opened source.
      const fromInfo: number[] = [];
      for await (const step of trackVideo(tracker, video.info, { box, startFrame: 469 })) fromInfo.push(step.row.frame);
      expect(fromInfo).toEqual([469, 470]);

      const run = (opts: Parameters<typeof trackVideo>[2]) => trackVideo(tracker, video, opts).next();
      await expect(run({ box, startFrame: 471 })).rejects.toThrow(/^start frame 471 is outside the video \(frames 0\.\.470\)$/);
      await expect(run({ box: { x: 400, y: 0, w: 10, h: 10 } })).rejects.toThrow(/cannot start a track on frame 0: box .* lies entirely outside the 320x240 frame/);

      // A result the CSV could not hold stops the run at once, naming the frame.
      const broken = Object.assign(new StayTracker(), { track: async () => ({ box, score: 2, state: 'tracked' as const }) });
      const drain = async () => { for await (const _ of trackVideo(broken, video, { box, startFrame: 10, count: 3 })) { /* run */ } };
      await expect(drain()).rejects.toThrow('tracker "stay" gave an unusable result on frame 11: score 2 is outside [0,1]');
    } finally {
      await video.close();
    }
    expect(liveChildCount()).toBe(0);
  });
});
