import { boxProblem, clampCentreAndSize, fromCentre, type Box } from '../../common/box';
import { assertFrame, type Frame } from '../../common/frame';
import { SubwindowCropper, meanColourBGR, type SquareWindow } from '../core/crop';
import type { NetSession, TensorData } from '../core/engine';
import { peakStats } from '../core/peaks';
import type { ResponseMap, TrackResult, Tracker } from '../core/tracker';
import { hanningWindow2d } from '../core/window';
import { NANOTRACK_MODEL, nanotrackConfig, type NanoTrackConfig } from './nanotrack-config';
import type { TrackerDeps, TrackerSpec } from './registry';

export { nanotrackConfig, type NanoTrackConfig, type NanoTrackVersion } from './nanotrack-config';

/** Raw per-frame evidence for a later confidence / loss model (NanoTrack's own score saturates near 1). */
export interface NanoTrackSignals {
  /** Foreground probability at the chosen cell (= TrackResult.score). */
  chosenScore: number;
  /** Highest foreground probability anywhere on the map. */
  peakScore: number;
  /** Highest probability more than SECOND_PEAK_EXCLUSION cells from the peak (a distractor). */
  secondPeakScore: number;
  /** peakScore / secondPeakScore: large = one unambiguous target. */
  peakRatio: number;
  /** Fraction of cells with probability > 0.5: a map-wide blob means nothing specific was found. */
  foregroundFraction: number;
  /** Scale/aspect-change penalty at the chosen cell (1 = no change). */
  penalty: number;
  /** Penalised, windowed score of the chosen cell (what the argmax picked). */
  chosenPenalisedScore: number;
  /** Distance in cells between the raw peak and the chosen cell (the window and penalty moved it). */
  peakShiftCells: number;
  /** sqrt(new area / old area) of the box after smoothing. */
  scaleChange: number;
  /** The exact search square in frame coordinates. */
  searchWindow: SquareWindow;
}

export interface NanoTrackResult extends TrackResult {
  response: ResponseMap;
  signals: NanoTrackSignals;
}

/** Milliseconds per stage of the last track() call; filled only when a clock was given. */
export interface NanoTrackStageTimes {
  cropMs: number;
  backboneMs: number;
  headMs: number;
  postMs: number;
}

/** Radius (cells) around the peak that belongs to the target blob: about a target width at 16 px/cell. */
const SECOND_PEAK_EXCLUSION = 2;
const NAMES = { input: 'input', output: 'output', template: 'input1', search: 'input2', cls: 'output1', loc: 'output2' };

/**
 * NanoTrack (V2 or V3): template features from the first frame, then per frame a search crop,
 * backbone + BAN head, and pysot's SiamRPN-style selection (scale/ratio penalty, cosine window,
 * size smoothing with lr = penalty x score x LR, clip to the frame).
 * Coordinates are continuous (pixel i spans [i, i+1)), so the crop is centred on x + w/2; pysot
 * uses x + (w-1)/2 with a crop that leans half a pixel the other way, i.e. the same place.
 * The response map is the raw foreground probability (sigmoid(c1 - c0)) before penalties and window,
 * cell (i, j) centred on its grid point, so `region` is the grid's footprint (S x stride crop pixels,
 * origin -floor(S/2) x stride from the crop centre) rather than the 255-px search square itself.
 */
export class NanoTracker implements Tracker {
  readonly lastTimes: NanoTrackStageTimes = { cropMs: 0, backboneMs: 0, headMs: 0, postMs: 0 };
  private readonly cropper = new SubwindowCropper();
  private readonly templateInput: TensorData;
  private readonly searchInput: TensorData;
  private templateFeatures: TensorData | null = null;
  private readonly padColour = new Float64Array(3);
  private readonly window: Float32Array;
  private readonly gridX: Float32Array;
  private readonly score: Float32Array;
  private readonly penalty: Float32Array;
  private readonly pscore: Float32Array;
  private readonly pred: Float32Array; // cx, cy, w, h per cell, planar, crop pixels from the crop centre
  private cx = 0;
  private cy = 0;
  private w = 0;
  private h = 0;
  /**
   * Search square side relative to the published one (1 = instanceSize/exemplarSize x template side).
   * A fusion tracker widens it while the target is lost (long-term re-detection, as pysot's LT tracker).
   */
  searchScale = 1;

