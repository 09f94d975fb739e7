/**
 * The timeline: frame ruler, one lane per track (keyframes as diamonds, tracked/stale/lost
 * frames in colour) and, under it, the confidence strip of the selected track (score per
 * frame, lost frames in red). Click or drag anywhere on it to seek.
 */
import { createEffect, createSignal, onCleanup, onMount } from 'solid-js';
import type { Controller } from '../controller';
import { drawConfidence, drawLanes, laneHeight } from '../view/draw-timeline';

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

  function paint() {
    const v = session.video();
    const dpr = window.devicePixelRatio || 1;
    const w = width();
    for (const [cv, h] of [[lanes, lanesHeight()], [strip, 34]] as const) {
      // Resize only on a change: assigning width or height reallocates and clears the canvas, and a
      // style write invalidates layout, on every frame of a tracking run otherwise.
      const pw = Math.round(w * dpr);
      const ph = Math.round(h * dpr);
      if (cv.width !== pw) cv.width = pw;
      if (cv.height !== ph) cv.height = ph;
      if (cv.style.height !== `${h}px`) cv.style.height = `${h}px`;
      const ctx = cv.getContext('2d')!;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, w, h);
    }
    if (!v) return;
    const common = { width: w, frameCount: v.frameCount, frame: session.frame(), fps: v.fps };
    drawLanes(lanes.getContext('2d')!, { ...common, tracks: session.tracks(), selectedId: session.selectedId() });
    drawConfidence(strip.getContext('2d')!, { ...common, track: session.selected() ?? null, height: 34 });
  }

  createEffect(() => {
    session.version();
    session.frame();
    session.selectedId();
    session.video();
    width();
    if (!raf) raf = requestAnimationFrame(() => { raf = 0; paint(); });
  });

  onMount(() => {
    const ro = new ResizeObserver(() => setWidth(Math.max(1, wrap.getBoundingClientRect().width)));
    ro.observe(wrap);
    onCleanup(() => {
      ro.disconnect();
      cancelAnimationFrame(raf);
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
