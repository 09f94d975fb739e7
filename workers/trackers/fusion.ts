import { centre, fromCentre, type Box } from '../../common/box';
import type { Frame } from '../../common/frame';
import type { Tracker, TrackResult } from '../core/tracker';
import { createDcfTracker, scoreFromPsr, type DcfTracker } from './dcf';
import { FUSION_DEFAULTS, type FusionConfig } from './fusion-config';
import { createNanoTracker, type NanoTracker, type NanoTrackResult } from './nanotrack';
import type { TrackerDeps, TrackerSpec } from './registry';

export { FUSION_DEFAULTS, type FusionConfig } from './fusion-config';

/** What the fusion decided on a frame, for benchmarks and the UI's status line. */
export interface FusionDiagnostics {
  /** Which part placed the box: the siamese net, the filter overruling it, or neither (lost). */
  source: 'siamese' | 'filter' | 'hold';
  /** The filter's PSR when it ran this frame, else null (it runs only when the siamese net is unsure). */
  psr: number | null;
  siameseScore: number;
  /** Relative search-square side (1 normally, > 1 while re-detecting). */
  searchScale: number;
}

export interface FusionResult extends TrackResult {
  diagnostics: FusionDiagnostics;
}

/**
 * Siamese network + correlation filter, each where it is strong:
 * - NanoTrack localises and sizes the target every frame (robust to appearance change, fast).
 * - When NanoTrack is unsure (foreground probability below `sureScore`: occlusion, distractors,
 *   blur), the DCFNet filter, learned online from confident frames only, is asked around the last
 *   position; if its response is sharp (PSR) its position wins, and the size is held rather than
 *   adapted on a doubtful frame. The filter therefore costs nothing on the frames where it adds nothing.
 * - Several consecutive frames on which neither vouches for the target mark it lost: the box is no
 *   longer reported, the filter stops learning, and the siamese search square widens around the last
 *   good position until a confident siamese detection is confirmed by the filter.
 */
export class FusionTracker implements Tracker {
  readonly name = 'fusion';
  private fused: Box = { x: 0, y: 0, w: 0, h: 0 };
  private misses = 0;
  private lost = false;
  private sinceLearn = 0;
  private confidentStreak = 0;
  private readonly learnRate: number;

  constructor(
    private readonly siamese: NanoTracker,
    private readonly filter: DcfTracker,
    readonly config: FusionConfig,
  ) {
    // Learning every k-th frame at 1-(1-r)^k keeps the filter's memory as long as learning every frame at r.
    this.learnRate = 1 - (1 - filter.config.interpFactor) ** Math.max(1, config.learnInterval);
  }

  async init(frame: Frame, box: Box): Promise<void> {
    await this.siamese.init(frame, box);
    await this.filter.init(frame, box);
    this.siamese.searchScale = 1;
    this.fused = { ...box };
    this.misses = 0;
    this.lost = false;
    this.sinceLearn = 0;
    this.confidentStreak = 0;
  }

  async track(frame: Frame): Promise<FusionResult> {
    const prev = this.fused;
    const s = await this.siamese.track(frame);
    return this.lost ? this.redetect(frame, s, prev) : this.follow(frame, s, prev);
  }

  async dispose(): Promise<void> {
    await Promise.all([this.siamese.dispose(), this.filter.dispose()]);
  }

  private async follow(frame: Frame, s: NanoTrackResult, prev: Box): Promise<FusionResult> {
    const c = this.config;
    const sScore = s.signals.chosenScore;
    if (sScore >= c.sureScore) {
      this.misses = 0;
      this.fused = s.box;
      if (++this.sinceLearn >= c.learnInterval) {
        this.sinceLearn = 0;
        await this.filter.learnAt(frame, s.box, this.learnRate);
      } else {
        this.filter.moveTo(s.box);
      }
      return this.result(s, s.box, sScore, 'tracked', 'siamese', null);
    }

    // Unsure: ask the filter around the last position, at the last size.
    const d = await this.filter.track(frame, { prior: prev, scales: 'single', learn: false });
    const filterSure = d.psr >= c.filterTrustPsr;
    // The filter overrules the position and the size is held (a doubtful frame does not resize);
    // otherwise the siamese box stands: fast scale and aspect changes also make it unsure.
    const at = centre(d.box);
    const box = filterSure ? fromCentre(at.x, at.y, prev.w, prev.h) : s.box;
    const score = Math.min(sScore, scoreFromPsr(d.psr));
    // Neither vouches: the siamese net is unsure and the filter's response is flat (no target-like peak).
    const miss = d.psr < c.missPsr;
    this.misses = miss ? this.misses + 1 : 0;
    if (this.misses >= c.missesToLose) {
      this.lost = true;
      this.siamese.searchScale = c.widenStep;
      this.siamese.moveTo(prev);
      this.filter.moveTo(prev);
      return this.result(s, prev, Math.min(score, 0.2), 'lost', 'hold', d.psr);
    }
    this.fused = box;
    this.siamese.moveTo(box);
    this.filter.moveTo(box);
    return this.result(s, box, score, 'tracked', filterSure ? 'filter' : 'siamese', d.psr);
  }

