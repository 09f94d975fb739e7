import { describe, expect, it } from 'vitest';
import { toRgba } from '../../../common/yuv';
import { I420Rows } from '../../../workers/core/i420-rows';
import { randomI420 } from '../../helpers/frames';

const pixels = (buf: Uint8ClampedArray, width: number, y: number, x0: number, x1: number) => [...buf.slice((y * width + x0) * 4, (y * width + x1) * 4)];

describe('I420Rows', () => {
  it('converts only the columns asked for, extends them on demand, and starts over for a new frame', () => {
    const rows = new I420Rows();
    const a = randomI420(16, 6, 1);
    const want = toRgba(a);
    let buf = rows.row(a, 3, 5, 9);
    expect(pixels(buf, 16, 3, 5, 9)).toEqual(pixels(want, 16, 3, 5, 9));
    expect(pixels(buf, 16, 3, 0, 5).every((v) => v === 0)).toBe(true); // not converted
    expect(pixels(buf, 16, 2, 0, 16).every((v) => v === 0)).toBe(true);
    buf = rows.row(a, 3, 2, 12); // grows the row's interval both ways
    expect(pixels(buf, 16, 3, 2, 12)).toEqual(pixels(want, 16, 3, 2, 12));
    const b = randomI420(16, 6, 2);
    buf = rows.row(b, 3, 6, 8); // a new frame: its own pixels, not a's
    expect(pixels(buf, 16, 3, 6, 8)).toEqual(pixels(toRgba(b), 16, 3, 6, 8));
    buf = rows.row(b, 3, 2, 12); // a's conversions of this row are not taken for b's
    expect(pixels(buf, 16, 3, 2, 12)).toEqual(pixels(toRgba(b), 16, 3, 2, 12));
    expect(pixels(buf, 16, 3, 2, 12)).not.toEqual(pixels(want, 16, 3, 2, 12));
  });
});
