/**
 * The frame on a canvas, fit to the window, with zoom (wheel, +/-) and pan (middle or right
 * drag, or Alt+drag). Boxes of all visible tracks are drawn on top; the selected one has
 * handles. Dragging on the frame draws the selected track's box on this frame (a keyframe);
 * dragging a box or a handle moves or resizes it.
 */
import { createEffect, createSignal, on, onCleanup, onMount, Show } from 'solid-js';
import type { Box } from '../../common/box';
import type { FramePayload } from '../../common/contract';
import { toRgba } from '../../common/yuv';
import { i420Picture } from '../view/i420-picture';
import type { Controller } from '../controller';
import { boxAt } from '../state/tracks';
import { drawOverlay } from '../view/draw-overlay';
import {
  boxFromCorners, boxToScreen, cursorFor, dragBox, fitTransform, hitHandle, tidyBox, toImage, zoomAt,
  type Handle, type ViewTransform,
} from '../view/geometry';
import { formatTime } from '../view/format';

interface Drag {
  kind: 'pan' | 'draw' | 'edit';
  pointerId: number;
  start: { x: number; y: number };
  last: { x: number; y: number };
  trackId: number | null;
  handle: Handle;
  original: Box | null;
}

export function FrameView(props: { c: Controller }) {
  const c = props.c;
  const { session } = c;
  let container!: HTMLDivElement;
  let canvas!: HTMLCanvasElement;
  const frameCanvas = document.createElement('canvas');
  const [size, setSize] = createSignal({ w: 1, h: 1 });
  const [view, setView] = createSignal<ViewTransform>({ scale: 1, ox: 0, oy: 0 });
  const [fitMode, setFitMode] = createSignal(true);
  const [draft, setDraft] = createSignal<{ trackId: number | null; box: Box } | null>(null);
  let drag: Drag | null = null;
  let raf = 0;

  const fit = () => {
    const v = session.video();
    if (v) setView(fitTransform(v.width, v.height, size().w, size().h));
    setFitMode(true);
  };

  // The frame's pixels are copied when painting (once per animation frame, so a fast tracking run
  // does not copy frames nobody sees): i420 into a VideoFrame (the browser converts YUV when it
  // draws it, scaled, straight onto the view), RGBA (or i420 without VideoFrame) into our own
  // canvas. A buffer already transferred to the worker reads as empty: the copy of that frame stays.
  let copied: FramePayload | null = null;
  let rgba: Uint8ClampedArray | undefined;
  let copiedIndex = -1;
  let picture: VideoFrame | null = null;
  function copyFrame(f: FramePayload) {
    if (f === copied || f.data.byteLength === 0) return;
    const next = f.format === 'i420' ? i420Picture(f) : null;
    picture?.close();
    picture = next;
    if (!picture) {
      if (frameCanvas.width !== f.width || frameCanvas.height !== f.height) {
        frameCanvas.width = f.width;
        frameCanvas.height = f.height;
      }
      // RGBA, or i420 where the browser has no VideoFrame: our conversion (~7-13 ms at 720p here).
      const pixels = f.format === 'i420'
        ? (rgba = toRgba(f, rgba?.length === f.width * f.height * 4 ? rgba : undefined))
        : new Uint8ClampedArray(f.data.buffer as ArrayBuffer, f.data.byteOffset, f.data.byteLength);
      frameCanvas.getContext('2d')!.putImageData(new ImageData(pixels as Uint8ClampedArray<ArrayBuffer>, f.width, f.height), 0, 0);
    }
    copied = f;
    copiedIndex = f.index;
  }
  onCleanup(() => picture?.close());

  createEffect(on(session.video, (v) => {
    if (v) fit();
  }));

  createEffect(on(c.ui.viewCommand, (cmd) => {
    if (!cmd || !session.video()) return;
    const centre = { x: size().w / 2, y: size().h / 2 };
    if (cmd.command === 'fit') return fit();
    setFitMode(false);
    if (cmd.command === 'zoom-in') setView(zoomAt(view(), 1.25, centre));
    else if (cmd.command === 'zoom-out') setView(zoomAt(view(), 0.8, centre));
    else setView(zoomAt(view(), 1 / view().scale, centre));
  }));

  const redraw = () => {
    if (raf) return;
    raf = requestAnimationFrame(() => {
      raf = 0;
      paint();
    });
  };

  function paint() {
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#0b0d11';
    ctx.fillRect(0, 0, size().w, size().h);
    const v = session.video();
    const shown = c.video.shown();
    if (!v || !shown) return;
    copyFrame(shown);
    const t = view();
    ctx.imageSmoothingEnabled = t.scale < 2;
    if (picture) ctx.drawImage(picture, t.ox, t.oy, picture.displayWidth * t.scale, picture.displayHeight * t.scale);
    else ctx.drawImage(frameCanvas, t.ox, t.oy, frameCanvas.width * t.scale, frameCanvas.height * t.scale);
    // Which frame is on screen now: benchmarks time steps and seeks up to this point.
    canvas.dataset.paintedFrame = String(copiedIndex);
    drawOverlay(ctx, {
      view: t, frame: session.frame(), tracks: session.tracks(), selectedId: session.selectedId(),
      draft: draft(), responses: c.responses, showHandles: !session.tracking(),
    });
  }

  createEffect(() => {
    // Everything the picture depends on.
    c.video.shown();
    view();
    size();
    draft();
    session.version();
    session.frame();
    session.selectedId();
    session.tracking();
    redraw();
  });

  createEffect(() => {
    if (fitMode()) {
      size();
      fit();
    }
  });

  onMount(() => {
    const ro = new ResizeObserver(() => {
      const r = container.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      canvas.width = Math.max(1, Math.round(r.width * dpr));
      canvas.height = Math.max(1, Math.round(r.height * dpr));
      canvas.style.width = `${r.width}px`;
      canvas.style.height = `${r.height}px`;
      setSize({ w: r.width, h: r.height });
      paint();
    });
    ro.observe(container);
    const wheel = (e: WheelEvent) => {
      if (!session.video()) return;
      e.preventDefault();
      setFitMode(false);
      setView(zoomAt(view(), Math.exp(-e.deltaY * 0.0015), local(e)));
    };
    canvas.addEventListener('wheel', wheel, { passive: false });
    onCleanup(() => {
      ro.disconnect();
      canvas.removeEventListener('wheel', wheel);
      cancelAnimationFrame(raf);
    });
  });

  const local = (e: { clientX: number; clientY: number }) => {
    const r = canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  /** The box under the pointer: the selected track's handles first, then any visible box. */
  function hitAt(p: { x: number; y: number }): { trackId: number; handle: Handle; box: Box } | null {
    const f = session.frame();
    const sel = session.selected();
    const order = [...(sel ? [sel] : []), ...session.tracks().filter((t) => t !== sel).reverse()];
    for (const t of order) {
      if (!t.visible) continue;
      const at = boxAt(t, f);
      if (!at) continue;
      const h = hitHandle(boxToScreen(view(), at.box), p);
      if (h && (t === sel || h === 'move')) return { trackId: t.id, handle: h, box: at.box };
    }
    return null;
  }

  function onPointerDown(e: PointerEvent) {
    if (!session.video()) return;
    canvas.setPointerCapture(e.pointerId);
    const p = local(e);
    const base = { pointerId: e.pointerId, start: p, last: p, trackId: null, handle: 'move' as Handle, original: null };
    if (e.button === 1 || e.button === 2 || (e.button === 0 && e.altKey)) {
      drag = { ...base, kind: 'pan' };
      return;
    }
    if (e.button !== 0) return;
    if (session.tracking()) c.tracking.stop();
    const hit = hitAt(p);
    if (hit) {
      session.select(hit.trackId);
      drag = { ...base, kind: 'edit', trackId: hit.trackId, handle: hit.handle, original: hit.box };
      return;
    }
    drag = { ...base, kind: 'draw', trackId: session.selectedId() };
  }

  function onPointerMove(e: PointerEvent) {
    const p = local(e);
    if (!drag || drag.pointerId !== e.pointerId) {
      const hit = session.video() ? hitAt(p) : null;
      canvas.style.cursor = cursorFor(hit ? hit.handle : null);
      return;
    }
    const t = view();
    if (drag.kind === 'pan') {
      setFitMode(false);
      setView({ ...t, ox: t.ox + p.x - drag.last.x, oy: t.oy + p.y - drag.last.y });
    } else if (drag.kind === 'draw') {
      setDraft({ trackId: drag.trackId, box: boxFromCorners(toImage(t, drag.start), toImage(t, p)) });
    } else if (drag.original) {
      const dx = (p.x - drag.start.x) / t.scale;
      const dy = (p.y - drag.start.y) / t.scale;
      setDraft({ trackId: drag.trackId, box: dragBox(drag.original, drag.handle, dx, dy) });
    }
    drag.last = p;
  }

  function onPointerUp(e: PointerEvent) {
    if (!drag || drag.pointerId !== e.pointerId) return;
    const d = draft();
    const v = session.video();
    const moved = Math.hypot(drag.last.x - drag.start.x, drag.last.y - drag.start.y) > 3;
    if (d && v && moved && drag.kind !== 'pan') {
      const t = session.setBox(d.trackId, session.frame(), tidyBox(d.box, v.width, v.height));
      c.responses.forgetFrame(t.id, session.frame());
    }
    setDraft(null);
    drag = null;
  }

  const shownFrame = () => c.video.shown()?.index;
  const selectedBoxJson = () => {
    session.version();
    const t = session.selected();
    const at = t ? boxAt(t, session.frame()) : null;
    return at ? JSON.stringify(at.box) : '';
  };

  return (
    <div class="frame-view" ref={container} data-testid="frame-view">
      <canvas
        ref={canvas}
        data-testid="frame-canvas"
        data-view={JSON.stringify(view())}
        data-selected-box={selectedBoxJson()}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onDblClick={fit}
        onContextMenu={(e) => e.preventDefault()}
      />
      <Show when={session.video() && session.tracks().length === 0 && !draft()}>
        <div class="stage-hint">Drag on the frame to draw a box around the target, then press <kbd>Space</kbd> to track.</div>
      </Show>
      <Show when={session.video()}>
        {(v) => (
          <div class="frame-badge" data-testid="frame-badge">
            <span>Frame <b>{session.frame()}</b> / {v().frameCount - 1}</span>
            <span>{formatTime(v().frameTimesS?.[session.frame()] ?? session.frame() / v().fps)}</span>
            <span>{Math.round(view().scale * 100)} %</span>
            <Show when={c.video.loading() || shownFrame() !== session.frame()}><span class="spinner" title="decoding" /></Show>
          </div>
        )}
      </Show>
    </div>
  );
}
