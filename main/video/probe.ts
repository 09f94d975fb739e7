/**
 * probeVideo(path): everything the service needs to know about a video, in bounded time.
 *
 * Backend: ffprobe when one is found (see ffmpeg-path.ts), else ffmpeg alone (probe-ffmpeg.ts);
 * both read the same demuxer facts, and neither decodes. frameCount is the number of video packets
 * the demuxer delivers (minus those an edit list discards), which is exact for the codecs we meet
 * (one frame per packet) and does not trust the header's nb_frames. Failures are one-line VideoErrors.
 */
import { stat } from 'node:fs/promises';
import { ffmpegTools, type FfmpegTools } from './ffmpeg-path';
import { probeWithFfmpeg } from './probe-ffmpeg';
import { probeWithFfprobe } from './probe-ffprobe';
import { yuvMatrixOf, type RawProbe } from './raw-probe';
import { VideoError, type VideoInfo } from './types';

export interface ProbeOptions {
  tools?: FfmpegTools;
  /** Deadline for each probe command (header, packet index). Default 60 s. */
  timeoutMs?: number;
}

/** ffmpeg moves an input `-ss` back by 3/23 s when the stream has B-frames (ffmpeg_opt.c); see seekTarget. */
const FFMPEG_B_FRAME_SEEK_BACKOFF_S = 3 / 23;
const DEFAULT_FPS = 25; // ffmpeg's own assumption for streams without timing

export async function probeVideo(path: string, opts: ProbeOptions = {}): Promise<VideoInfo> {
  return interpretProbe(path, await probeRaw(path, opts));
}

/** The demuxer facts probeVideo interprets (what probe-cache.ts keeps between runs). */
export async function probeRaw(path: string, opts: ProbeOptions = {}): Promise<RawProbe> {
  await checkFile(path);
  const tools = opts.tools ?? ffmpegTools();
  const backendOpts = { timeoutMs: opts.timeoutMs ?? 60_000 };
  return tools.ffprobe
    ? probeWithFfprobe(tools.ffprobe, path, backendOpts)
    : probeWithFfmpeg(tools.ffmpeg, path, backendOpts);
}

async function checkFile(path: string): Promise<void> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new VideoError(`not a video file: ${path} is a ${s.isDirectory() ? 'directory' : 'special file'}`);
    size = s.size;
  } catch (err) {
    if (err instanceof VideoError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new VideoError(code === 'ENOENT' ? `video file not found: ${path}` : `cannot read ${path} (${code ?? String(err)})`);
  }
  if (size === 0) throw new VideoError(`not a readable video: ${path} is empty`);
}

/** Turn the backend's raw facts into VideoInfo: sorted PTS, exact count, rate, seek points. */
export function interpretProbe(path: string, raw: RawProbe): VideoInfo {
  if (raw.codedWidth <= 0 || raw.codedHeight <= 0) throw new VideoError(`not a readable video: ${path} (video stream has no frame size)`);
  const n = raw.packets.length;
  if (n === 0) throw new VideoError(`not a readable video: ${path} (video stream holds no frames)`);
  const [num, den] = raw.timeBase;
  const toS = (t: number) => (t * num) / den;

  const pts = usableTimestamps(raw);
  const fps = pts && n > 1 ? ((n - 1) * den) / ((pts[n - 1] - pts[0]) * num) : raw.declaredFps ?? DEFAULT_FPS;
  const frameTimesS = pts ? pts.map((t) => toS(t - pts[0])) : Array.from({ length: n }, (_, i) => i / fps);
  const turned = raw.rotation === 90 || raw.rotation === 270;
  return {
    path,
    width: turned ? raw.codedHeight : raw.codedWidth,
    height: turned ? raw.codedWidth : raw.codedHeight,
    fps,
    frameCount: n,
    durationS: n / fps,
    rotation: raw.rotation,
    codec: raw.codec,
    colourMatrix: yuvMatrixOf(raw.colourSpace),
    frameTimesS,
    stream: {
      index: raw.streamIndex,
      containerStartS: raw.containerStartS,
      ptsS: pts ? pts.map(toS) : [],
      keyframes: pts ? seekPoints(raw, pts, toS) : [],
    },
  };
}

/**
 * Sorted presentation timestamps, or null when they cannot identify frames (missing or repeated).
 * DTS never stand in for missing PTS: they count packets in decode order, and where frames are
 * reordered (AVI with packed MPEG-4 B-frames) the decoder stamps frames differently, so a select by
 * DTS picked the frame before the one asked for. Without PTS, seeks select by frame number instead.
 */
function usableTimestamps(raw: RawProbe): number[] | null {
  if (!raw.packets.every((p) => p.pts !== null)) return null;
  const sorted = raw.packets.map((p) => p.pts as number).sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) return null;
  return sorted;
}

/** Demuxers that seek through a real keyframe index (MP4/MOV sample tables, Matroska cues). */
const INDEXED_FORMATS = /\b(mov|mp4|matroska|webm)\b/;

/**
 * For each keyframe, an `-ss` value that makes ffmpeg start decoding there, never later (frames would
 * be missed: not allowed), and where possible not a GOP earlier (slow). ffmpeg moves an input `-ss`
 * back by 3/23 s for B-frame streams, then:
 * - indexed formats seek to the last index entry at or before the target (DTS in MP4, PTS in
 *   Matroska): any target below the NEXT keyframe's DTS is safe, and one beyond this keyframe's PTS
 *   plus the back-off lands exactly on it where the GOP is long enough;
 * - others (MPEG-TS, ...) bisect the file by timestamp and may land just past a keyframe, so the
 *   target stays below this keyframe's DTS (ffmpeg then decodes from an earlier point).
 */
function seekPoints(raw: RawProbe, pts: number[], toS: (t: number) => number): Array<{ frame: number; seekS: number }> {
  const frameOf = new Map(pts.map((t, i) => [t, i]));
  const keys = raw.packets
    .filter((p) => p.key)
    .map((p) => {
      const ptsAbs = p.pts ?? (p.dts as number);
      return { frame: frameOf.get(ptsAbs) as number, ptsS: toS(ptsAbs), dtsS: toS(p.dts ?? ptsAbs) };
    })
    .sort((a, b) => a.frame - b.frame);
  const indexed = INDEXED_FORMATS.test(raw.formatName);
  return keys.map((k, i) => {
    const next = keys[i + 1];
    const earliest = Math.min(k.dtsS, k.ptsS);
    const wanted = k.ptsS + FFMPEG_B_FRAME_SEEK_BACKOFF_S + 0.005;
    let target: number;
    if (!indexed) target = earliest - 0.001;
    else if (!next) target = wanted;
    else if (wanted < next.dtsS - 0.002) target = (wanted + next.dtsS) / 2;
    else target = (earliest + next.dtsS) / 2; // short GOP: may start one GOP early, still exact
    return { frame: k.frame, seekS: target - raw.containerStartS };
  });
}
