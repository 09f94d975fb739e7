/**
 * Frame-view geometry, pure: the view transform (zoom and pan), conversions between screen
 * and image pixels, box handles and how a drag changes a box.
 */
import type { Box, Point } from '../../common/box';

/** screen = image * scale + offset */
export interface ViewTransform {
  scale: number;
  ox: number;
  oy: number;
}

export const MIN_SCALE = 0.05;
export const MAX_SCALE = 32;

/** Fit an image into a viewport with a margin, centred. */
export function fitTransform(imageW: number, imageH: number, viewW: number, viewH: number, margin = 12): ViewTransform {
  const scale = Math.max(MIN_SCALE, Math.min((viewW - 2 * margin) / imageW, (viewH - 2 * margin) / imageH));
  return { scale, ox: (viewW - imageW * scale) / 2, oy: (viewH - imageH * scale) / 2 };
}

export function toImage(t: ViewTransform, p: Point): Point {
  return { x: (p.x - t.ox) / t.scale, y: (p.y - t.oy) / t.scale };
}

export function toScreen(t: ViewTransform, p: Point): Point {
  return { x: p.x * t.scale + t.ox, y: p.y * t.scale + t.oy };
}

export function boxToScreen(t: ViewTransform, b: Box): Box {
  return { x: b.x * t.scale + t.ox, y: b.y * t.scale + t.oy, w: b.w * t.scale, h: b.h * t.scale };
}

/** Zoom by `factor` keeping the image point under `at` (screen) where it is. */
export function zoomAt(t: ViewTransform, factor: number, at: Point): ViewTransform {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, t.scale * factor));
  const k = scale / t.scale;
  return { scale, ox: at.x - (at.x - t.ox) * k, oy: at.y - (at.y - t.oy) * k };
}

export type Handle = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w' | 'move';

export const HANDLES: readonly Exclude<Handle, 'move'>[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

/** Screen position of a handle of a screen-space box. */
export function handlePoint(b: Box, h: Exclude<Handle, 'move'>): Point {
  const x = h.includes('w') ? b.x : h.includes('e') ? b.x + b.w : b.x + b.w / 2;
  const y = h.startsWith('n') ? b.y : h.startsWith('s') ? b.y + b.h : b.y + b.h / 2;
  return { x, y };
}

/** Which handle of a screen-space box is under `p` (within `radius` px), 'move' inside, else null. */
export function hitHandle(b: Box, p: Point, radius = 7): Handle | null {
  for (const h of HANDLES) {
    const q = handlePoint(b, h);
    if (Math.abs(q.x - p.x) <= radius && Math.abs(q.y - p.y) <= radius) return h;
  }
  if (p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h) return 'move';
  return null;
}

/** The box after dragging `handle` by (dx, dy) image pixels; sides may cross (normalised). */
export function dragBox(b: Box, handle: Handle, dx: number, dy: number): Box {
  if (handle === 'move') return { ...b, x: b.x + dx, y: b.y + dy };
  let x1 = b.x;
  let y1 = b.y;
  let x2 = b.x + b.w;
  let y2 = b.y + b.h;
  if (handle.includes('w')) x1 += dx;
  if (handle.includes('e')) x2 += dx;
  if (handle.startsWith('n')) y1 += dy;
  if (handle.startsWith('s')) y2 += dy;
  return boxFromCorners({ x: x1, y: y1 }, { x: x2, y: y2 });
}

export function boxFromCorners(a: Point, b: Point): Box {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(b.x - a.x), h: Math.abs(b.y - a.y) };
}

/** Keep at least `minSize` px and at least part of the box inside the image. */
export function tidyBox(b: Box, imageW: number, imageH: number, minSize = 4): Box {
  const w = Math.max(minSize, b.w);
  const h = Math.max(minSize, b.h);
  const x = Math.min(Math.max(b.x, -w + minSize), imageW - minSize);
  const y = Math.min(Math.max(b.y, -h + minSize), imageH - minSize);
  return { x, y, w, h };
}

export function cursorFor(h: Handle | null): string {
  switch (h) {
    case 'n': case 's': return 'ns-resize';
    case 'e': case 'w': return 'ew-resize';
    case 'nw': case 'se': return 'nwse-resize';
    case 'ne': case 'sw': return 'nesw-resize';
    case 'move': return 'move';
    default: return 'crosshair';
  }
}
