import { describe, expect, it } from 'vitest';
import type { Box } from '../../../common/box';
import type { FramePayload } from '../../../common/contract';
import { newTrack, setKeyframe } from '../../../renderer/state/tracks';
import { startRun, type RunFrames, type RunWorker } from '../../../renderer/tracking/run';
import type { FrameMsg } from '../../../workers/protocol';

const box = (x: number): Box => ({ x, y: 0, w: 10, h: 10 });

/** Frames whose first byte is their index; tracks which were taken and given back. */
function fakeFrames(count: number) {
  const taken: number[] = [];
  const returned: number[] = [];
  const frames: RunFrames = {
    async take(i) {
      if (i < 0 || i >= count) throw new Error(`no frame ${i}`);
      taken.push(i);
      const data = new Uint8Array(4);
      data[0] = i;
      return { index: i, timeS: i / 30, width: 1, height: 1, data };
    },
    giveBack(f: FramePayload) { returned.push(f.index); },
  };
  return { frames, taken, returned };
}

/** A worker that "tracks" by moving the box to x = frame index, one frame at a time, asynchronously. */
function fakeWorker(delayMs = 1) {
  const log: string[] = [];
  let busy = false;
  let maxQueued = 0;
  let queued = 0;
  const worker: RunWorker = {
    async init(frame: FrameMsg, b: Box) {
      log.push(`init ${frame.index} @${b.x}`);
      return frame;
    },
    async track(frame: FrameMsg) {
      queued++;
      maxQueued = Math.max(maxQueued, queued);
      while (busy) await new Promise((r) => setTimeout(r, 0));
      busy = true;
      await new Promise((r) => setTimeout(r, delayMs));
      busy = false;
      queued--;
      log.push(`track ${frame.index}`);
      return { frame, result: { box: box(frame.index), score: 0.9, state: 'tracked' as const }, ms: delayMs, netMs: delayMs / 2 };
    },
  };
  return { worker, log, maxQueued: () => maxQueued };
}

describe('a tracking run', () => {
  it('tracks forward to the end, in order, with frames posted ahead and every buffer given back', async () => {
    const { frames, taken, returned } = fakeFrames(8);
    const { worker, log, maxQueued } = fakeWorker();
    const t = newTrack(1);
    setKeyframe(t, 2, box(2));
    const results: number[] = [];
    const run = startRun(worker, frames, { track: t, from: 2, startBox: box(2), direction: 1, lastFrame: 7, depth: 3 }, {
      onInit: () => undefined,
      onResult: (f, r, timing) => { results.push(f.index); expect(r.box.x).toBe(f.index); expect(timing.netMs).toBe(timing.workerMs / 2); },
    });
    const summary = await run.done;
    expect(results).toEqual([3, 4, 5, 6, 7]);
    expect(log[0]).toBe('init 2 @2');
    expect(summary).toEqual({ tracked: 5, lastFrame: 7, stopped: false });
    expect(maxQueued()).toBeGreaterThan(1); // pipelined
    expect(returned.sort()).toEqual(taken.sort());
  });

  it('restarts from a keyframe it meets, and stops at `until`', async () => {
    const { frames } = fakeFrames(20);
    const { worker, log } = fakeWorker();
    const t = newTrack(1);
    setKeyframe(t, 0, box(0));
    setKeyframe(t, 4, box(40));
    const run = startRun(worker, frames, { track: t, from: 0, startBox: box(0), direction: 1, lastFrame: 19, until: 6 }, {
      onInit: () => undefined, onResult: () => undefined,
    });
    await run.done;
    expect(log).toEqual(['init 0 @0', 'track 1', 'track 2', 'track 3', 'init 4 @40', 'track 5', 'track 6']);
  });

  it('tracks backwards to frame 0 and respects the end of the track', async () => {
    const { frames } = fakeFrames(10);
    const { worker, log } = fakeWorker();
    const t = newTrack(1);
    const back = startRun(worker, frames, { track: t, from: 3, startBox: box(3), direction: -1, lastFrame: 9 }, { onInit: () => undefined, onResult: () => undefined });
    await back.done;
    expect(log).toEqual(['init 3 @3', 'track 2', 'track 1', 'track 0']);
    log.length = 0;
    t.endFrame = 5;
    await startRun(worker, frames, { track: t, from: 3, startBox: box(3), direction: 1, lastFrame: 9 }, { onInit: () => undefined, onResult: () => undefined }).done;
    expect(log).toEqual(['init 3 @3', 'track 4', 'track 5']);
  });

  it('stops when asked, settling what is in flight', async () => {
    const { frames, taken, returned } = fakeFrames(1000);
    const { worker } = fakeWorker(3);
    const t = newTrack(1);
    let n = 0;
    const run = startRun(worker, frames, { track: t, from: 0, startBox: box(0), direction: 1, lastFrame: 999 }, {
      onInit: () => undefined,
      onResult: () => { if (++n === 5) run.stop(); },
    });
    const summary = await run.done;
    expect(summary.stopped).toBe(true);
    // Frames already posted (at most `depth`, 3 by default) still report; nothing new is posted.
    expect(summary.tracked).toBeGreaterThanOrEqual(5);
    expect(summary.tracked).toBeLessThanOrEqual(8);
    expect(taken.length).toBe(summary.tracked + 1);
    expect(returned.sort()).toEqual(taken.sort());
  });

  it('reports a worker failure', async () => {
    const { frames } = fakeFrames(10);
    const worker: RunWorker = {
      init: async (f) => f,
      track: async () => { throw new Error('model exploded'); },
    };
    const run = startRun(worker, frames, { track: newTrack(1), from: 0, startBox: box(0), direction: 1, lastFrame: 9 }, { onInit: () => undefined, onResult: () => undefined });
    await expect(run.done).rejects.toThrow('model exploded');
  });
});
