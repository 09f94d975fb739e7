/**
 * A decoded video frame as every layer sees it: tightly packed RGBA, row-major,
 * `data.length === width * height * 4`. The buffer may be transferred between threads.
 */
export interface Frame {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
  /** 0-based index of the frame in the video, when known. */
  index?: number;
  /** Presentation time in seconds, when known. */
  timeS?: number;
}

export function assertFrame(f: Frame): void {
  if (f.data.length !== f.width * f.height * 4) {
    throw new Error(`frame buffer holds ${f.data.length} bytes, expected ${f.width}x${f.height}x4`);
  }
}
