/**
 * The search-region crop alone (workers/core/crop.ts), the part of a tracked frame that is plain
 * JavaScript: a 255x255 crop of a 720p i420 frame, scaled up (small target) and down (large
 * target), each on a fresh frame so the i420 conversion is counted. Not a test: run by hand,
 *   npx tsx bench/crop.ts [--runs 400]
 */
import { SubwindowCropper, type SquareWindow } from '../workers/core/crop';
import { randomI420 } from '../test/helpers/frames';
import { arg } from './script-args';

const runs = Number(arg('runs', '400'));
const frames = [0, 1, 2, 3].map((s) => randomI420(1280, 720, s + 1));
const cases: [string, SquareWindow][] = [
  ['scale up (side 150)', { cx: 640.3, cy: 360.7, side: 150.4 }],
  ['about 1:1 (side 260)', { cx: 500.2, cy: 300.1, side: 260.3 }],
  ['scale down (side 520)', { cx: 700.6, cy: 380.2, side: 520.8 }],
  ['across the edge (side 400)', { cx: 90.5, cy: 650.5, side: 400.2 }],
];
const cropper = new SubwindowCropper();
const dst = new Float32Array(3 * 255 * 255);
const colours = { pad: [110, 120, 130] };
for (const [name, win] of cases) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    // A new Frame object each time: the row conversions start over, as for a new video frame.
    const f = { ...frames[i % frames.length] };
    const t0 = performance.now();
    cropper.crop(f, win, 255, dst, colours);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(28)} median ${times[runs >> 1].toFixed(3)} ms, p10 ${times[Math.floor(runs * 0.1)].toFixed(3)} ms`);
}
