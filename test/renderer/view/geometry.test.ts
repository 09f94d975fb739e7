import { describe, expect, it } from 'vitest';
import { dragBox, fitTransform, hitHandle, tidyBox, toImage, toScreen, zoomAt } from '../../../renderer/view/geometry';

describe('frame view geometry', () => {
  it('fits and centres the image', () => {
    const t = fitTransform(320, 240, 1000, 500, 10);
    expect(t.scale).toBeCloseTo(480 / 240);
    expect(t.ox).toBeCloseTo((1000 - 640) / 2);
    expect(toImage(t, toScreen(t, { x: 12, y: 34 }))).toEqual({ x: 12, y: 34 });
  });

  it('zooms about the pointer: the image point under it stays put', () => {
    const t = { scale: 2, ox: 10, oy: 20 };
    const at = { x: 300, y: 200 };
    const before = toImage(t, at);
    const after = toImage(zoomAt(t, 1.7, at), at);
    expect(after.x).toBeCloseTo(before.x);
    expect(after.y).toBeCloseTo(before.y);
    expect(zoomAt(t, 1e9, at).scale).toBe(32);
  });

  it('finds handles, the inside, and nothing', () => {
    const box = { x: 100, y: 100, w: 50, h: 40 };
    expect(hitHandle(box, { x: 101, y: 99 })).toBe('nw');
    expect(hitHandle(box, { x: 150, y: 120 })).toBe('e');
    expect(hitHandle(box, { x: 125, y: 140 })).toBe('s');
    expect(hitHandle(box, { x: 120, y: 120 })).toBe('move');
    expect(hitHandle(box, { x: 10, y: 10 })).toBeNull();
  });

  it('moves, resizes and flips boxes by dragging', () => {
    const box = { x: 10, y: 10, w: 20, h: 20 };
    expect(dragBox(box, 'move', 5, -5)).toEqual({ x: 15, y: 5, w: 20, h: 20 });
    expect(dragBox(box, 'se', 10, 5)).toEqual({ x: 10, y: 10, w: 30, h: 25 });
    expect(dragBox(box, 'w', 30, 0)).toEqual({ x: 30, y: 10, w: 10, h: 20 }); // crossed over: normalised
    expect(tidyBox({ x: -100, y: 5, w: 1, h: 1 }, 320, 240)).toEqual({ x: 0, y: 5, w: 4, h: 4 });
  });
});
