/**
 * The timeline: frame ruler, one lane per track (keyframes as diamonds, tracked/stale/lost
 * frames in colour) and, under it, the confidence strip of the selected track (score per
 * frame, lost frames in red). Click or drag anywhere on it to seek.
 */
import { createEffect, createSignal, onCleanup, onMount } from 'solid-js';
import type { Controller } from '../controller';
import type { Track } from '../state/tracks';
import { drawConfidence, drawLanes, drawPlayhead, laneHeight } from '../view/draw-timeline';
import { timelineMarks, type TimelineMark } from '../view/timeline-marks';

/** Fastest redraw of the timeline's marks on a long video while results stream in. */
const MARKS_INTERVAL_MS = 250;

export function Timeline(props: { c: Controller }) {
  const c = props.c;
  const { session } = c;
  let wrap!: HTMLDivElement;
  let lanes!: HTMLCanvasElement;
  let strip!: HTMLCanvasElement;
  const [width, setWidth] = createSignal(1);
  let raf = 0;

  const frameAtX = (clientX: number) => {
    const r = lanes.getBoundingClientRect();
    const n = session.video()?.frameCount ?? 1;
    return Math.round(((clientX - r.left) / Math.max(1, r.width)) * (n - 1));
  };

  const lanesHeight = () => laneHeight(session.tracks().length);

  // The marks (ruler, lanes, confidence) are drawn into these and copied onto the visible canvases,
  // with the playhead on top. Drawing them costs O(frames with results) (view/timeline-marks.ts):
  // on a long video, while results stream in, they are redrawn at most every MARKS_INTERVAL_MS
  // (and once after the last change); the playhead still moves on every frame.
  const lanesMarks = document.createElement('canvas');
  const stripMarks = document.createElement('canvas');
  let marksShow = '';
  let marksAt = -Infinity;
  let trailing = 0;

  function paint() {
    const v = session.video();
    const dpr = window.devicePixelRatio || 1;
    const w = width();
    const sized = [[lanes, lanesMarks, lanesHeight()], [strip, stripMarks, 34]] as const;
    let resized = false;
    for (const [cv, marks, h] of sized) {
      // Resize only on a change: assigning width or height reallocates and clears a canvas, and a
      // style write invalidates layout, on every frame of a tracking run otherwise.
      const pw = Math.round(w * dpr);
      const ph = Math.round(h * dpr);
      if (marks.width !== pw || marks.height !== ph) resized = true;
      for (const c of [cv, marks]) {
        if (c.width !== pw) c.width = pw;
        if (c.height !== ph) c.height = ph;
      }
      if (cv.style.height !== `${h}px`) cv.style.height = `${h}px`;
    }
    const common = v ? { width: w, frameCount: v.frameCount, frame: session.frame(), fps: v.fps } : null;
    const show = v ? `${v.videoId} ${session.version()} ${session.selectedId()} ${w} ${dpr} ${lanesHeight()}` : '';
    if (show !== marksShow || resized) {
      const now = performance.now();
      const costly = !!v && v.frameCount > 4 * w;
      if (!costly || resized || now - marksAt >= MARKS_INTERVAL_MS) {
        marksShow = show;
        marksAt = now;
        for (const [, marks, h] of sized) {
          const ctx = marks.getContext('2d')!;
          ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
          ctx.clearRect(0, 0, w, h);
        }
        if (common) {
          const marks = new Map<Track, TimelineMark[]>(); // the selected track's marks serve both drawings
          const marksOf = (t: Track) => marks.get(t) ?? marks.set(t, timelineMarks(t, common.frameCount, w)).get(t)!;
          drawLanes(lanesMarks.getContext('2d')!, { ...common, playhead: false, marksOf, tracks: session.tracks(), selectedId: session.selectedId() });
          drawConfidence(stripMarks.getContext('2d')!, { ...common, playhead: false, marksOf, track: session.selected() ?? null, height: 34 });
        }
      } else if (!trailing) {
        trailing = window.setTimeout(() => { trailing = 0; schedule(); }, MARKS_INTERVAL_MS - (now - marksAt));
      }
    }
    for (const [cv, marks, h] of sized) {
      const ctx = cv.getContext('2d')!;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, cv.width, cv.height);
      ctx.drawImage(marks, 0, 0);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      if (common) drawPlayhead(ctx, common, h);
    }
  }

  const schedule = () => {
    if (!raf) raf = requestAnimationFrame(() => { raf = 0; paint(); });
  };

  createEffect(() => {
    session.version();
    session.frame();
    session.selectedId();
    session.video();
    width();
    schedule();
  });

  onMount(() => {
    const ro = new ResizeObserver(() => setWidth(Math.max(1, wrap.getBoundingClientRect().width)));
    ro.observe(wrap);
    onCleanup(() => {
      ro.disconnect();
      cancelAnimationFrame(raf);
      clearTimeout(trailing);
    });
  });

  let dragging = false;
  const seek = (e: PointerEvent) => {
    if (!session.video()) return;
    c.tracking.stop();
    session.goTo(frameAtX(e.clientX));
  };

  return (
    <div
      class="timeline"
      ref={wrap}
      data-testid="timeline"
      onPointerDown={(e) => {
        dragging = true;
        (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
        seek(e);
      }}
      onPointerMove={(e) => dragging && seek(e)}
      onPointerUp={() => { dragging = false; }}
      title="Click or drag to go to a frame"
    >
      <canvas ref={lanes} class="timeline-lanes" />
      <canvas ref={strip} class="timeline-strip" data-testid="confidence-strip" />
    </div>
  );
}
