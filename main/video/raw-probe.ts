import type { YuvMatrix } from '../../common/frame';
import { VideoError } from './types';

/** What either probe backend (ffprobe, or ffmpeg alone) reads from a file, before interpretation. */
export interface RawProbe {
  /** Absolute index of the first real video stream (cover art excluded). */
  streamIndex: number;
  codec: string;
  /** Coded (stored) size, before rotation. */
  codedWidth: number;
  codedHeight: number;
  /** Clockwise display rotation, 0/90/180/270. */
  rotation: number;
  containerStartS: number;
  /** ffmpeg's demuxer name(s), e.g. "mov,mp4,m4a,3gp,3g2,mj2" or "mpegts". */
  formatName: string;
  /** Stream time base as [num, den]. */
  timeBase: [number, number];
  /** Video packets in decode order, without those the demuxer marks as discarded (edit lists). */
  packets: RawPacket[];
  /** Frame rate the header declares, used only when timestamps cannot give one. */
  declaredFps: number | null;
  /** The stream's colour-space tag as ffmpeg names it ("bt709", "bt470bg", ...), null when untagged. */
  colourSpace: string | null;
}

/**
 * The matrix ffmpeg uses to make RGB of this stream (swscale follows the colour-space tag:
 * BT.709 and BT.2020 as tagged, everything else, untagged included, as BT.601).
 */
export function yuvMatrixOf(colourSpace: string | null): YuvMatrix {
  if (colourSpace === 'bt709') return 'bt709';
  if (colourSpace === 'bt2020nc' || colourSpace === 'bt2020c') return 'bt2020';
  return 'bt601';
}

export interface RawPacket {
  pts: number | null;
  dts: number | null;
  key: boolean;
}

export interface ProbeBackendOptions {
  timeoutMs: number;
}

/**
 * Clockwise degrees from a display matrix angle (counter-clockwise, what ffmpeg's autorotate follows)
 * or, where there is none, the old `rotate` tag (clockwise).
 */
export function normaliseRotation(tagRotate: number | null, displayMatrixDeg: number | null): number {
  const cw = displayMatrixDeg !== null ? -displayMatrixDeg : tagRotate ?? 0;
  return (((Math.round(cw / 90) * 90) % 360) + 360) % 360;
}

/** "30000/1001" -> 29.97..., null for 0/0 or junk. */
export function parseRational(text: string | undefined): number | null {
  if (!text) return null;
  const [n, d = '1'] = text.split('/');
  const v = Number(n) / Number(d);
  return Number.isFinite(v) && v > 0 ? v : null;
}

/**
 * ffmpeg's stderr reduced to the reason, on one line: "[mov @ 0x55..] moov atom not found" and
 * "<path>: Invalid data found ..." become "moov atom not found; Invalid data found ...".
 */
export function stderrReason(stderr: string, path: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/i, '').replace(path + ': ', '').trim())
    .filter((l) => l && !/^(ffmpeg|ffprobe) version|^built with|^configuration:|^lib\w+\s|misdetection possible/.test(l));
  const unique = [...new Set(lines)];
  const text = unique.slice(-3).join('; ');
  return text.length > 200 ? text.slice(0, 197) + '...' : text || 'no reason given';
}

export function notAVideo(path: string, reason: string): VideoError {
  return new VideoError(`not a readable video: ${path} (${reason})`);
}

export function timedOut(path: string, what: string, ms: number): VideoError {
  return new VideoError(`${what} of ${path} timed out after ${Math.round(ms / 1000)} s`);
}
