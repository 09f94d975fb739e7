import { performance } from 'node:perf_hooks';
import { boxProblem, type Box } from '../../common/box';
import { toTrackRow, trackRowProblem, type TrackRow } from '../../common/csv';
import { TRACKING_PIXEL_FORMAT, type Frame } from '../../common/frame';
import { scoreSequence, SUCCESS_THRESHOLDS } from '../../common/metrics';
import type { Tracker, TrackResult } from '../../workers/core/tracker';
import { UsageError } from '../usage-error';
import { openVideo, type VideoInfo, type VideoSource } from '../video';
import { streamFrames } from '../video/frames';
import { SequenceError, type Sequence } from './sequence';

/** One frame of a run: what the CSV says about it, and what it cost. */
export interface TrackStep {
  row: TrackRow;
  /** The tracker's full answer (response map included); null on the start frame. */
  result: TrackResult | null;
  /** The decoded frame, valid until the next step is asked for: its buffer is then reused. */
  frame: Frame;
  /** Milliseconds spent in tracker.init or tracker.track for this frame (decoding not included). */
  trackMs: number;
}

export interface TrackVideoOptions {
  /** The target on the start frame: 0-based top-left corner and size, in pixels. */
  box: Box;
  /** 0-based index of the frame the box is drawn on (default 0). */
  startFrame?: number;
  /** Frames to process, the start frame included (default: to the end of the video). */
  count?: number;
  signal?: AbortSignal;
}

/**
 * The one tracking loop (the CLI's `track` and the evaluation both use it): decode from the start
 * frame, init on it with the box, track every later frame, never re-initialise. The start frame's
 * row is state 'init' with score 1; a lost frame's row has no box.
 */
export async function* trackVideo(tracker: Tracker, video: VideoSource | VideoInfo, opts: TrackVideoOptions): AsyncGenerator<TrackStep> {
  const info = 'info' in video ? video.info : video;
  const start = opts.startFrame ?? 0;
  if (!Number.isInteger(start) || start < 0 || start >= info.frameCount) {
    throw new UsageError(`start frame ${start} is outside the video (frames 0..${info.frameCount - 1})`);
  }
  const problem = boxProblem(opts.box, info.width, info.height);
  if (problem) throw new UsageError(`cannot start a track on frame ${start}: ${problem}`);

  // The loop keeps no frame (trackers copy what they need), so one buffer serves frame after frame.
  const frameOpts = { start, count: opts.count, signal: opts.signal, pixelFormat: TRACKING_PIXEL_FORMAT, reuseBuffers: true };
  const frames = 'frames' in video ? video.frames(frameOpts) : streamFrames(info, frameOpts);
  let first = true;
  for await (const frame of frames) {
    const index = frame.index ?? start;
    const timeS = frame.timeS ?? index / info.fps;
    const t0 = performance.now();
    let result: TrackResult | null = null;
    if (first) await tracker.init(frame, opts.box);
    else result = await tracker.track(frame);
    const trackMs = performance.now() - t0;
    const row = result
      ? toTrackRow(index, timeS, result.box, result.score, result.state)
      : toTrackRow(index, timeS, opts.box, 1, 'init');
    const bad = trackRowProblem(row);
    if (bad) throw new Error(`tracker "${tracker.name}" gave an unusable result on frame ${index}: ${bad}`);
    first = false;
    yield { row, result, frame, trackMs };
  }
}

export interface SequenceResult {
  name: string;
  frames: number;
  /** Success AUC and precision@20 over frames 2..N (OTB one-pass). */
  auc: number;
  p20: number;
  /** Success rate at SUCCESS_THRESHOLDS (0, 0.05, ..., 1). */
  successCurve: number[];
  /** Frames per second of tracking alone: frames / time inside init + track. */
  fps: number;
  /** Frames per second end to end: frames / wall time from starting the decoder to the last result. */
  e2eFps: number;
  trackSeconds: number;
  wallSeconds: number;
  /** The rows a CSV export of this run would hold. */
  rows: TrackRow[];
}

export interface EvalProgress {
  sequence: string;
  /** 0-based position of the sequence in the run, and how many there are. */
  sequenceIndex: number;
  sequenceCount: number;
  frame: number;
  frames: number;
}

export interface EvalOptions {
  signal?: AbortSignal;
  onProgress?: (p: EvalProgress) => void;
}

/** One-pass evaluation of a tracker on one sequence. Scores exactly what the CSV would say. */
export async function evaluateSequence(
  tracker: Tracker, seq: Sequence, opts: EvalOptions & { sequenceIndex?: number; sequenceCount?: number } = {},
): Promise<SequenceResult> {
  const video = await openVideo(seq.videoPath);
  const rows: TrackRow[] = [];
  let trackMs = 0;
  let wallMs: number;
  try {
    const { info } = video;
    if (info.frameCount !== seq.frames) {
      throw new SequenceError(`${seq.videoPath} has ${info.frameCount} frames but ${seq.name} has ${seq.frames} ground-truth boxes`);
    }
    if (info.width !== seq.width || info.height !== seq.height) {
      throw new SequenceError(`${seq.videoPath} is ${info.width}x${info.height} but meta.json says ${seq.width}x${seq.height}`);
    }
    const wallStart = performance.now();
    for await (const step of trackVideo(tracker, video, { box: seq.groundTruth[0], signal: opts.signal })) {
      rows.push(step.row);
      trackMs += step.trackMs;
      opts.onProgress?.({
        sequence: seq.name, sequenceIndex: opts.sequenceIndex ?? 0, sequenceCount: opts.sequenceCount ?? 1,
        frame: rows.length, frames: seq.frames,
      });
    }
    wallMs = performance.now() - wallStart;
  } finally {
    await video.close();
  }
  if (rows.length !== seq.frames) {
    throw new SequenceError(`${seq.videoPath} gave ${rows.length} frames, ${seq.name} needs ${seq.frames}`);
  }
  const score = scoreSequence(rows.map((r) => r.box), seq.groundTruth);
  return {
    name: seq.name, frames: rows.length,
    auc: score.auc, p20: score.p20, successCurve: score.successCurve,
    fps: rows.length / (trackMs / 1000), e2eFps: rows.length / (wallMs / 1000),
    trackSeconds: trackMs / 1000, wallSeconds: wallMs / 1000,
    rows,
  };
}

export interface EvalResult {
  tracker: string;
  sequences: SequenceResult[];
  /** Unweighted means over sequences (the OTB overall score); successCurve is the mean curve. */
  mean: { auc: number; p20: number; fps: number; e2eFps: number; successCurve: number[] };
}

const meanOf = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);

/** Run one tracker over several sequences, one after another (init re-starts it on each). */
export async function evaluateSequences(tracker: Tracker, sequences: readonly Sequence[], opts: EvalOptions = {}): Promise<EvalResult> {
  const results: SequenceResult[] = [];
  for (const [i, seq] of sequences.entries()) {
    results.push(await evaluateSequence(tracker, seq, { ...opts, sequenceIndex: i, sequenceCount: sequences.length }));
  }
  return { tracker: tracker.name, sequences: results, mean: meanScores(results) };
}

export function meanScores(results: readonly SequenceResult[]): EvalResult['mean'] {
  return {
    auc: meanOf(results.map((r) => r.auc)),
    p20: meanOf(results.map((r) => r.p20)),
    fps: meanOf(results.map((r) => r.fps)),
    e2eFps: meanOf(results.map((r) => r.e2eFps)),
    successCurve: SUCCESS_THRESHOLDS.map((_, t) => meanOf(results.map((r) => r.successCurve[t]))),
  };
}
