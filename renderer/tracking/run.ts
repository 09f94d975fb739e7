/**
 * One tracking run: from a frame with a box, forwards or backwards, until the video or the
 * track ends, `until` is reached, or stop() is called. Frames are fetched ahead and posted
 * to the worker a few at a time so decoding, transfer and tracking overlap; results are
 * handed over in frame order. Keyframes met on the way re-initialise the tracker (the
 * analyst's box wins over the tracker's).
 */
import type { Box } from '../../common/box';
import type { FramePayload } from '../../common/contract';
import type { FrameMsg, ResultMsg } from '../../workers/protocol';
import type { Track } from '../state/tracks';

export interface RunFrames {
  take(index: number): Promise<FramePayload>;
  giveBack(frame: FramePayload): void;
}

/** A tracked frame back from the worker: ms of the whole track() call, netMs of it in the networks. */
export interface TrackReply {
  frame: FrameMsg;
  result: ResultMsg;
  ms: number;
  netMs: number;
}

export interface RunWorker {
  init(frame: FrameMsg, box: Box): Promise<FrameMsg>;
  track(frame: FrameMsg): Promise<TrackReply>;
}

export interface RunOptions {
  track: Track;
  from: number;
  startBox: Box;
  direction: 1 | -1;
  lastFrame: number;
  /** Stop after this frame (inclusive). */
  until?: number;
  /** Frames posted to the worker ahead of the one being displayed. */
  depth?: number;
}

export interface RunHooks {
  /** The tracker was (re)initialised on this frame with the analyst's box. */
  onInit(frame: FramePayload): void;
  onResult(frame: FramePayload, result: ResultMsg, timing: { workerMs: number; netMs: number }): void;
}

export interface RunSummary {
  tracked: number;
  lastFrame: number;
  /** stop() was called (as opposed to reaching the end). */
  stopped: boolean;
}

export interface TrackingRun {
  stop(): void;
  readonly done: Promise<RunSummary>;
}

export function startRun(worker: RunWorker, frames: RunFrames, opts: RunOptions, hooks: RunHooks): TrackingRun {
  let stopped = false;
  let stopRequested = false;
  const done = run();
  return {
    stop: () => {
      stopped = true;
      stopRequested = true;
    },
    done,
  };

  async function initAt(index: number, box: Box) {
    const f = await frames.take(index);
    const back = await worker.init(f, box);
    const payload = { ...f, data: back.data };
    frames.giveBack(payload);
    hooks.onInit(payload);
  }

  async function run(): Promise<RunSummary> {
    const { track, direction: dir } = opts;
    const depth = opts.depth ?? 3;
    const trackEnd = track.endFrame ?? Infinity;
    const end = dir === 1 ? Math.min(opts.lastFrame, trackEnd, opts.until ?? Infinity) : Math.max(0, opts.until ?? 0);
    const inRange = (i: number) => (dir === 1 ? i <= end : i >= end);
    let tracked = 0;
    let last = opts.from;

    await initAt(opts.from, opts.startBox);
    let next = opts.from + dir;
    const queue: { index: number; result: Promise<TrackReply> }[] = [];
    let posting: Promise<unknown> = Promise.resolve();
    try {
      for (;;) {
        while (!stopped && queue.length < depth && inRange(next) && !track.keyframes.has(next)) {
          const index = next;
          next += dir;
          const taken = frames.take(index);
          // Post in frame order; each post returns at once with a promise of its result.
          const posted = posting.then(() => taken).then((f) => ({ result: worker.track(f) }));
          posting = posted.catch(() => undefined);
          queue.push({ index, result: posted.then((p) => p.result) });
        }
        const head = queue.shift();
        if (head) {
          const r = await head.result;
          const payload: FramePayload = { ...r.frame, data: r.frame.data };
          frames.giveBack(payload);
          hooks.onResult(payload, r.result, { workerMs: r.ms, netMs: r.netMs });
          tracked++;
          last = head.index;
          continue;
        }
        if (stopped || !inRange(next)) break;
        // Only a keyframe can be next here: restart from the analyst's box.
        const key = track.keyframes.get(next) as Box;
        await initAt(next, key);
        last = next;
        next += dir;
      }
    } finally {
      stopped = true;
      // Settle what is still in flight so no frame buffer is left behind in a rejected promise.
      await Promise.allSettled(queue.map((q) => q.result.then((r) => frames.giveBack({ ...r.frame }))));
    }
    return { tracked, lastFrame: last, stopped: stopRequested };
  }
}
