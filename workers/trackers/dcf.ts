import { boxProblem, fromCentre, type Box } from '../../common/box';
import { assertFrame, type Frame } from '../../common/frame';
import type { InferenceEngine, NetSession } from '../core/engine';
import { CorrelationFilter, type FilterPeak } from '../core/fft-filter';
import { rewriteFinalLrn } from '../core/onnx-graph';
import type { ResponseMap, Tracker, TrackResult } from '../core/tracker';
import { DCF_DEFAULTS, scoreFromPsr, type DcfConfig } from './dcf-config';
import { RectCropper, type RectWindow } from './dcf-crop';
import type { TrackerSpec } from './registry';

export { DCF_DEFAULTS, scoreFromPsr, type DcfConfig } from './dcf-config';

/** Per-call choices for a caller that fuses dcf with another tracker. */
export interface DcfTrackOptions {
  /** Search around this box (centre and size) instead of the last estimate. */
  prior?: Box;
  /** 'single': current scale only; 'multi': all scales; 'auto' (default): per config.scaleInterval. */
  scales?: 'single' | 'multi' | 'auto';
  /** false = detect only, the model does not learn from this frame (e.g. judged lost). Default true. */
  learn?: boolean;
}

export interface DcfTrackResult extends TrackResult {
  /** Peak-to-sidelobe ratio of the chosen response (raw confidence; score is derived from it). */
  psr: number;
  /** Response value at the peak (about 1 on the training patch). */
  peakValue: number;
  /** Scale factor applied to the size this frame (1 = unchanged). */
  scaleChange: number;
  /** Whether the model learned from this frame. */
  learned: boolean;
}

/** Milliseconds spent per stage since init (a clock is injected: the core has no `performance`). */
export interface DcfProfile {
  frames: number;
  cropMs: number;
  netMs: number;
  filterMs: number;
}

const FEATURE_CHANNELS = 32;

/**
 * DCFNet (CFNet family): a 2-layer conv net trained through a correlation filter gives 32
 * feature channels; the filter (workers/core/fft-filter.ts) locates the target in a window of
 * target size x (1 + padding), over 3 scales (batched into one net run) with a penalty on scale
 * change. Speed options and the score are in dcf-config.ts. A fusion tracker can search around
 * a prior, on one scale, without learning, and teach the filter a box of its own (learnAt).
 */
export class DcfTracker implements Tracker {
  readonly name = 'dcf';
  readonly config: DcfConfig;
  readonly profile: DcfProfile = { frames: 0, cropMs: 0, netMs: 0, filterMs: 0 };
  private readonly filter: CorrelationFilter;
  private readonly cropper = new RectCropper();
  private readonly inputOne: Float32Array;
  private readonly inputAll: Float32Array;
  private readonly scaleFactors: number[];
  private readonly scalePenalties: number[];
  private cx = 0;
  private cy = 0;
  private w = 0;
  private h = 0;
  private minW = 0;
  private minH = 0;
  private maxW = 0;
  private maxH = 0;
  private frameCount = 0;
  /** Windows and net output of the last search, per slot, for learning there without a new crop. */
  private readonly lastWindows: RectWindow[];
  private lastSearched = 0;
  private lastFeatures: Float32Array | null = null;

  constructor(private readonly session: NetSession, config: Partial<DcfConfig> = {}, private readonly clock: () => number = Date.now) {
    this.config = { ...DCF_DEFAULTS, ...config };
    const c = this.config;
    const s = c.cropSize;
    const mid = Math.floor(c.numScales / 2);
    this.scaleFactors = Array.from({ length: c.numScales }, (_, i) => c.scaleStep ** (i - mid));
    this.scalePenalties = Array.from({ length: c.numScales }, (_, i) => c.scalePenalty ** Math.abs(i - mid));
    this.filter = new CorrelationFilter({
      featureSize: s,
      channels: FEATURE_CHANNELS,
      lambda: c.lambda,
      sigma: (s / (1 + c.padding)) * c.outputSigmaFactor,
      slots: c.numScales,
    });
    this.inputOne = new Float32Array(3 * s * s);
    this.inputAll = new Float32Array(c.numScales * 3 * s * s);
    this.lastWindows = Array.from({ length: c.numScales }, () => ({ cx: 0, cy: 0, w: 1, h: 1 }));
  }

  /** The current estimate (centre and size). */
  get box(): Box {
    return fromCentre(this.cx, this.cy, this.w, this.h);
  }

