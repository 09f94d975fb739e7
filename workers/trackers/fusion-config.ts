import { DCF_DEFAULTS, type DcfConfig } from './dcf-config';
import { nanotrackConfig, type NanoTrackConfig } from './nanotrack-config';

/**
 * The fused tracker's own knobs. Thresholds are on physically meaningful signals (NanoTrack's
 * foreground probability at the chosen cell, the filter's peak-to-sidelobe ratio) and were set
 * from their distributions on target vs off target, not tuned per sequence.
 */
export interface FusionConfig {
  siamese: Partial<NanoTrackConfig>;
  filter: Partial<DcfConfig>;
  /** The siamese pick is trusted as is above this foreground probability (the filter is not run). */
  sureScore: number;
  /** Filter PSR above which the filter may overrule an unsure siamese position. */
  filterTrustPsr: number;
  /**
   * Teach the filter every k-th confident frame (one feature-net run, ~10 ms in Node), at the
   * equivalent rate 1 - (1 - lr)^k, so the model's memory stays ~1/lr = 100 frames long; k = 20
   * samples it 5 times per memory length. On the development sequences 5, 10 and 20 scored alike
   * (mean AUC 0.6793, 0.6794, 0.6792 in session 3; 0.6707 vs 0.6705 for 10 vs 20 with the YUV
   * crop); 10 made the fused tracker 19% faster than 5.
   */
  learnInterval: number;
  /** An unsure frame is a miss when the filter's PSR is below this (on target it sits at 12..65, covered at 4..7). */
  missPsr: number;
  /** While lost, the siamese search follows a candidate above this probability, else waits at the last good box. */
  followScore: number;
  /** Consecutive misses before the target is reported lost. */
  missesToLose: number;
  /** Search-square growth per lost frame, and its cap (x the normal search side). */
  widenStep: number;
  widenMax: number;
  /** Re-acquire when the widened search finds the target with this probability and the filter agrees (PSR). */
  recoverScore: number;
  recoverPsr: number;
  /** ...or when the siamese probability stays above recoverScore this many frames in a row. */
  recoverStreak: number;
}

export const FUSION_DEFAULTS: FusionConfig = {
  siamese: nanotrackConfig({ version: 'v2' }),
  filter: { ...DCF_DEFAULTS, scaleInterval: 0, updateFrom: 'recrop' },
  sureScore: 0.95,
  filterTrustPsr: 14,
  learnInterval: 20,
  missPsr: 10,
  followScore: 0.3,
  missesToLose: 5,
  widenStep: 1.25,
  widenMax: 3,
  recoverScore: 0.95,
  recoverPsr: 12,
  recoverStreak: 2,
};
