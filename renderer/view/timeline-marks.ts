/**
 * What the timeline draws for one track: a mark per frame while frames are at least a pixel wide,
 * else a mark per pixel column holding the worst frame that falls in it (lost, then stale, then the
 * lowest tracked score, then a keyframe). A paint then costs at most one canvas call per column,
 * however long the video: an hour at 30 fps is 108,000 frames, and the timeline repaints on every
 * tracked frame.
 */
import { isInTrack, type FrameKind, type Track } from '../state/tracks';

export interface TimelineMark {
  /** Left edge and width in px. */
  x: number;
  width: number;
  kind: FrameKind;
  score: number;
}

/** Which of two frames sharing a column is shown: the higher rank. */
const RANK: Record<FrameKind, number> = { key: 1, tracked: 2, stale: 3, lost: 4 };
const KINDS: FrameKind[] = ['key', 'key', 'tracked', 'stale', 'lost'];

/** x of frame f's centre on a timeline `width` px wide (frame 0 at 0, the last frame at width). */
export function frameX(f: number, frameCount: number, width: number): number {
  return frameCount <= 1 ? 0 : (f / (frameCount - 1)) * width;
}

export function timelineMarks(t: Track, frameCount: number, width: number): TimelineMark[] {
  const perFrame = frameCount <= width;
  const cell = Math.max(1, width / Math.max(1, frameCount));
  const columns = Math.max(1, Math.ceil(width));
  const rank = perFrame ? null : new Uint8Array(columns);
  const score = perFrame ? null : new Float64Array(columns);
  const marks: TimelineMark[] = [];
  const add = (f: number, kind: FrameKind, s: number) => {
    if (f < 0 || f >= frameCount || !isInTrack(t, f)) return;
    const x = frameX(f, frameCount, width);
    if (!rank || !score) {
      marks.push({ x: x - cell / 2, width: cell + 0.5, kind, score: s });
      return;
    }
    const j = Math.min(columns - 1, Math.floor(x));
    const r = RANK[kind];
    if (r > rank[j]) {
      rank[j] = r;
      score[j] = s;
    } else if (r === rank[j]) {
      score[j] = Math.min(score[j], s);
    }
  };
  for (const [f, r] of t.results) if (!t.keyframes.has(f)) add(f, r.stale ? 'stale' : r.state, r.score);
  for (const f of t.keyframes.keys()) add(f, 'key', 1);
  if (rank && score) {
    for (let j = 0; j < columns; j++) if (rank[j]) marks.push({ x: j, width: 1, kind: KINDS[rank[j]], score: score[j] });
  }
  return marks;
}
