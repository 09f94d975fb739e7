import * as ortWeb from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import type { Box } from '../../common/box';
import type { Frame } from '../../common/frame';
import { nodeEngine } from '../../main/ort-node';
import type { InferenceEngine } from '../../workers/core/engine';
import { webEngine, type WebOrtModule } from '../../workers/ort-web';
import { createNanoTracker } from '../../workers/trackers/nanotrack';
import { HAVE_SHARED } from '../helpers/paths';
import { groundTruth, sequenceFrames, sharedModels } from './trackers/sequence-fixture';

const ort = ortWeb as unknown as WebOrtModule;

async function trackFrames(engine: InferenceEngine, frames: Frame[], start: Box): Promise<Box[]> {
  const tracker = await createNanoTracker({ engine, models: sharedModels(['nanotrackv2']) });
  try {
    await tracker.init(frames[0], start);
    const boxes: Box[] = [];
    for (const frame of frames.slice(1)) boxes.push((await tracker.track(frame)).box);
    return boxes;
  } finally {
    await tracker.dispose();
  }
}

describe('webEngine', () => {
  it('sets the WASM thread count and names its backend', () => {
    const engine = webEngine(ort, { numThreads: 1 });
    expect(ort.env.wasm.numThreads).toBe(1);
    expect(engine.backend).toBe('onnxruntime-web wasm x1');
    expect(() => webEngine(ort, { numThreads: 0 })).toThrow(/numThreads/);
  });
});

describe.runIf(HAVE_SHARED)('the same tracker core on onnxruntime-web (WASM, in Node) and onnxruntime-node', () => {
  it('gives the same NanoTrackV2 boxes on the first 60 frames of David, within 0.5 px', async () => {
    const frames: Frame[] = [];
    for await (const f of sequenceFrames('David', 60)) frames.push(f);
    expect(frames).toHaveLength(60);
    const start = groundTruth('David')[0];
    const web = await trackFrames(webEngine(ort, { numThreads: 1 }), frames, start);
    const node = await trackFrames(nodeEngine(1), frames, start);
    expect(web).toHaveLength(59);
    let worst = 0;
    web.forEach((b, i) => {
      const n = node[i];
      worst = Math.max(worst, Math.abs(b.x - n.x), Math.abs(b.y - n.y), Math.abs(b.w - n.w), Math.abs(b.h - n.h));
    });
    expect(worst).toBeLessThan(0.5);
    // Not a trivially idle target: the boxes move over these frames.
    expect(Math.abs(node[58].x - start.x) + Math.abs(node[58].y - start.y)).toBeGreaterThan(5);
  });
});
