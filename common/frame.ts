/**
 * A decoded video frame as every layer sees it, row-major and tightly packed, in one of two
 * layouts (see frameByteLength):
 * - 'rgba' (the default when `format` is absent): width * height * 4 bytes;
 * - 'i420': planar YUV 4:2:0, limited range (what ffmpeg's `-pix_fmt yuv420p` writes): the Y plane,
 *   then U and V at half size, rounded up. 2.7x fewer bytes than RGBA, so cheaper to decode, pipe,
 *   send to the page and cache; trackers crop from it directly (common/yuv.ts converts).
 * The buffer may be transferred between threads.
 */
export type PixelFormat = 'rgba' | 'i420';

/** The YCbCr matrix of an i420 frame: the one ffmpeg would use to make RGB of it (its colour-space tag). */
export type YuvMatrix = 'bt601' | 'bt709' | 'bt2020';

export const PIXEL_FORMATS: readonly PixelFormat[] = ['rgba', 'i420'];

/**
 * What every decode for tracking asks for, so that the app, the CLI and the evaluation give the
 * trackers the same pixels (and the same results on the same video).
 */
export const TRACKING_PIXEL_FORMAT: PixelFormat = 'i420';
export const YUV_MATRICES: readonly YuvMatrix[] = ['bt601', 'bt709', 'bt2020'];

export interface Frame {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
  /** Layout of `data`; absent means 'rgba'. */
  format?: PixelFormat;
  /** For 'i420': the matrix to turn it into RGB; absent means 'bt601'. */
  matrix?: YuvMatrix;
  /** 0-based index of the frame in the video, when known. */
  index?: number;
  /** Presentation time in seconds, when known. */
  timeS?: number;
}

/** Where the planes of an i420 frame start, and the chroma planes' size. */
export interface I420Layout {
  chromaWidth: number;
  chromaHeight: number;
  uOffset: number;
  vOffset: number;
  bytes: number;
}

export function i420Layout(width: number, height: number): I420Layout {
  const chromaWidth = (width + 1) >> 1;
  const chromaHeight = (height + 1) >> 1;
  const uOffset = width * height;
  const vOffset = uOffset + chromaWidth * chromaHeight;
  return { chromaWidth, chromaHeight, uOffset, vOffset, bytes: vOffset + chromaWidth * chromaHeight };
}

export function frameByteLength(format: PixelFormat, width: number, height: number): number {
  return format === 'i420' ? i420Layout(width, height).bytes : width * height * 4;
}

export function assertFrame(f: Frame): void {
  const format = f.format ?? 'rgba';
  const expected = frameByteLength(format, f.width, f.height);
  if (f.data.length !== expected) {
    throw new Error(`${format} frame buffer holds ${f.data.length} bytes, expected ${expected} for ${f.width}x${f.height}`);
  }
}
