/**
 * The tracker's response map on the frame on screen, as a heat map (inferno), with the peak
 * marked; the score, state and map size below it. The map spans the search region that the
 * frame view outlines.
 */
import { interpolateInferno } from 'd3-scale-chromatic';
import { createEffect, Show } from 'solid-js';
import type { Controller } from '../controller';
import { boxAt } from '../state/tracks';
import type { ResponseMsg } from '../../workers/protocol';

/** "#rrggbb" or "rgb(r, g, b)" -> [r, g, b] (d3 returns either, depending on the scheme). */
export function parseColour(css: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css);
  if (hex) return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)];
  const rgb = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(css);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  throw new Error(`unreadable colour ${css}`);
}

/** 256-entry RGB lookup table of the colour map. */
const LUT = (() => {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    lut.set(parseColour(interpolateInferno(i / 255)), i * 3);
  }
  return lut;
})();

export function heatmapPixels(m: ResponseMsg): Uint8ClampedArray {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of m.data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi > lo ? hi - lo : 1;
  const out = new Uint8ClampedArray(m.width * m.height * 4);
  for (let i = 0; i < m.data.length; i++) {
    const k = Math.round(((m.data[i] - lo) / span) * 255) * 3;
    out[i * 4] = LUT[k];
    out[i * 4 + 1] = LUT[k + 1];
    out[i * 4 + 2] = LUT[k + 2];
    out[i * 4 + 3] = 255;
  }
  return out;
}

export function ResponseMapPanel(props: { c: Controller }) {
  const c = props.c;
  const { session } = c;
  let canvas!: HTMLCanvasElement;
  const small = document.createElement('canvas');

  const current = () => {
    session.version();
    const t = session.selected();
    return t ? c.responses.get(t.id, session.frame()) ?? null : null;
  };
  const at = () => {
    session.version();
    const t = session.selected();
    return t ? boxAt(t, session.frame()) : null;
  };

  createEffect(() => {
    const m = current();
    const ctx = canvas.getContext('2d')!;
    const size = canvas.width;
    ctx.fillStyle = '#101217';
    ctx.fillRect(0, 0, size, size);
    if (!m) return;
    small.width = m.width;
    small.height = m.height;
    small.getContext('2d')!.putImageData(new ImageData(heatmapPixels(m) as Uint8ClampedArray<ArrayBuffer>, m.width, m.height), 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(small, 0, 0, size, size);
    // Peak: frame coordinates -> map coordinates.
    const px = ((m.peak.x - m.region.x) / m.region.w) * size;
    const py = ((m.peak.y - m.region.y) / m.region.h) * size;
    ctx.strokeStyle = '#4cc9f0';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(px, py, 7, 0, Math.PI * 2);
    ctx.moveTo(px - 12, py);
    ctx.lineTo(px - 4, py);
    ctx.moveTo(px + 4, py);
    ctx.lineTo(px + 12, py);
    ctx.moveTo(px, py - 12);
    ctx.lineTo(px, py - 4);
    ctx.moveTo(px, py + 4);
    ctx.lineTo(px, py + 12);
    ctx.stroke();
  });

  return (
    <section class="panel">
      <header class="panel-head"><span>Response map</span></header>
      <div class="response-wrap">
        <canvas ref={canvas} width={224} height={224} class="response-canvas" data-testid="response-canvas" />
        <Show when={!current()}>
          <div class="response-empty">
            {at()?.kind === 'key' ? 'Keyframe: the box you set.' : 'No response on this frame. Track to see the tracker\'s view.'}
          </div>
        </Show>
      </div>
      <dl class="facts">
        <dt>Score</dt>
        <dd data-testid="score">{at() && at()!.kind !== 'key' ? at()!.score.toFixed(3) : '—'}</dd>
        <dt>State</dt>
        <dd classList={{ lost: at()?.kind === 'lost' }}>{at()?.kind ?? '—'}</dd>
        <dt>Map</dt>
        <dd>{current() ? `${current()!.width}×${current()!.height}` : '—'}</dd>
        <dt>Box</dt>
        <dd>{at() ? `${at()!.box.x.toFixed(0)}, ${at()!.box.y.toFixed(0)}, ${at()!.box.w.toFixed(0)}×${at()!.box.h.toFixed(0)}` : '—'}</dd>
      </dl>
    </section>
  );
}
