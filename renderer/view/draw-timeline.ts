/** Canvas drawing of the timeline lanes and the confidence strip (see components/Timeline.tsx). */
import { interpolateRdYlGn } from 'd3-scale-chromatic';
import type { Track } from '../state/tracks';
import { LOST_COLOUR } from './draw-overlay';
import { frameX, timelineMarks, type TimelineMark } from './timeline-marks';

const RULER = 18;
const LANE = 9;
const MAX_LANES = 8;

export function laneHeight(trackCount: number): number {
  return RULER + Math.max(1, Math.min(MAX_LANES, trackCount)) * (LANE + 2) + 4;
}

interface Common {
  width: number;
  frameCount: number;
  frame: number;
  fps: number;
  /** Draw the current frame's line too (default true). */
  playhead?: boolean;
  /** The marks of a track (default timelineMarks): lets one repaint of lanes and strip share them. */
  marksOf?: (t: Track) => TimelineMark[];
}

const marksFor = (t: Track, c: Common) => (c.marksOf ? c.marksOf(t) : timelineMarks(t, c.frameCount, c.width));

const xOf = (f: number, c: Common) => frameX(f, c.frameCount, c.width);

/** A "nice" tick step so labels are ~80 px apart. */
function tickStep(c: Common): number {
  const raw = (80 / c.width) * c.frameCount;
  for (const s of [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 25000]) if (s >= raw) return s;
  return 50000;
}

/** The current frame's line across a timeline canvas `height` px tall. */
export function drawPlayhead(ctx: CanvasRenderingContext2D, c: Common, height: number) {
  const x = Math.round(xOf(c.frame, c)) + 0.5;
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(x, 0);
  ctx.lineTo(x, height);
  ctx.stroke();
}

export function drawLanes(ctx: CanvasRenderingContext2D, c: Common & { tracks: readonly Track[]; selectedId: number | null }) {
  const height = laneHeight(c.tracks.length);
  ctx.fillStyle = '#1b1e25';
  ctx.fillRect(0, 0, c.width, RULER);
  ctx.font = '10px system-ui, sans-serif';
  ctx.fillStyle = '#8a93a6';
  ctx.strokeStyle = '#3a4050';
  const step = tickStep(c);
  for (let f = 0; f < c.frameCount; f += step) {
    const x = Math.round(xOf(f, c)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, RULER - 6);
    ctx.lineTo(x, RULER);
    ctx.stroke();
    ctx.fillText(String(f), x + 3, 11);
  }
  const cell = Math.max(1, c.width / Math.max(1, c.frameCount));
  c.tracks.slice(0, MAX_LANES).forEach((t, i) => {
    const y = RULER + 2 + i * (LANE + 2);
    ctx.fillStyle = t.id === c.selectedId ? '#2a2f3a' : '#20242c';
    ctx.fillRect(0, y, c.width, LANE);
    if (!t.visible) ctx.globalAlpha = 0.35;
    for (const m of marksFor(t, c)) {
      if (m.kind === 'key') continue; // keyframes are the diamonds below
      ctx.fillStyle = m.kind === 'lost' ? LOST_COLOUR : m.kind === 'stale' ? '#6b7280' : t.colour;
      ctx.fillRect(m.x, y + 2, m.width, LANE - 4);
    }
    const diamonds = new Set<number>(); // one per pixel column: imported tracks can hold many keyframes
    for (const f of t.keyframes.keys()) {
      const x = xOf(f, c);
      if (diamonds.has(Math.round(x))) continue;
      diamonds.add(Math.round(x));
      ctx.fillStyle = '#ffffff';
      ctx.beginPath();
      ctx.moveTo(x, y - 1);
      ctx.lineTo(x + 4, y + LANE / 2);
      ctx.lineTo(x, y + LANE + 1);
      ctx.lineTo(x - 4, y + LANE / 2);
      ctx.closePath();
      ctx.fill();
    }
    if (t.endFrame !== null) {
      ctx.fillStyle = 'rgba(0,0,0,0.55)';
      ctx.fillRect(xOf(t.endFrame, c) + cell / 2, y, c.width, LANE);
    }
    ctx.globalAlpha = 1;
  });
  if (c.playhead !== false) drawPlayhead(ctx, c, height);
}

export function drawConfidence(ctx: CanvasRenderingContext2D, c: Common & { track: Track | null; height: number }) {
  ctx.fillStyle = '#15181e';
  ctx.fillRect(0, 0, c.width, c.height);
  ctx.strokeStyle = '#2a2f3a';
  ctx.beginPath();
  ctx.moveTo(0, c.height / 2 + 0.5);
  ctx.lineTo(c.width, c.height / 2 + 0.5);
  ctx.stroke();
  const t = c.track;
  if (t) {
    for (const m of marksFor(t, c)) {
      if (m.kind === 'lost') {
        ctx.fillStyle = LOST_COLOUR;
        ctx.fillRect(m.x, 0, m.width, c.height);
        continue;
      }
      const h = Math.max(2, m.score * (c.height - 2));
      ctx.fillStyle = m.kind === 'key' ? '#ffffff' : m.kind === 'stale' ? '#6b7280' : interpolateRdYlGn(m.score);
      ctx.fillRect(m.x, c.height - h, m.width, h);
    }
  } else {
    ctx.fillStyle = '#5b6375';
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillText('confidence (select a track)', 8, c.height / 2 + 4);
  }
  if (c.playhead !== false) drawPlayhead(ctx, c, c.height);
}
