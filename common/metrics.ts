import { centreError, iou, type Box } from './box';

/** OTB success-curve thresholds: 0, 0.05, ..., 1 (21 values). */
export const SUCCESS_THRESHOLDS: readonly number[] = Array.from({ length: 21 }, (_, i) => i / 20);

export interface SequenceScore {
  /** Success AUC: mean over thresholds of the fraction of frames with IoU > t. */
  auc: number;
  /** Precision@20: fraction of frames with centre error <= 20 px. */
  p20: number;
  /** Success rate at each of SUCCESS_THRESHOLDS. */
  successCurve: number[];
  /** Number of frames scored (frames 2..N, frame 1 is given). */
  scoredFrames: number;
}

/**
 * Score a one-pass run against ground truth, OTB convention (../shared/sequences/README.md):
 * frame 1 (index 0) is the given box and is not scored. A null prediction (target reported lost)
 * counts as IoU 0 and infinite centre error.
 */
export function scoreSequence(predicted: readonly (Box | null)[], groundTruth: readonly Box[]): SequenceScore {
  const n = Math.min(predicted.length, groundTruth.length);
  const ious: number[] = [];
  const errors: number[] = [];
  for (let i = 1; i < n; i++) {
    const p = predicted[i];
    ious.push(p ? iou(p, groundTruth[i]) : 0);
    errors.push(p ? centreError(p, groundTruth[i]) : Infinity);
  }
  const m = ious.length;
  const successCurve = SUCCESS_THRESHOLDS.map((t) => (m ? ious.filter((v) => v > t).length / m : 0));
  const auc = successCurve.reduce((a, b) => a + b, 0) / successCurve.length;
  const p20 = m ? errors.filter((e) => e <= 20).length / m : 0;
  return { auc, p20, successCurve, scoredFrames: m };
}
