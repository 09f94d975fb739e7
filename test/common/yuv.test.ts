import { describe, expect, it } from 'vitest';
import { assertFrame, frameByteLength, i420Layout, type Frame, type YuvMatrix } from '../../common/frame';
import { toRgba } from '../../common/yuv';

/** A 2x2 i420 frame of one colour. */
function solid(y: number, u: number, v: number, matrix?: YuvMatrix): Frame {
  return { width: 2, height: 2, format: 'i420', matrix, data: Uint8Array.from([y, y, y, y, u, v]) };
}

describe('i420 frames', () => {
  it('lay out Y, then U and V at half size rounded up', () => {
    expect(i420Layout(5, 3)).toEqual({ chromaWidth: 3, chromaHeight: 2, uOffset: 15, vOffset: 21, bytes: 27 });
    expect(frameByteLength('i420', 1280, 720)).toBe(1280 * 720 * 1.5);
    expect(frameByteLength('rgba', 3, 2)).toBe(24);
    expect(() => assertFrame({ width: 4, height: 2, format: 'i420', data: new Uint8Array(32) })).toThrow(/i420 frame buffer holds 32 bytes, expected 12/);
  });

  it('turn limited-range black, white and grey into 0, 255 and the middle', () => {
    expect([...toRgba(solid(16, 128, 128)).slice(0, 4)]).toEqual([0, 0, 0, 255]);
    expect([...toRgba(solid(235, 128, 128)).slice(0, 4)]).toEqual([255, 255, 255, 255]);
    expect([...toRgba(solid(126, 128, 128)).slice(0, 3)]).toEqual([128, 128, 128]);
  });

  it('use the frame matrix: the same YUV is a different red in BT.601 and BT.709', () => {
    // BT.601 studio red is Y 81, U 90, V 240; read as BT.709 it is no longer pure red.
    const red601 = [...toRgba(solid(81, 90, 240, 'bt601')).slice(0, 3)];
    for (const [got, want] of red601.map((c, i) => [c, [255, 0, 0][i]])) expect(Math.abs(got - want)).toBeLessThanOrEqual(1);
    const as709 = [...toRgba(solid(81, 90, 240, 'bt709')).slice(0, 3)];
    expect(Math.abs(as709[1] - red601[1]) + Math.abs(as709[0] - red601[0])).toBeGreaterThan(20);
  });

  it('share one chroma sample between each 2x2 block, odd sizes included', () => {
    const f: Frame = { width: 3, height: 1, format: 'i420', data: Uint8Array.from([100, 100, 100, 60, 200, 128, 128]) };
    const px = toRgba(f);
    expect([...px.slice(0, 4)]).toEqual([...px.slice(4, 8)]);
    expect([...px.slice(8, 11)]).toEqual([...toRgba(solid(100, 200, 128)).slice(0, 3)]);
  });

  it('give rgba frames back as they are', () => {
    const data = new Uint8ClampedArray(16).fill(7);
    expect(toRgba({ width: 2, height: 2, data })).toBe(data);
  });
});
