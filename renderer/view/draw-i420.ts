/**
 * Paint an i420 frame with the browser's own YUV to RGB conversion (WebCodecs VideoFrame: SIMD or
 * GPU), which took 13 ms a 720p frame off the page's main thread here compared with
 * common/yuv.ts in JavaScript. The trackers still crop through common/yuv.ts; this is only what
 * the analyst sees, and differs from it by rounding at most.
 */
import type { FramePayload } from '../../common/contract';
import type { YuvMatrix } from '../../common/frame';

// 'bt2020-ncl' is in the WebCodecs spec and Chromium, not yet in TypeScript's DOM types.
const MATRIX: Record<YuvMatrix, VideoMatrixCoefficients> = { bt601: 'smpte170m', bt709: 'bt709', bt2020: 'bt2020-ncl' as VideoMatrixCoefficients };

/** Draws `f` at (0, 0); false where this browser has no VideoFrame (the caller converts instead). */
export function drawI420(ctx: CanvasRenderingContext2D, f: FramePayload): boolean {
  if (typeof VideoFrame === 'undefined') return false;
  const frame = new VideoFrame(f.data, {
    format: 'I420', codedWidth: f.width, codedHeight: f.height, timestamp: Math.round((f.timeS ?? 0) * 1e6),
    colorSpace: { matrix: MATRIX[f.matrix ?? 'bt601'], fullRange: false },
  });
  try {
    ctx.drawImage(frame, 0, 0);
  } finally {
    frame.close();
  }
  return true;
}
