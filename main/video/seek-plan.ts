/**
 * Where ffmpeg starts decoding for frame N and how it drops the frames before N; see seek.ts.
 * ffmpeg seeks (input `-ss`) to the keyframe at or before N (VideoInfo.stream.keyframes, whose seekS
 * probe.ts chose), decodes from there keeping the original timestamps (`-copyts`), and `select`
 * drops every frame whose PTS lies before N's: the threshold sits halfway between frames N-1 and N,
 * so rounding can never pick a neighbour. Without usable timestamps: decode from the start and
 * select by frame number (slow but exact).
 */
import type { VideoInfo } from './types';

export interface StartPlan {
  /** ffmpeg input options placed before `-i`. */
  inputArgs: string[];
  /** Filters that must run first in the chain (before any scaling). */
  filters: string[];
}

export function planStart(info: VideoInfo, start: number): StartPlan {
  if (start === 0) return { inputArgs: [], filters: [] };
  const { ptsS, keyframes } = info.stream;
  if (ptsS.length !== info.frameCount) return { inputArgs: [], filters: [`select='gte(n,${start})'`] };
  const threshold = ((ptsS[start - 1] + ptsS[start]) / 2).toFixed(9);
  const filters = [`select='gte(t,${threshold})'`];
  let entry: { frame: number; seekS: number } | undefined;
  for (const k of keyframes) if (k.frame <= start) entry = k;
  // Decoding from the first keyframe needs no seek at all.
  if (!entry || entry === keyframes[0]) return { inputArgs: [], filters };
  return { inputArgs: ['-noaccurate_seek', '-ss', entry.seekS.toFixed(6)], filters };
}
