import { DCFNET_PARAMS } from '../../models/manifest';

/**
 * The dcf tracker's configuration: DCFNet's published hyper-parameters (models/manifest.ts)
 * plus the speed options.
 *
 * Speed: the net is fully convolutional, so `cropSize` (net input = filter size) may be smaller
 * than the published 125 (cost ~ cropSize^2); `scaleInterval` runs the 3-scale search only every
 * k-th frame (one scale otherwise); `updateFrom` picks how the model learns the new position:
 * 'recrop' (DCFNet's original: a new crop there and one more net run), 'search' (the best scale's
 * search features moved onto the new centre and windowed again: one more FFT, no net run) or
 * 'search-phase' (that scale's spectrum phase-shifted: no FFT either, but the cosine window
 * stays centred on the old position).
 *
 * Measured on the nine development sequences (bench/dcf-profile.ts, onnxruntime-node, 1 thread,
 * 2-core machine): the defaults (cropSize 64, 3 scales every frame, 'search') score mean AUC 0.622
 * at ~40 ms CPU per frame; the published setting (125, 'recrop', integer peak) 0.624 at ~190 ms.
 * One scale only: 0.508 at ~18 ms; 3 scales every 5th frame: 0.573 at ~24 ms.
 * Session 12 (faster machine, net's LRN rewritten, `rewriteLrn`): the defaults 0.615 at 8.6 ms a frame
 * (net 2.1, filter 6.8) against 15.9 (net 9.7) with onnxruntime's LRN; the published setting 0.620 at
 * 40.0 ms (net 11.0, filter 30.7) against 74.9 (net 48.2).
 */
export interface DcfConfig {
  /** Net input side = filter size. 125 as published (FFT at 128, zero-padded), 64 for speed. */
  cropSize: number;
  padding: number;
  outputSigmaFactor: number;
  lambda: number;
  interpFactor: number;
  numScales: number;
  scaleStep: number;
  scalePenalty: number;
  minScaleFactor: number;
  maxScaleFactor: number;
  mean: readonly number[];
  /** Search all scales every k-th frame, the current scale only otherwise (1 = every frame, 0 = never). */
  scaleInterval: number;
  /** How the model learns the new position (see above). */
  updateFrom: 'recrop' | 'search' | 'search-phase';
  /** Refine the response peak to sub-pixel (DCFNet takes the integer argmax). */
  subPixel: boolean;
  /** score = logistic((psr - psrMid) / psrSlope): see scoreFromPsr. */
  psrMid: number;
  psrSlope: number;
  /**
   * Run the net's final LRN as a 1x1 convolution and elementwise operators (workers/core/onnx-graph.ts)
   * instead of onnxruntime's LRN kernel: the same features (within 4e-4 on values up to ~140), the
   * net 5.7x faster in onnxruntime-node on a 64-px crop (3.22 -> 0.56 ms), 1.1x in onnxruntime-web's WASM.
   */
  rewriteLrn: boolean;
}

export const DCF_DEFAULTS: DcfConfig = {
  ...DCFNET_PARAMS,
  cropSize: 64,
  scaleInterval: 1,
  updateFrom: 'search',
  subPixel: true,
  psrMid: 14,
  psrSlope: 3,
  rewriteLrn: true,
};

/**
 * Confidence in [0,1] from the peak-to-sidelobe ratio. Fit by eye on the nine development
 * sequences at cropSize 64 (bench/dcf-profile.ts): frames on target (IoU > 0.5) had PSR
 * 16..79 (5th..95th percentile), frames lost (IoU < 0.1) 6..14; PSR 14 -> 0.5, 20 -> 0.88.
 */
export function scoreFromPsr(psr: number, mid = DCF_DEFAULTS.psrMid, slope = DCF_DEFAULTS.psrSlope): number {
  return 1 / (1 + Math.exp(-(psr - mid) / slope));
}
