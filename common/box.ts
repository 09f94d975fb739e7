/** Axis-aligned box: 0-based top-left corner and size, in pixels. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Point {
  x: number;
  y: number;
}

export function centre(b: Box): Point {
  return { x: b.x + b.w / 2, y: b.y + b.h / 2 };
}

export function fromCentre(cx: number, cy: number, w: number, h: number): Box {
  return { x: cx - w / 2, y: cy - h / 2, w, h };
}

export function area(b: Box): number {
  return Math.max(0, b.w) * Math.max(0, b.h);
}

export function intersectionArea(a: Box, b: Box): number {
  const iw = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const ih = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return iw > 0 && ih > 0 ? iw * ih : 0;
}

/** Intersection over union; 0 when the union is empty. */
export function iou(a: Box, b: Box): number {
  const inter = intersectionArea(a, b);
  const union = area(a) + area(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** Euclidean distance between the box centres, in pixels. */
export function centreError(a: Box, b: Box): number {
  const ca = centre(a);
  const cb = centre(b);
  return Math.hypot(ca.x - cb.x, ca.y - cb.y);
}

/** Clip a box to the frame [0,W)x[0,H); may return a zero-size box when it lies outside. */
export function clipToFrame(b: Box, width: number, height: number): Box {
  const x1 = Math.min(Math.max(b.x, 0), width);
  const y1 = Math.min(Math.max(b.y, 0), height);
  const x2 = Math.min(Math.max(b.x + b.w, 0), width);
  const y2 = Math.min(Math.max(b.y + b.h, 0), height);
  return { x: x1, y: y1, w: x2 - x1, h: y2 - y1 };
}

/** Keep the centre inside the frame and the size within [minSize, frame size] (pysot's bbox_clip). */
export function clampCentreAndSize(b: Box, width: number, height: number, minSize = 10): Box {
  const c = centre(b);
  const cx = Math.min(Math.max(c.x, 0), width);
  const cy = Math.min(Math.max(c.y, 0), height);
  const w = Math.min(Math.max(b.w, minSize), width);
  const h = Math.min(Math.max(b.h, minSize), height);
  return fromCentre(cx, cy, w, h);
}

export function scaleBox(b: Box, sx: number, sy = sx): Box {
  return { x: b.x * sx, y: b.y * sy, w: b.w * sx, h: b.h * sy };
}

export function isFiniteBox(b: Box): boolean {
  return Number.isFinite(b.x) && Number.isFinite(b.y) && Number.isFinite(b.w) && Number.isFinite(b.h);
}

/** Why a box cannot start a track on a frame of this size, or null when it can (partly outside is fine). */
export function boxProblem(b: Box, width: number, height: number): string | null {
  if (!isFiniteBox(b)) return 'box has a non-numeric value';
  if (b.w <= 0 || b.h <= 0) return `box has zero or negative size (${b.w}x${b.h})`;
  if (intersectionArea(b, { x: 0, y: 0, w: width, h: height }) <= 0) {
    return `box ${formatBox(b)} lies entirely outside the ${width}x${height} frame`;
  }
  return null;
}

export function formatBox(b: Box): string {
  const r = (v: number) => String(Math.round(v * 100) / 100);
  return `${r(b.x)},${r(b.y)},${r(b.w)},${r(b.h)}`;
}

/**
 * Parse "x,y,w,h" (commas, tabs or spaces between the numbers, as OTB files mix them).
 * Eight values are read as a polygon (VOT) and become its axis-aligned bounding rectangle.
 * Returns null when the text is not 4 or 8 finite numbers.
 */
export function parseBox(text: string): Box | null {
  const parts = text.trim().split(/[\s,;]+/).filter((p) => p.length > 0);
  if (parts.length !== 4 && parts.length !== 8) return null;
  const v = parts.map((p) => (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(p) ? Number(p) : NaN));
  if (v.some((n) => !Number.isFinite(n))) return null;
  if (v.length === 4) return { x: v[0], y: v[1], w: v[2], h: v[3] };
  const xs = [v[0], v[2], v[4], v[6]];
  const ys = [v[1], v[3], v[5], v[7]];
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, w: Math.max(...xs) - x, h: Math.max(...ys) - y };
}
