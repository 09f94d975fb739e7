import { NANOTRACK_V2_PARAMS, NANOTRACK_V3_PARAMS, type ModelId } from '../../models/manifest';

export type NanoTrackVersion = 'v2' | 'v3';

/** NanoTrack's tracking hyper-parameters (pysot names in comments); defaults are the published ones. */
export interface NanoTrackConfig {
  version: NanoTrackVersion;
  /** Template crop side (EXEMPLAR_SIZE). */
  exemplarSize: number;
  /** Search crop side (INSTANCE_SIZE). */
  instanceSize: number;
  /** Crop pixels between score-map cells (POINT.STRIDE). */
  stride: number;
  /** Side of the head's score map (OUTPUT_SIZE); fixed by the model, checked against it at init. */
  scoreSize: number;
  /** Context around the target in the crop (CONTEXT_AMOUNT). */
  contextAmount: number;
  /** Weight of the cosine window against the penalised score (WINDOW_INFLUENCE). */
  windowInfluence: number;
  /** Strength of the scale and aspect-ratio change penalty (PENALTY_K). */
  penaltyK: number;
  /** Size learning rate (LR), scaled by penalty x score at the chosen cell. */
  lr: number;
  /** Smallest box side after clipping, in frame pixels (pysot's _bbox_clip: 10). */
  minSize: number;
}

const PUBLISHED: Record<NanoTrackVersion, Omit<NanoTrackConfig, 'version' | 'minSize'>> = {
  v2: NANOTRACK_V2_PARAMS,
  v3: NANOTRACK_V3_PARAMS,
};

export const NANOTRACK_MODEL: Record<NanoTrackVersion, ModelId> = { v2: 'nanotrackv2', v3: 'nanotrackv3' };

/** The published parameters of `overrides.version` (default v2) with the overrides on top, validated. */
export function nanotrackConfig(overrides: Partial<NanoTrackConfig> = {}): NanoTrackConfig {
  const version = overrides.version ?? 'v2';
  if (version !== 'v2' && version !== 'v3') throw new Error(`NanoTrack version must be "v2" or "v3", got "${String(version)}"`);
  const config: NanoTrackConfig = { ...PUBLISHED[version], minSize: 10, ...overrides, version };
  const positiveInts = ['exemplarSize', 'instanceSize', 'stride', 'scoreSize'] as const;
  for (const key of positiveInts) {
    if (!Number.isInteger(config[key]) || config[key] <= 0) throw new Error(`NanoTrack ${key} must be a positive integer, got ${config[key]}`);
  }
  const inRange: [keyof NanoTrackConfig, number, number][] = [
    ['contextAmount', 0, 10],
    ['windowInfluence', 0, 1],
    ['penaltyK', 0, 10],
    ['lr', 0, 1],
    ['minSize', 0, 1e6],
  ];
  for (const [key, lo, hi] of inRange) {
    const v = config[key] as number;
    if (typeof v !== 'number' || !(v >= lo && v <= hi)) throw new Error(`NanoTrack ${key} must be a number in [${lo}, ${hi}], got ${String(v)}`);
  }
  return config;
}