  /**
   * While lost: the siamese search, widened, follows whatever it is fairly sure of, or else waits
   * around the last good position. The target is re-acquired when the filter confirms a confident
   * siamese detection, or when the siamese net stays confident for several frames in a row (the
   * filter's model may be stale after a large appearance change).
   */
  private async redetect(frame: Frame, s: NanoTrackResult, lastGood: Box): Promise<FusionResult> {
    const c = this.config;
    const sScore = s.signals.chosenScore;
    this.confidentStreak = sScore >= c.recoverScore ? this.confidentStreak + 1 : 0;
    let psr: number | null = null;
    if (sScore >= c.recoverScore) {
      const at = centre(s.box);
      const d = await this.filter.track(frame, { prior: fromCentre(at.x, at.y, lastGood.w, lastGood.h), scales: 'single', learn: false });
      psr = d.psr;
      if (d.psr >= c.recoverPsr || this.confidentStreak >= c.recoverStreak) {
        const box = d.psr >= c.recoverPsr ? fromCentre(centre(d.box).x, centre(d.box).y, s.box.w, s.box.h) : s.box;
        this.lost = false;
        this.misses = 0;
        this.sinceLearn = 0;
        this.confidentStreak = 0;
        this.siamese.searchScale = 1;
        this.siamese.moveTo(box);
        this.filter.moveTo(box);
        this.fused = box;
        return this.result(s, box, sScore, 'tracked', d.psr >= c.recoverPsr ? 'filter' : 'siamese', psr);
      }
    }
    if (sScore >= c.followScore) {
      // Fairly sure of something: the siamese search follows it at the normal width (a wider
      // square shrinks the target in the crop and lowers the net's scores).
      this.siamese.searchScale = 1;
    } else {
      this.siamese.searchScale = Math.min(this.siamese.searchScale * c.widenStep, c.widenMax);
      this.siamese.moveTo(lastGood);
    }
    this.filter.moveTo(lastGood);
    const score = Math.min(sScore, psr === null ? 1 : scoreFromPsr(psr)) * 0.2;
    return this.result(s, lastGood, score, 'lost', 'hold', psr);
  }

  private result(s: NanoTrackResult, box: Box, score: number, state: 'tracked' | 'lost', source: FusionDiagnostics['source'], psr: number | null): FusionResult {
    return {
      box,
      score: Math.min(1, Math.max(0, score)),
      state,
      response: s.response,
      diagnostics: { source, psr, siameseScore: s.signals.chosenScore, searchScale: this.siamese.searchScale },
    };
  }
}

export async function createFusionTracker(deps: TrackerDeps<FusionConfig>): Promise<FusionTracker> {
  const config: FusionConfig = { ...FUSION_DEFAULTS, ...deps.config };
  const feature = deps.models.dcfnet?.feature;
  if (!feature) throw new Error('fusion needs the dcfnet feature model');
  const siamese = await createNanoTracker({ engine: deps.engine, models: deps.models, config: config.siamese });
  const filter = await createDcfTracker(deps.engine, feature, config.filter);
  return new FusionTracker(siamese, filter, config);
}

export const fusionSpec: TrackerSpec<FusionConfig> = {
  name: 'fusion',
  description: 'NanoTrackV2 siamese net fused with a DCFNet correlation filter; confidence, loss and re-detection',
  models: ['nanotrackv2', 'dcfnet'],
  defaults: FUSION_DEFAULTS,
  create: (deps) => createFusionTracker(deps),
};
