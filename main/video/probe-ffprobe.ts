import { readMp4PacketIndex } from './probe-mp4-index';
import { runTool } from './process';
import { normaliseRotation, notAVideo, parseRational, stderrReason, timedOut, type ProbeBackendOptions, type RawPacket, type RawProbe } from './raw-probe';
import { VideoError } from './types';

interface FfprobeStream {
  index: number;
  /** The container's track id, e.g. "0x1" in MP4. */
  id?: string;
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

  const packets = (await sampleTableIndex(ffprobe, path, header, video, opts)) ?? (await listPackets(ffprobe, path, video.index, [], opts));
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

/** ffprobe's list of the stream's packets (all of them, or those `extraArgs` such as -read_intervals select). */
async function listPackets(ffprobe: string, path: string, streamIndex: number, extraArgs: string[], opts: ProbeBackendOptions): Promise<RawPacket[]> {
  const pk = await runTool(ffprobe, ['-v', 'error', '-select_streams', String(streamIndex), ...extraArgs,
    '-show_entries', 'packet=pts,dts,flags', '-of', 'csv=p=0', path], opts.timeoutMs);
  if (pk.timedOut) throw timedOut(path, 'indexing the frames', opts.timeoutMs);
  if (pk.code !== 0) throw notAVideo(path, stderrReason(pk.stderr, path));
  const packets: RawPacket[] = [];
  for (const line of pk.stdout.split('\n')) {
    const [pts, dts, flags] = line.trim().split(',');
    if (flags === undefined || flags.includes('D')) continue; // 'D': outside the edit list, never shown
    packets.push({ pts: int(pts), dts: int(dts), key: flags.includes('K') });
  }
  return packets;
}

/** Packets from the start that ffprobe's own listing must match. */
const HEAD_PACKETS = 60;

const samePacket = (a: RawPacket, b: RawPacket) => a.pts === b.pts && a.dts === b.dts && a.key === b.key;

/**
 * An MP4/MOV's packets from its sample tables (probe-mp4-index.ts), checked against ffprobe's own
 * listing of the first packets and of those from the last keyframe to the end, or null: not such a
 * file, a layout the table reader leaves to ffprobe, or any disagreement.
 */
async function sampleTableIndex(ffprobe: string, path: string, header: FfprobeHeader, video: FfprobeStream, opts: ProbeBackendOptions): Promise<RawPacket[] | null> {
  const trackId = Number(video.id);
  if (!/(^|,)(mov|mp4)(,|$)/.test(header.format?.format_name ?? '') || !Number.isInteger(trackId)) return null;
  const index = await readMp4PacketIndex(path, trackId).catch(() => null);
  if (!index || video.time_base !== `1/${index.timescale}`) return null;
  const { packets } = index;
  let lastKey = packets.length - 1;
  while (lastKey >= 0 && !packets[lastKey].key) lastKey--;
  if (lastKey < 0) return null;
  // One ffprobe run lists the first packets, then seeks to the last keyframe and lists on to the end:
  // as many processes as listing every packet, so a short clip costs what it did.
  const headCount = Math.min(HEAD_PACKETS, packets.length);
  const tailFromS = ((packets[lastKey].pts ?? 0) / index.timescale).toFixed(6);
  const listed = await listPackets(ffprobe, path, video.index, ['-read_intervals', `%+#${HEAD_PACKETS},${tailFromS}%`], opts).catch(() => []);
  if (listed.length <= headCount || !packets.slice(0, headCount).every((p, i) => samePacket(p, listed[i]))) return null;
  const tail = listed.slice(headCount);
  const from = packets.length - tail.length;
  if (from < 0 || from > lastKey || !tail.every((p, i) => samePacket(p, packets[from + i]))) return null;
  return packets;
}

function int(text: string | undefined): number | null {
  if (!text || text === 'N/A') return null;
  const v = Number(text);
  return Number.isFinite(v) ? v : null;
}
