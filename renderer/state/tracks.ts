/**
 * One track's data and the rules that keep it consistent: keyframes (boxes the analyst set)
 * always win over tracked results; a new keyframe marks the tracked frames after it stale
 * until they are re-tracked; a track may end at a frame. Plain data, no Solid: the session
 * store bumps a version signal after each change.
 */
import type { Box } from '../../common/box';
import type { TrackRow, TrackSeries } from '../../common/csv';
import type { TrackFile } from '../../common/project-file';

export type ResultState = 'tracked' | 'lost';

export interface FrameResult {
  box: Box;
  score: number;
  state: ResultState;
  /** Tracked before an earlier keyframe changed: shown hatched until re-tracked. */
  stale: boolean;
}

export interface Track {
  id: number;
  name: string;
  colour: string;
  visible: boolean;
  /** Last frame of the track (inclusive); null = to the end of the video. */
  endFrame: number | null;
  keyframes: Map<number, Box>;
  results: Map<number, FrameResult>;
}

export type FrameKind = 'key' | 'tracked' | 'lost' | 'stale';

export interface BoxAt {
  box: Box;
  kind: FrameKind;
  score: number;
}

/** Distinct, readable on dark video and on the dark UI. */
export const PALETTE = ['#4cc9f0', '#f72585', '#b5e48c', '#ffb703', '#c77dff', '#ff6b35', '#2ec4b6', '#e9ff70'];

export function newTrack(id: number, name?: string): Track {
  return {
    id, name: name ?? `Track ${id}`, colour: PALETTE[(id - 1) % PALETTE.length], visible: true, endFrame: null,
    keyframes: new Map(), results: new Map(),
  };
}

export function isInTrack(t: Track, frame: number): boolean {
  return t.endFrame === null || frame <= t.endFrame;
}

export function boxAt(t: Track, frame: number): BoxAt | null {
  if (!isInTrack(t, frame)) return null;
  const key = t.keyframes.get(frame);
  if (key) return { box: key, kind: 'key', score: 1 };
  const r = t.results.get(frame);
  if (!r) return null;
  return { box: r.box, kind: r.stale ? 'stale' : r.state, score: r.score };
}

/** The nearest keyframe strictly after (dir 1) or before (dir -1) `frame`, or null. */
export function nextKeyframe(t: Track, frame: number, dir: 1 | -1): number | null {
  let best: number | null = null;
  for (const k of t.keyframes.keys()) {
    if (dir === 1 ? k > frame && (best === null || k < best) : k < frame && (best === null || k > best)) best = k;
  }
  return best;
}

/** Set the analyst's box on a frame; tracked frames after it (to the next keyframe) become stale. */
export function setKeyframe(t: Track, frame: number, box: Box): void {
  t.keyframes.set(frame, { ...box });
  t.results.delete(frame);
  const stop = nextKeyframe(t, frame, 1) ?? Infinity;
  for (const [f, r] of t.results) if (f > frame && f < stop) r.stale = true;
}

export function removeKeyframe(t: Track, frame: number): boolean {
  return t.keyframes.delete(frame);
}

/** Store a tracker result; a keyframe on that frame is never overwritten. */
export function setResult(t: Track, frame: number, box: Box, score: number, state: ResultState): boolean {
  if (t.keyframes.has(frame) || !isInTrack(t, frame)) return false;
  t.results.set(frame, { box: { ...box }, score, state, stale: false });
  return true;
}

/** End the track at `frame` (inclusive): everything after it is dropped. */
export function endTrackAt(t: Track, frame: number): void {
  t.endFrame = frame;
  for (const f of [...t.keyframes.keys()]) if (f > frame) t.keyframes.delete(f);
  for (const f of [...t.results.keys()]) if (f > frame) t.results.delete(f);
}

/** The last frame of the contiguous stale run right after `frame`, or null when there is none. */
export function staleRunEnd(t: Track, frame: number): number | null {
  let end: number | null = null;
  for (let f = frame + 1; t.results.get(f)?.stale; f++) end = f;
  return end;
}

/** Frames that hold a box, ascending. */
export function framesWithBoxes(t: Track): number[] {
  const set = new Set<number>([...t.keyframes.keys(), ...t.results.keys()]);
  return [...set].filter((f) => isInTrack(t, f)).sort((a, b) => a - b);
}

/** CSV rows: keyframes are 'init' rows (score 1), tracked frames keep their state and score. */
export function trackRows(t: Track, timeOf: (frame: number) => number): TrackRow[] {
  return framesWithBoxes(t).map((frame) => {
    const at = boxAt(t, frame) as BoxAt;
    const state = at.kind === 'key' ? 'init' : at.kind === 'lost' ? 'lost' : 'tracked';
    return { frame, timeS: timeOf(frame), box: state === 'lost' ? null : { ...at.box }, score: at.score, state };
  });
}

/** A track rebuilt from imported CSV rows: 'init' rows become keyframes. */
export function trackFromSeries(id: number, series: TrackSeries, fallbackName: string): Track {
  const t = newTrack(id, series.name || fallbackName);
  let lastBox: Box | null = null;
  for (const r of series.rows) {
    if (r.state === 'init' && r.box) t.keyframes.set(r.frame, { ...r.box });
    else if (r.box) t.results.set(r.frame, { box: { ...r.box }, score: r.score, state: 'tracked', stale: false });
    else if (lastBox) t.results.set(r.frame, { box: { ...lastBox }, score: r.score, state: 'lost', stale: false });
    if (r.box) lastBox = r.box;
  }
  return t;
}

export function toTrackFile(t: Track): TrackFile {
  return {
    id: t.id, name: t.name, colour: t.colour, visible: t.visible, endFrame: t.endFrame,
    keyframes: [...t.keyframes].sort((a, b) => a[0] - b[0]).map(([frame, box]) => ({ frame, box })),
    // Stale marks travel too, so R still re-tracks them after a reopen or a crash recovery.
    results: [...t.results].sort((a, b) => a[0] - b[0])
      .map(([frame, r]) => ({ frame, box: r.box, score: r.score, state: r.state, ...(r.stale ? { stale: true } : {}) })),
  };
}

export function fromTrackFile(f: TrackFile): Track {
  return {
    id: f.id, name: f.name, colour: f.colour, visible: f.visible, endFrame: f.endFrame,
    keyframes: new Map(f.keyframes.map((k) => [k.frame, { ...k.box }])),
    results: new Map(f.results.map((r) => [r.frame, { box: { ...r.box }, score: r.score, state: r.state, stale: r.stale === true }])),
  };
}