  /** The filter's model spectra, read-only, for inspection. */
  get model(): CorrelationFilter['model'] {
    return this.filter.model;
  }

  async init(frame: Frame, box: Box): Promise<void> {
    assertFrame(frame);
    const problem = boxProblem(box, frame.width, frame.height);
    if (problem) throw new Error(`dcf cannot start: ${problem}`);
    const c = this.config;
    this.cx = box.x + box.w / 2;
    this.cy = box.y + box.h / 2;
    this.w = box.w;
    this.h = box.h;
    this.minW = Math.max(c.minScaleFactor * box.w, 4);
    this.minH = Math.max(c.minScaleFactor * box.h, 4);
    this.maxW = Math.max(this.minW, Math.min(frame.width, c.maxScaleFactor * box.w));
    this.maxH = Math.max(this.minH, Math.min(frame.height, c.maxScaleFactor * box.h));
    this.frameCount = 0;
    await this.learnByCrop(frame, 1);
  }

  async track(frame: Frame, opts: DcfTrackOptions = {}): Promise<DcfTrackResult> {
    if (!this.filter.trained) throw new Error('dcf: track() called before init()');
    const c = this.config;
    const s = c.cropSize;
    if (opts.prior) this.moveTo(opts.prior);
    this.frameCount++;
    const mode = opts.scales ?? 'auto';
    const every = c.scaleInterval;
    const multi = mode === 'multi' || (mode === 'auto' && every > 0 && this.frameCount % every === 0);
    const first = multi ? 0 : Math.floor(c.numScales / 2);
    const count = multi ? c.numScales : 1;
    const input = count === 1 ? this.inputOne : this.inputAll;

    let t = this.clock();
    for (let k = 0; k < count; k++) {
      const f = this.scaleFactors[first + k];
      const win = this.lastWindows[k];
      win.cx = this.cx;
      win.cy = this.cy;
      win.w = this.w * f * (1 + c.padding);
      win.h = this.h * f * (1 + c.padding);
      this.cropper.crop(frame, win, s, input, c.mean, c.mean, k * 3 * s * s);
    }
    t = this.tick('cropMs', t);
    const features = await this.features(input, count);
    this.lastFeatures = features;
    t = this.tick('netMs', t);

    let best = 0;
    let bestPeak: FilterPeak | null = null;
    let bestScore = -Infinity;
    for (let k = 0; k < count; k++) {
      this.filter.load(features, k, k * FEATURE_CHANNELS * s * s);
      const peak = this.filter.detect(k);
      const penalised = peak.value * this.scalePenalties[first + k];
      if (penalised > bestScore) {
        bestScore = penalised;
        best = k;
        bestPeak = peak;
      }
    }
    const peak = bestPeak as FilterPeak;
    const dx = c.subPixel ? peak.dx : Math.round(peak.dx);
    const dy = c.subPixel ? peak.dy : Math.round(peak.dy);
    const win = this.lastWindows[best];
    // map pixel j holds the shift j - floor(S/2) crop pixels: its centre falls on win.cx + (j - floor(S/2)) * cell
    const half = Math.floor(s / 2) + 0.5;
    const region = { x: win.cx - (half * win.w) / s, y: win.cy - (half * win.h) / s, w: win.w, h: win.h };
    const responseData = new Float32Array(s * s);
    this.filter.centredResponse(best, responseData);
    const scaleChange = this.scaleFactors[first + best];
    this.cx = clamp(this.cx + (dx * win.w) / s, 0, frame.width);
    this.cy = clamp(this.cy + (dy * win.h) / s, 0, frame.height);
    this.w = clamp(win.w / (1 + c.padding), this.minW, this.maxW);
    this.h = clamp(win.h / (1 + c.padding), this.minH, this.maxH);
    this.lastSearched = count;
    this.tick('filterMs', t);

    const learned = opts.learn !== false;
    if (learned) {
      if (c.updateFrom !== 'recrop') this.learnFromSearch(best, dx, dy, c.interpFactor);
      else await this.learnByCrop(frame, c.interpFactor);
    }
    this.profile.frames++;
    const response: ResponseMap = { width: s, height: s, data: responseData, region, peak: { x: this.cx, y: this.cy } };
    return {
      box: this.box,
      score: scoreFromPsr(peak.psr, c.psrMid, c.psrSlope),
      state: 'tracked',
      response,
      psr: peak.psr,
      peakValue: peak.value,
      scaleChange,
      learned,
    };
  }