  constructor(
    readonly name: string,
    readonly config: NanoTrackConfig,
    private readonly backbone: NetSession,
    private readonly head: NetSession,
    private readonly clock?: () => number,
  ) {
    const { exemplarSize: z, instanceSize: x, scoreSize: s, stride } = config;
    this.templateInput = { data: new Float32Array(3 * z * z), dims: [1, 3, z, z] };
    this.searchInput = { data: new Float32Array(3 * x * x), dims: [1, 3, x, x] };
    this.window = hanningWindow2d(s);
    this.gridX = new Float32Array(s);
    for (let j = 0; j < s; j++) this.gridX[j] = (j - Math.floor(s / 2)) * stride;
    this.score = new Float32Array(s * s);
    this.penalty = new Float32Array(s * s);
    this.pscore = new Float32Array(s * s);
    this.pred = new Float32Array(4 * s * s);
  }

  async init(frame: Frame, box: Box): Promise<void> {
    assertFrame(frame);
    const problem = boxProblem(box, frame.width, frame.height);
    if (problem) throw new Error(problem);
    this.cx = box.x + box.w / 2;
    this.cy = box.y + box.h / 2;
    this.w = box.w;
    this.h = box.h;
    meanColourBGR(frame, this.padColour);
    const { exemplarSize } = this.config;
    this.cropper.crop(frame, { cx: this.cx, cy: this.cy, side: this.templateSide() }, exemplarSize, this.templateInput.data, { pad: this.padColour });
    const out = await this.backbone.run({ [NAMES.input]: this.templateInput });
    const features = out[NAMES.output];
    this.templateFeatures = { data: Float32Array.from(features.data), dims: [...features.dims] };
    // Warm the search branch (first runs of a shape are slow) and check the map size against the model.
    const { cls } = await this.runSearch(frame, this.searchWindow());
    const s = this.config.scoreSize;
    if (cls.dims.length !== 4 || cls.dims[1] !== 2 || cls.dims[2] !== s || cls.dims[3] !== s) {
      throw new Error(`NanoTrack ${this.config.version}: head gives a ${cls.dims.join('x')} score map, config expects 1x2x${s}x${s}`);
    }
  }

  async track(frame: Frame): Promise<NanoTrackResult> {
    if (!this.templateFeatures) throw new Error('NanoTracker.track() called before init()');
    assertFrame(frame);
    const win = this.searchWindow();
    const { cls, loc } = await this.runSearch(frame, win);
    const now = this.clock;
    const t0 = now ? now() : 0;
    const result = this.update(frame, win, cls.data, loc.data);
    if (now) this.lastTimes.postMs = now() - t0;
    return result;
  }

  async dispose(): Promise<void> {
    this.templateFeatures = null;
    await Promise.all([this.backbone.release(), this.head.release()]);
  }

  private templateSide(): number {
    const ctx = this.config.contextAmount * (this.w + this.h);
    return Math.sqrt((this.w + ctx) * (this.h + ctx));
  }

  private searchWindow(): SquareWindow {
    return { cx: this.cx, cy: this.cy, side: (this.searchScale * this.templateSide() * this.config.instanceSize) / this.config.exemplarSize };
  }

  /** The current estimate. */
  get box(): Box {
    return fromCentre(this.cx, this.cy, this.w, this.h);
  }

  /** Replace the estimate (centre and size), e.g. with a fused or corrected box; the template is kept. */
  moveTo(box: Box): void {
    this.cx = box.x + box.w / 2;
    this.cy = box.y + box.h / 2;
    this.w = box.w;
    this.h = box.h;
  }

