import { describe, expect, it } from 'vitest';
import { agreement, meansByRun, type EvalRun } from '../../../bench/gpu/eval';
import type { SequenceResult } from '../../../main/eval/run';
import type { Box } from '../../../common/box';

const result = (boxes: (Box | null)[]): SequenceResult => ({
  name: 'S', frames: boxes.length, auc: 0, p20: 0, successCurve: [], fps: 0, e2eFps: 0, trackSeconds: 0, wallSeconds: 0,
  rows: boxes.map((box, frame) => ({ frame, timeS: frame, box, score: box ? 1 : 0, state: box ? 'tracked' : 'lost' })) as SequenceResult['rows'],
});

describe('agreement', () => {
  it('averages the IoU of frames both backends tracked and counts state differences, skipping the start frame', () => {
    const a = result([{ x: 0, y: 0, w: 9, h: 9 }, { x: 0, y: 0, w: 10, h: 10 }, { x: 0, y: 0, w: 10, h: 10 }, null, { x: 0, y: 0, w: 4, h: 4 }]);
    const b = result([{ x: 50, y: 50, w: 1, h: 1 }, { x: 0, y: 0, w: 10, h: 10 }, { x: 5, y: 0, w: 10, h: 10 }, { x: 1, y: 1, w: 2, h: 2 }, null]);
    const got = agreement('nanotrack', a, b);
    // Frame 1: IoU 1; frame 2: overlap 50 of union 150 = 1/3; frames 3 and 4: one side lost.
    expect(got.meanIou).toBeCloseTo((1 + 1 / 3) / 2, 10);
    expect(got.minIou).toBeCloseTo(1 / 3, 10);
    expect(got.stateDiffers).toBe(2);
  });
});

describe('meansByRun', () => {
  it('gives unweighted means per tracker and backend', () => {
    const run = (tracker: string, backend: string, auc: number, fps: number): EvalRun => ({ backend, tracker, sequence: 's', frames: 10, auc, p20: auc, fps, e2eFps: fps / 2 });
    const means = meansByRun([run('t', 'WebGPU', 0.5, 100), run('t', 'WebGPU', 0.7, 300), run('t', 'WASM', 0.6, 50)]);
    expect(means).toEqual([
      { tracker: 't', backend: 'WebGPU', sequences: 2, auc: 0.6, p20: 0.6, fps: 200, e2eFps: 100 },
      { tracker: 't', backend: 'WASM', sequences: 1, auc: 0.6, p20: 0.6, fps: 50, e2eFps: 25 },
    ]);
  });
});