  /** Move the estimate (centre and size) without learning, e.g. to a box another tracker found. */
  moveTo(box: Box): void {
    this.cx = box.x + box.w / 2;
    this.cy = box.y + box.h / 2;
    this.w = clamp(box.w, this.minW, this.maxW);
    this.h = clamp(box.h, this.minH, this.maxH);
  }

  /**
   * Move to `box` and learn the target there (rate defaults to interpFactor). When the box lies
   * well inside one of the last frame's search windows at that window's scale, the search
   * features are reused (no net run); otherwise the frame is cropped and the net runs once.
   * Pass the frame that was last given to track().
   */
  async learnAt(frame: Frame, box: Box, rate = this.config.interpFactor): Promise<void> {
    this.moveTo(box);
    const c = this.config;
    const s = c.cropSize;
    for (let k = 0; k < this.lastSearched; k++) {
      const win = this.lastWindows[k];
      const dx = ((this.cx - win.cx) * s) / win.w;
      const dy = ((this.cy - win.cy) * s) / win.h;
      const sizeMatch = Math.abs((this.w * (1 + c.padding)) / win.w - 1) < 0.02 && Math.abs((this.h * (1 + c.padding)) / win.h - 1) < 0.02;
      if (sizeMatch && Math.abs(dx) < s / 4 && Math.abs(dy) < s / 4) {
        this.learnFromSearch(k, dx, dy, rate);
        return;
      }
    }
    await this.learnByCrop(frame, rate);
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }

  private learnFromSearch(slot: number, dx: number, dy: number, rate: number): void {
    const t = this.clock();
    const s = this.config.cropSize;
    if (this.config.updateFrom === 'search-phase' || !this.lastFeatures) this.filter.learn(slot, rate, { dx, dy });
    else this.filter.learnFrom(this.lastFeatures, slot * FEATURE_CHANNELS * s * s, rate, { dx, dy });
    this.tick('filterMs', t);
  }

  /** Crop at the current estimate, run the net, learn (rate 1 = start afresh). Uses slot 0. */
  private async learnByCrop(frame: Frame, rate: number): Promise<void> {
    const c = this.config;
    const s = c.cropSize;
    let t = this.clock();
    const win = { cx: this.cx, cy: this.cy, w: this.w * (1 + c.padding), h: this.h * (1 + c.padding) };
    this.cropper.crop(frame, win, s, this.inputOne, c.mean, c.mean);
    t = this.tick('cropMs', t);
    const features = await this.features(this.inputOne, 1);
    t = this.tick('netMs', t);
    this.filter.load(features, 0);
    this.filter.learn(0, rate);
    this.tick('filterMs', t);
    this.lastSearched = 0; // slot 0 now holds this crop, not a search window
    this.lastFeatures = null;
  }

  private async features(input: Float32Array, count: number): Promise<Float32Array> {
    const s = this.config.cropSize;
    const out = await this.session.run({ input: { data: input, dims: [count, 3, s, s] } });
    const f = out.feature;
    if (!f || f.data.length !== count * FEATURE_CHANNELS * s * s) {
      throw new Error(`dcfnet returned ${f ? f.dims.join('x') : 'no "feature" output'}, expected ${count}x${FEATURE_CHANNELS}x${s}x${s}`);
    }
    return f.data;
  }

  private tick(stage: 'cropMs' | 'netMs' | 'filterMs', since: number): number {
    const now = this.clock();
    this.profile[stage] += now - since;
    return now;
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}

/** Build a dcf tracker on an engine; `clock` (e.g. performance.now) feeds the profile. */
export async function createDcfTracker(engine: InferenceEngine, model: Uint8Array, config: Partial<DcfConfig> = {}, clock?: () => number): Promise<DcfTracker> {
  const rewritten = (config.rewriteLrn ?? DCF_DEFAULTS.rewriteLrn) ? rewriteFinalLrn(model, FEATURE_CHANNELS) : null;
  const session = await engine.createSession(rewritten?.model ?? model);
  return new DcfTracker(session, config, clock);
}

export const dcfSpec: TrackerSpec<DcfConfig> = {
  name: 'dcf',
  description: 'DCFNet conv features + FFT correlation filter (CFNet family), 3-scale search',
  models: ['dcfnet'],
  defaults: DCF_DEFAULTS,
  async create({ engine, models, config }) {
    const bytes = models.dcfnet?.feature;
    if (!bytes) throw new Error('dcf needs the dcfnet feature model (models.dcfnet.feature)');
    return createDcfTracker(engine, bytes, config);
  },
};
