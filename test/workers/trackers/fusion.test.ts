import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iou, type Box } from '../../../common/box';
import type { Frame } from '../../../common/frame';
import { scoreSequence } from '../../../common/metrics';
import { nodeEngine } from '../../../main/ort-node';
import { createFusionTracker, type FusionResult, type FusionTracker } from '../../../workers/trackers/fusion';
import { HAVE_SHARED } from '../../helpers/paths';
import { groundTruth, sequenceFrames, sharedModels } from './sequence-fixture';

/** Cover the target: paint its ground-truth box (grown by a quarter each side) flat grey. */
function blank(frame: Frame, box: Box): void {
  const gx = box.w / 4;
  const gy = box.h / 4;
  const x0 = Math.max(0, Math.floor(box.x - gx));
  const y0 = Math.max(0, Math.floor(box.y - gy));
  const x1 = Math.min(frame.width, Math.ceil(box.x + box.w + gx));
  const y1 = Math.min(frame.height, Math.ceil(box.y + box.h + gy));
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * frame.width + x) * 4;
      frame.data[i] = frame.data[i + 1] = frame.data[i + 2] = 128;
    }
  }
}

interface Run {
  results: FusionResult[];
  boxes: (Box | null)[];
  learnedOn: number[];
}

async function run(tracker: FusionTracker, sequence: string, cover?: { from: number; to: number }): Promise<Run> {
  const gt = groundTruth(sequence);
  const results: FusionResult[] = [];
  const boxes: (Box | null)[] = [];
  const learnedOn: number[] = [];
  // Record every frame the filter learns from (the filter must not learn while the target is lost).
  const filter = (tracker as unknown as { filter: { learnAt: (...a: unknown[]) => Promise<void> } }).filter;
  const learnAt = filter.learnAt.bind(filter);
  let current = 0;
  filter.learnAt = async (...a: unknown[]) => {
    learnedOn.push(current);
    return learnAt(...a);
  };
  for await (const frame of sequenceFrames(sequence)) {
    current = frame.index!;
    if (cover && current >= cover.from && current <= cover.to) blank(frame, gt[current]);
    if (current === 0) {
      await tracker.init(frame, gt[0]);
      boxes.push(gt[0]);
      continue;
    }
    const r = await tracker.track(frame);
    results.push(r);
    boxes.push(r.state === 'lost' ? null : r.box);
  }
  return { results, boxes, learnedOn };
}

describe.runIf(HAVE_SHARED)('fusion tracker', () => {
  let tracker: FusionTracker;
  beforeAll(async () => {
    tracker = await createFusionTracker({ engine: nodeEngine(1), models: sharedModels(['nanotrackv2', 'dcfnet']) });
  });
  afterAll(() => tracker?.dispose());

  it('tracks David with success AUC >= 0.6, scores in [0,1], a response map every frame', async () => {
    const { results, boxes } = await run(tracker, 'David');
    expect(scoreSequence(boxes, groundTruth('David')).auc).toBeGreaterThanOrEqual(0.6);
    for (const r of results) {
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(r.response?.data.length).toBeGreaterThan(0);
    }
  });

  it('reports a covered target as lost, does not learn from it, and recovers when it comes back', async () => {
    const cover = { from: 150, to: 210 };
    const gt = groundTruth('David');
    const { results, learnedOn } = await run(tracker, 'David', cover);
    const stateAt = (i: number) => results[i - 1].state;
    const covered = Array.from({ length: cover.to - cover.from + 1 }, (_, k) => cover.from + k);
    const lostWhileCovered = covered.filter((i) => stateAt(i) === 'lost').length;
    // A few frames pass before the loss is declared (misses in a row), then it stays lost.
    expect(lostWhileCovered / covered.length).toBeGreaterThan(0.7);
    // Before the cover: tracked throughout.
    for (let i = 1; i < cover.from; i++) expect(stateAt(i)).toBe('tracked');
    // The filter never learned on a frame reported lost.
    for (const i of learnedOn) if (i > 0) expect(stateAt(i)).toBe('tracked');
    // Back within a second of the target reappearing, and on it.
    const back = Array.from({ length: 30 }, (_, k) => cover.to + 1 + k).find((i) => stateAt(i) === 'tracked');
    expect(back).toBeDefined();
    const after = Array.from({ length: 60 }, (_, k) => cover.to + 31 + k);
    const onTarget = after.filter((i) => stateAt(i) === 'tracked' && iou(results[i - 1].box, gt[i]) > 0.5).length;
    expect(onTarget / after.length).toBeGreaterThan(0.8);
  });
});
