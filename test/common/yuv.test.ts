import { describe, expect, it } from 'vitest';
import { assertFrame, frameByteLength, i420Layout, type Frame, type YuvMatrix } from '../../common/frame';
import { toRgba, yuvToRgbAffine } from '../../common/yuv';

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

describe('yuvToRgbAffine', () => {
  it('is the table conversion without its rounding, for every matrix', () => {
    for (const matrix of ['bt601', 'bt709', 'bt2020'] as const) {
      const m = yuvToRgbAffine(matrix);
      for (const [y, u, v] of [[16, 128, 128], [235, 128, 128], [120, 100, 150], [80, 140, 110], [200, 120, 135]]) {
        const rgba = toRgba(solid(y, u, v, matrix));
        expect(Math.abs(m.y * y + m.rv * v + m.r0 - rgba[0])).toBeLessThanOrEqual(0.501);
        expect(Math.abs(m.y * y - m.gu * u - m.gv * v + m.g0 - rgba[1])).toBeLessThanOrEqual(0.501);
        expect(Math.abs(m.y * y + m.bu * u + m.b0 - rgba[2])).toBeLessThanOrEqual(0.501);
      }
    }
  });

  it('inverts exactly: fromRgb gives the Y, U, V that convert back to the colour', () => {
    for (const matrix of ['bt601', 'bt709', 'bt2020'] as const) {
      const m = yuvToRgbAffine(matrix);
      for (const [r, g, b] of [[0, 0, 0], [255, 255, 255], [10, 20, 30], [250, 3, 128]]) {
        const [y, u, v] = m.fromRgb(r, g, b, new Float64Array(3));
        expect(m.y * y + m.rv * v + m.r0).toBeCloseTo(r, 9);
        expect(m.y * y - m.gu * u - m.gv * v + m.g0).toBeCloseTo(g, 9);
        expect(m.y * y + m.bu * u + m.b0).toBeCloseTo(b, 9);
      }
    }
  });
});