  private async runSearch(frame: Frame, win: SquareWindow): Promise<{ cls: TensorData; loc: TensorData }> {
    const now = this.clock;
    const t0 = now ? now() : 0;
    this.cropper.crop(frame, win, this.config.instanceSize, this.searchInput.data, { pad: this.padColour });
    const t1 = now ? now() : 0;
    const features = (await this.backbone.run({ [NAMES.input]: this.searchInput }))[NAMES.output];
    const t2 = now ? now() : 0;
    const out = await this.head.run({ [NAMES.template]: this.templateFeatures!, [NAMES.search]: features });
    if (now) {
      const t3 = now();
      this.lastTimes.cropMs = t1 - t0;
      this.lastTimes.backboneMs = t2 - t1;
      this.lastTimes.headMs = t3 - t2;
    }
    return { cls: out[NAMES.cls], loc: out[NAMES.loc] };
  }

  /** pysot's NanoTracker.track after the network: decode, penalise, pick, smooth, clip. */
  private update(frame: Frame, win: SquareWindow, cls: Float32Array, loc: Float32Array): NanoTrackResult {
    const { scoreSize: s, exemplarSize, penaltyK, windowInfluence, minSize } = this.config;
    const n = s * s;
    const { score, penalty, pscore, pred, window, gridX } = this;
    // Crop pixels per frame pixel: the search square was searchScale x wider than published.
    const scaleZ = exemplarSize / (this.templateSide() * this.searchScale);
    const targetSz = sizeWithContext(this.w * scaleZ, this.h * scaleZ);
    const targetRatio = this.w / this.h;
    let best = 0;
    for (let k = 0; k < n; k++) {
      const i = Math.floor(k / s);
      const px = gridX[k - i * s];
      const py = gridX[i];
      score[k] = 1 / (1 + Math.exp(cls[k] - cls[n + k]));
      const x1 = px - loc[k];
      const y1 = py - loc[n + k];
      const x2 = px + loc[2 * n + k];
      const y2 = py + loc[3 * n + k];
      // A degenerate (negative) box gets a vanishing penalty instead of NaN.
      const bw = Math.max(x2 - x1, 1e-3);
      const bh = Math.max(y2 - y1, 1e-3);
      pred[k] = (x1 + x2) / 2;
      pred[n + k] = (y1 + y2) / 2;
      pred[2 * n + k] = bw;
      pred[3 * n + k] = bh;
      const scaleChange = change(sizeWithContext(bw, bh) / targetSz);
      const ratioChange = change(targetRatio / (bw / bh));
      penalty[k] = Math.exp(-(ratioChange * scaleChange - 1) * penaltyK);
      pscore[k] = penalty[k] * score[k] * (1 - windowInfluence) + window[k] * windowInfluence;
      if (pscore[k] > pscore[best]) best = k;
    }

    const lr = penalty[best] * score[best] * this.config.lr;
    const oldCx = this.cx;
    const oldCy = this.cy;
    const oldArea = this.w * this.h;
    const newW = this.w * (1 - lr) + (pred[2 * n + best] / scaleZ) * lr;
    const newH = this.h * (1 - lr) + (pred[3 * n + best] / scaleZ) * lr;
    const box = clampCentreAndSize(fromCentre(oldCx + pred[best] / scaleZ, oldCy + pred[n + best] / scaleZ, newW, newH), frame.width, frame.height, minSize);
    this.cx = box.x + box.w / 2;
    this.cy = box.y + box.h / 2;
    this.w = box.w;
    this.h = box.h;

    const peaks = peakStats(score, s, s, SECOND_PEAK_EXCLUSION);
    let foreground = 0;
    for (let k = 0; k < n; k++) if (score[k] > 0.5) foreground++;
    const peakRow = Math.floor(peaks.index / s);
    const peakCol = peaks.index - peakRow * s;
    const bestRow = Math.floor(best / s);
    const cell = this.config.stride / scaleZ;
    const origin = (gridX[0] - this.config.stride / 2) / scaleZ;
    const response: ResponseMap = {
      width: s,
      height: s,
      data: Float32Array.from(score),
      region: { x: oldCx + origin, y: oldCy + origin, w: s * cell, h: s * cell },
      peak: { x: oldCx + gridX[peakCol] / scaleZ, y: oldCy + gridX[peakRow] / scaleZ },
    };
    const signals: NanoTrackSignals = {
      chosenScore: score[best],
      peakScore: peaks.value,
      secondPeakScore: peaks.secondIndex >= 0 ? peaks.secondValue : 0,
      peakRatio: peaks.secondIndex >= 0 ? peaks.value / Math.max(peaks.secondValue, 1e-6) : Infinity,
      foregroundFraction: foreground / n,
      penalty: penalty[best],
      chosenPenalisedScore: pscore[best],
      peakShiftCells: Math.hypot(peakRow - bestRow, peakCol - (best - bestRow * s)),
      scaleChange: Math.sqrt((box.w * box.h) / oldArea),
      searchWindow: win,
    };
    return { box, score: score[best], state: 'tracked', response, signals };
  }
}

