import { frameByteLength, type Frame, type YuvMatrix } from '../../common/frame';

/** An i420 frame of pseudo-random bytes (any byte is a valid sample; the conversion clamps), reproducible by seed. */
export function randomI420(width: number, height: number, seed: number, matrix?: YuvMatrix): Frame {
  const data = new Uint8Array(frameByteLength('i420', width, height));
  let s = seed;
  for (let i = 0; i < data.length; i++) data[i] = (s = (s * 1103515245 + 12345) % 2147483648) % 256;
  return { width, height, format: 'i420', matrix, data };
}
