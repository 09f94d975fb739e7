import { describe, expect, it } from 'vitest';
import type { Frame } from '../../../common/frame';
import { toRgba } from '../../../common/yuv';
import { RectCropper } from '../../../workers/trackers/dcf-crop';

describe("DCFNet's rectangular crop", () => {
  it('crops an i420 frame exactly as the same frame converted to RGBA, across edges too', () => {
    const width = 41;
    const height = 29;
    const yuv: Frame = { width, height, format: 'i420', data: new Uint8Array(width * height + 2 * 21 * 15) };
    let s = 11;
    for (let i = 0; i < yuv.data.length; i++) yuv.data[i] = (s = (s * 1103515245 + 12345) % 2147483648) % 256;
    const rgba: Frame = { width, height, data: toRgba(yuv) };
    const cropper = new RectCropper();
    for (const win of [{ cx: 20, cy: 14, w: 12, h: 7 }, { cx: 1.5, cy: 27.2, w: 30, h: 18 }, { cx: 39, cy: 3, w: 90, h: 70 }]) {
      const out = 17;
      const a = new Float32Array(3 * out * out);
      const b = new Float32Array(3 * out * out);
      cropper.crop(yuv, win, out, a, [1, 2, 3], [104, 117, 123]);
      cropper.crop(rgba, win, out, b, [1, 2, 3], [104, 117, 123]);
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(new Set(a).size).toBeGreaterThan(50); // a real crop, not a constant
    }
  });
});
