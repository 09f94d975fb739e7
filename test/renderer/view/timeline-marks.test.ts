import { describe, expect, it } from 'vitest';
import { newTrack, setKeyframe, setResult, type Track } from '../../../renderer/state/tracks';
import { drawConfidence, drawLanes } from '../../../renderer/view/draw-timeline';
import { frameX, timelineMarks } from '../../../renderer/view/timeline-marks';

const box = { x: 1, y: 2, w: 3, h: 4 };

/** A track tracked on frames [0, n) with scores from `score(f)`, keyframe at 0. */
function tracked(n: number, score: (f: number) => number = () => 0.9): Track {
  const t = newTrack(1);
  setKeyframe(t, 0, box);
  for (let f = 1; f < n; f++) setResult(t, f, box, score(f), 'tracked');
  return t;
}

/** A 2-D context stand-in that counts the calls that draw something. */
function countingContext() {
  const counts = { fillRect: 0, fill: 0, stroke: 0, fillText: 0 };
  const ctx = new Proxy({} as Record<string, unknown>, {
    get(target, key) {
      if (key in counts) return () => { counts[key as keyof typeof counts]++; };
      if (key in target) return target[key as string];
      return () => undefined;
    },
    set(target, key, value) {
      target[key as string] = value;
      return true;
    },
  });
  return { ctx: ctx as unknown as CanvasRenderingContext2D, counts };
}

describe('timelineMarks', () => {
  it('gives one mark per frame, centred on it, while frames are wider than a pixel', () => {
    const t = tracked(5);
    setResult(t, 3, box, 0.2, 'lost');
    t.results.get(4)!.stale = true;
    const marks = timelineMarks(t, 5, 400);
    expect(marks.map((m) => m.kind).sort()).toEqual(['key', 'lost', 'stale', 'tracked', 'tracked']);
    const lost = marks.find((m) => m.kind === 'lost')!;
    expect(lost.x + (lost.width - 0.5) / 2).toBeCloseTo(frameX(3, 5, 400));
    expect(lost.width).toBeCloseTo(80.5);
  });

  it('gives at most one mark per pixel column on a long video, each the worst frame in it', () => {
    const n = 108_000; // an hour at 30 fps
    const width = 800;
    const t = tracked(n, (f) => (f === 50_000 ? 0.1 : 0.95));
    setResult(t, 90_000, box, 0.4, 'lost');
    const marks = timelineMarks(t, n, width);
    expect(marks.length).toBeLessThanOrEqual(width);
    expect(new Set(marks.map((m) => m.x)).size).toBe(marks.length);
    const columnOf = (f: number) => Math.floor(frameX(f, n, width));
    const at = (f: number) => marks.find((m) => m.x === columnOf(f))!;
    expect(at(50_000)).toMatchObject({ kind: 'tracked', score: 0.1 }); // the lowest score in its column
    expect(at(90_000).kind).toBe('lost'); // one lost frame among ~135 tracked ones still shows
    expect(at(20_000)).toMatchObject({ kind: 'tracked', score: 0.95 });
  });

  it('leaves out frames after the end of the track', () => {
    const t = tracked(10);
    t.endFrame = 4;
    expect(timelineMarks(t, 10, 1000)).toHaveLength(5);
    expect(timelineMarks(t, 10, 3).every((m) => m.x <= frameX(4, 10, 3))).toBe(true);
  });
});

describe('timeline drawing', () => {
  it('costs canvas calls in proportion to the width, not to the length of the video', () => {
    const n = 108_000;
    const width = 800;
    const t = tracked(n);
    const strip = countingContext();
    drawConfidence(strip.ctx, { width, frameCount: n, frame: 500, fps: 30, track: t, height: 34 });
    expect(strip.counts.fillRect).toBeLessThanOrEqual(width + 2);
    const lanes = countingContext();
    drawLanes(lanes.ctx, { width, frameCount: n, frame: 500, fps: 30, tracks: [t], selectedId: 1 });
    expect(lanes.counts.fillRect).toBeLessThanOrEqual(width + 4);
    // A short clip still draws every tracked frame.
    const short = countingContext();
    drawConfidence(short.ctx, { width, frameCount: 100, frame: 5, fps: 30, track: tracked(100), height: 34 });
    expect(short.counts.fillRect).toBe(1 + 100);
  });

  it('lets the lanes and the strip of one repaint share the marks of each track', () => {
    const t = tracked(5000);
    const calls: number[] = [];
    const cache = new Map<Track, ReturnType<typeof timelineMarks>>();
    const marksOf = (x: Track) => cache.get(x) ?? (calls.push(x.id), cache.set(x, timelineMarks(x, 5000, 800)).get(x)!);
    const common = { width: 800, frameCount: 5000, frame: 0, fps: 30, marksOf };
    drawLanes(countingContext().ctx, { ...common, tracks: [t], selectedId: 1 });
    const strip = countingContext();
    drawConfidence(strip.ctx, { ...common, track: t, height: 34 });
    expect(calls).toEqual([1]);
    expect(strip.counts.fillRect).toBe(1 + cache.get(t)!.length);
  });
});
