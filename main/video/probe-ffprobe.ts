import { runTool } from './process';
import { normaliseRotation, notAVideo, parseRational, stderrReason, timedOut, type ProbeBackendOptions, type RawPacket, type RawProbe } from './raw-probe';
import { VideoError } from './types';

interface FfprobeStream {
  index: number;
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  time_base?: string;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  color_space?: string;
  disposition?: { attached_pic?: number };
  tags?: { rotate?: string };
  side_data_list?: Array<{ rotation?: number }>;
}

interface FfprobeHeader {
  streams?: FfprobeStream[];
  format?: { start_time?: string; format_name?: string };
}

/** Probe with ffprobe: the header as JSON, then the video packet index as CSV (demux only, no decode). */
export async function probeWithFfprobe(ffprobe: string, path: string, opts: ProbeBackendOptions): Promise<RawProbe> {
  const head = await runTool(ffprobe, ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', path], opts.timeoutMs);
  if (head.timedOut) throw timedOut(path, 'probing', opts.timeoutMs);
  if (head.code !== 0) throw notAVideo(path, stderrReason(head.stderr, path));
  let header: FfprobeHeader;
  try {
    header = JSON.parse(head.stdout) as FfprobeHeader;
  } catch {
    throw notAVideo(path, 'ffprobe gave no readable answer');
  }
  const streams = header.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  if (!video) {
    const kinds = [...new Set(streams.map((s) => s.codec_type ?? 'unknown'))].join(', ') || 'none';
    throw new VideoError(`no video stream in ${path} (streams: ${kinds})`);
  }
  const tag = video.tags?.rotate === undefined ? null : Number(video.tags.rotate);
  const matrix = video.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation ?? null;
  const [tbNum, tbDen] = (video.time_base ?? '1/1').split('/').map(Number);

  const pk = await runTool(ffprobe, ['-v', 'error', '-select_streams', String(video.index),
    '-show_entries', 'packet=pts,dts,flags', '-of', 'csv=p=0', path], opts.timeoutMs);
  if (pk.timedOut) throw timedOut(path, 'indexing the frames', opts.timeoutMs);
  if (pk.code !== 0) throw notAVideo(path, stderrReason(pk.stderr, path));
  const packets: RawPacket[] = [];
  for (const line of pk.stdout.split('\n')) {
    const [pts, dts, flags] = line.trim().split(',');
    if (flags === undefined || flags.includes('D')) continue; // 'D': outside the edit list, never shown
    packets.push({ pts: int(pts), dts: int(dts), key: flags.includes('K') });
  }
  return {
    streamIndex: video.index,
    codec: video.codec_name ?? 'unknown',
    codedWidth: video.width ?? 0,
    codedHeight: video.height ?? 0,
    rotation: normaliseRotation(Number.isFinite(tag) ? tag : null, matrix),
    containerStartS: Number(header.format?.start_time ?? 0) || 0,
    formatName: header.format?.format_name ?? 'unknown',
    timeBase: [tbNum || 1, tbDen || 1],
    packets,
    declaredFps: parseRational(video.avg_frame_rate) ?? parseRational(video.r_frame_rate),
    colourSpace: video.color_space && video.color_space !== 'unknown' ? video.color_space : null,
  };
}

function int(text: string | undefined): number | null {
  if (!text || text === 'N/A') return null;
  const v = Number(text);
  return Number.isFinite(v) ? v : null;
}
