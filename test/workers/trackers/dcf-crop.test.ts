import { describe, expect, it } from 'vitest';
import type { Frame } from '../../../common/frame';
import { toRgba } from '../../../common/yuv';
import { randomI420 } from '../../helpers/frames';
import { RectCropper } from '../../../workers/trackers/dcf-crop';

describe("DCFNet's rectangular crop", () => {
  it('crops an i420 frame exactly as the same frame converted to RGBA, across edges too', () => {
    const yuv = randomI420(41, 29, 11);
    const rgba: Frame = { width: 41, height: 29, data: toRgba(yuv) };
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