function change(r: number): number {
  return Math.max(r, 1 / r);
}

/** Side of the square with the target's area plus context (pysot's sz()). */
function sizeWithContext(w: number, h: number): number {
  const pad = (w + h) * 0.5;
  return Math.sqrt((w + pad) * (h + pad));
}

export interface NanoTrackOptions {
  /** Millisecond clock (e.g. performance.now) to fill NanoTracker.lastTimes; none = no timing. */
  clock?: () => number;
}

/** Build a NanoTracker: one backbone session (both branches, symbolic H,W) and one head session. */
export async function createNanoTracker(deps: TrackerDeps<NanoTrackConfig>, options: NanoTrackOptions = {}): Promise<NanoTracker> {
  const config = nanotrackConfig(deps.config);
  const modelId = NANOTRACK_MODEL[config.version];
  const files = deps.models[modelId];
  if (!files?.backbone || !files?.head) {
    throw new Error(`NanoTrack ${config.version} needs model "${modelId}" (tracker "nanotrack" loads nanotrackv2, "nanotrackv3" loads nanotrackv3)`);
  }
  const backbone = await deps.engine.createSession(files.backbone);
  const head = await deps.engine.createSession(files.head);
  expectNames(backbone, [NAMES.input], [NAMES.output], `${modelId} backbone`);
  expectNames(head, [NAMES.template, NAMES.search], [NAMES.cls, NAMES.loc], `${modelId} head`);
  return new NanoTracker(`nanotrack${config.version}`, config, backbone, head, options.clock);
}

function expectNames(session: NetSession, inputs: string[], outputs: string[], what: string): void {
  const missing = [...inputs.filter((n) => !session.inputNames.includes(n)), ...outputs.filter((n) => !session.outputNames.includes(n))];
  if (missing.length) {
    throw new Error(`${what} lacks tensor(s) ${missing.join(', ')} (has inputs ${session.inputNames.join(', ')}; outputs ${session.outputNames.join(', ')})`);
  }
}

export const nanotrackSpec: TrackerSpec<NanoTrackConfig> = {
  name: 'nanotrack',
  description: 'NanoTrackV2 siamese tracker (MobileNetV3-small + BAN head), pysot tracking loop',
  models: ['nanotrackv2'],
  defaults: nanotrackConfig({ version: 'v2' }),
  create: (deps) => createNanoTracker(deps),
};

export const nanotrackV3Spec: TrackerSpec<NanoTrackConfig> = {
  name: 'nanotrackv3',
  description: 'NanoTrackV3 (96 channels, 15x15 map): more accurate, about 1.5x the cost of V2',
  models: ['nanotrackv3'],
  defaults: nanotrackConfig({ version: 'v3' }),
  create: (deps) => createNanoTracker({ ...deps, config: { version: 'v3', ...deps.config } }),
};
