/**
 * Probe with ffmpeg alone, for installs without ffprobe (the @ffmpeg-installer build ships none):
 * the stream header from `ffmpeg -i` (stderr), the packet index from a stream copy into the
 * `framecrc` muxer (demux only, no decode: one line per packet with dts, pts and flags).
 */
import { runTool } from './process';
import { normaliseRotation, notAVideo, stderrReason, timedOut, type ProbeBackendOptions, type RawPacket, type RawProbe } from './raw-probe';
import { VideoError } from './types';

const STREAM_LINE = /^\s*Stream #0:(\d+)(?:\[0x[0-9a-f]+\])?(?:\([^)]*\))?: (\w+): (\w+)/;
const NOPTS = -9223372036854775808;
const KEY_FLAG = 0x1;
const DISCARD_FLAG = 0x4;

export async function probeWithFfmpeg(ffmpeg: string, path: string, opts: ProbeBackendOptions): Promise<RawProbe> {
  const head = await runTool(ffmpeg, ['-hide_banner', '-nostdin', '-i', path], opts.timeoutMs);
  if (head.timedOut) throw timedOut(path, 'probing', opts.timeoutMs);
  const text = head.stderr;
  if (!/^Input #0/m.test(text)) throw notAVideo(path, stderrReason(text.replace(/At least one output file must be specified\n?/, ''), path));
  const header = parseHeader(text, path);

  const pk = await runTool(ffmpeg, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-copyts', '-i', path,
    '-map', `0:${header.streamIndex}`, '-c', 'copy', '-f', 'framecrc', '-'], opts.timeoutMs);
  if (pk.timedOut) throw timedOut(path, 'indexing the frames', opts.timeoutMs);
  if (pk.code !== 0) throw notAVideo(path, stderrReason(pk.stderr, path));
  const tb = /^#tb 0: (\d+)\/(\d+)/m.exec(pk.stdout);
  const packets: RawPacket[] = [];
  for (const line of pk.stdout.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    // "0,  dts,  pts,  duration,  size, 0xcrc[, F=0xflags]": no F field means flags == KEY.
    const cols = line.split(',').map((c) => c.trim());
    const flagCol = cols.find((c) => c.startsWith('F='));
    const flags = flagCol ? parseInt(flagCol.slice(2), 16) : KEY_FLAG;
    if (flags & DISCARD_FLAG) continue;
    packets.push({ dts: ts(cols[1]), pts: ts(cols[2]), key: (flags & KEY_FLAG) !== 0 });
  }
  return { ...header, timeBase: tb ? [Number(tb[1]), Number(tb[2])] : [1, 1], packets };
}

/** The first non-cover-art video stream's facts from `ffmpeg -i` output. */
export function parseHeader(text: string, path: string): Omit<RawProbe, 'packets' | 'timeBase'> {
  const lines = text.split('\n');
  const kinds = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const m = STREAM_LINE.exec(lines[i]);
    if (!m) continue;
    kinds.add(m[2].toLowerCase());
    if (m[2] !== 'Video' || lines[i].includes('(attached pic)')) continue;
    const size = /,\s(\d+)x(\d+)(?=[\s,[]|$)/.exec(lines[i]);
    const fps = /,\s([\d.]+)(k?) fps/.exec(lines[i]) ?? /,\s([\d.]+)(k?) tbr/.exec(lines[i]);
    let end = i + 1;
    while (end < lines.length && !STREAM_LINE.test(lines[end]) && /^\s{4,}/.test(lines[end])) end++;
    const block = lines.slice(i + 1, end).join('\n');
    const matrix = /displaymatrix: rotation of (-?[\d.]+) degrees/.exec(block);
    const tag = /^\s*rotate\s*:\s*(-?\d+)/m.exec(block);
    const start = /Duration: .*?, start: (-?[\d.]+)/.exec(text);
    const format = /^Input #0, (.*), from '/m.exec(text);
    return {
      streamIndex: Number(m[1]),
      codec: m[3],
      codedWidth: size ? Number(size[1]) : 0,
      codedHeight: size ? Number(size[2]) : 0,
      rotation: normaliseRotation(tag ? Number(tag[1]) : null, matrix ? Number(matrix[1]) : null),
      containerStartS: start ? Number(start[1]) : 0,
      formatName: format ? format[1] : 'unknown',
      declaredFps: fps ? Number(fps[1]) * (fps[2] ? 1000 : 1) : null,
      colourSpace: colourSpaceOf(lines[i]),
    };
  }
  throw new VideoError(`no video stream in ${path} (streams: ${[...kinds].join(', ') || 'none'})`);
}

/**
 * The colour-space tag from the pixel format's details, e.g. "yuv420p(tv, bt709, progressive)" or
 * "yuv420p(tv, bt470bg/bt709/bt709)" (space/primaries/transfer when they differ); null when absent.
 */
function colourSpaceOf(streamLine: string): string | null {
  const details = /,\s[a-z0-9_]+\(([^)]*)\)/.exec(streamLine);
  for (const token of details ? details[1].split(',') : []) {
    const space = token.trim().split('/')[0];
    if (/^(bt709|bt470bg|smpte170m|smpte240m|bt2020nc|bt2020c|fcc|ycgco|gbr|rgb|chroma-derived-nc|chroma-derived-c|ictcp)$/.test(space)) return space;
  }
  return null;
}

function ts(text: string | undefined): number | null {
  const v = Number(text);
  return text === undefined || !Number.isFinite(v) || v === NOPTS ? null : v;
}
