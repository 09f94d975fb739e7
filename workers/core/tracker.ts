import type { Box } from '../../common/box';
import type { Frame } from '../../common/frame';

export type TrackState = 'tracked' | 'lost';

/** A response map and the frame region it covers (its pixels stretch over `region`). */
export interface ResponseMap {
  width: number;
  height: number;
  /** Row-major scores, higher = more target-like; not necessarily normalised. */
  data: Float32Array;
  /** The frame-coordinate rectangle that the map spans (the search region). */
  region: Box;
  /** Peak position in frame coordinates. */
  peak: { x: number; y: number };
}

export interface TrackResult {
  /** Best estimate of the target box (also reported while lost, for display of the search). */
  box: Box;
  /** Confidence in [0,1]. */
  score: number;
  state: TrackState;
  response?: ResponseMap;
}

/** One tracker interface for the worker, the CLI and the evaluation harness. */
export interface Tracker {
  readonly name: string;
  init(frame: Frame, box: Box): Promise<void>;
  track(frame: Frame): Promise<TrackResult>;
  dispose(): Promise<void>;
}
