/** Timing helpers: medians, tracking on frames held in memory, trackers on onnxruntime-web. */
import type { Box } from '../common/box';
import { TRACKING_PIXEL_FORMAT, type Frame } from '../common/frame';
import { scoreSequence } from '../common/metrics';
import type { Sequence } from '../main/eval/sequence';
import { loadModels, modelSearchDirs } from '../main/models/resolve';
import { openVideo } from '../main/video';
import type { Tracker } from '../workers/core/tracker';
import { webEngine, type WebOrtModule } from '../workers/ort-web';
import { getTrackerSpec } from '../workers/trackers/registry';
import type { Median } from './results';

export function median(xs: readonly number[]): number {
  if (!xs.length) throw new Error('median of no values');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export const medianOf = (runs: number[]): Median => ({ median: median(runs), runs });

export const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The first `count` (default: all) frames of a sequence's video, decoded through the video service. */
export async function decodeAll(seq: Sequence, count?: number): Promise<Frame[]> {
  const video = await openVideo(seq.videoPath);
  const frames: Frame[] = [];
  try {
    for await (const f of video.frames({ count, pixelFormat: TRACKING_PIXEL_FORMAT })) frames.push(f);
  } finally {
    await video.close();
  }
  const want = count ?? seq.frames;
  if (frames.length !== want) throw new Error(`${seq.videoPath} gave ${frames.length} frames, ${seq.name} needs ${want}`);
  return frames;
}

/** Frames a tracker runs before it is timed: its runtime's first inferences compile and allocate. */
export const WARM_UP_FRAMES = 6;

export interface TrackOnlyRun {
  /** (frames - 1) / seconds in init + track: peer_baseline.py's convention. */
  fps: number;
  auc: number;
}

/** One-pass run on frames already in memory: only init + track are timed. */
export async function trackOnly(tracker: Tracker, frames: readonly Frame[], groundTruth: readonly Box[]): Promise<TrackOnlyRun> {
  const boxes: Box[] = [groundTruth[0]];
  let t0 = performance.now();
  await tracker.init(frames[0], groundTruth[0]);
  let ms = performance.now() - t0;
  for (let i = 1; i < frames.length; i++) {
    t0 = performance.now();
    const r = await tracker.track(frames[i]);
    ms += performance.now() - t0;
    boxes.push(r.box);
  }
  return { fps: (frames.length - 1) / (ms / 1000), auc: scoreSequence(boxes, groundTruth).auc };
}

/** A registered tracker on onnxruntime-web's WASM backend in Node, one thread, as the browser worker runs it. */
export async function createWebTracker(name: string, ort: WebOrtModule): Promise<Tracker> {
  const spec = getTrackerSpec(name);
  return spec.create({ engine: webEngine(ort, { numThreads: 1 }), models: loadModels(spec.models, modelSearchDirs()) });
}
