/**
 * The packet index of an MP4/MOV file read from its sample tables (the `moov` box, with mp4box.js)
 * instead of demuxing every packet. ffprobe reads every packet to list them: 1.5-2.1 s for an hour of
 * 720p here (1.3 GB); the tables hold the same timestamps and keyframes (~0.2 s for that hour, 2-16 ms
 * for the shared clips).
 *
 * Only the plain layout is read, the one ffmpeg itself writes and most cameras and editors do: one
 * `moov`, no fragments, no sample groups on the track (open-GOP random-access points ffmpeg may count
 * as keyframes), and an edit list that is empty or one edit at normal speed that shows every sample.
 * ffmpeg shifts such a track's timestamps by the edit's start (x264's files start at dts -1024 of
 * 15,360), and so does this. Anything else gives null, and the caller lists the packets with ffprobe
 * as before; the caller also checks the result against ffprobe's own first and last packets.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { createFile, MP4BoxBuffer } from 'mp4box';
import type { RawPacket } from './raw-probe';

export interface Mp4PacketIndex {
  /** The track's media timescale: its timestamps are in 1/timescale s (ffmpeg's stream time base). */
  timescale: number;
  /** Decode order, timestamps as ffmpeg gives them (shifted by the edit list). */
  packets: RawPacket[];
}

/** A moov larger than this is not read here (ffprobe lists the packets instead). */
const MAX_MOOV_BYTES = 256 * 1024 * 1024;

/** The `ftyp` and `moov` boxes whole, and the headers of the others (mp4box needs them to skip ahead), or null. */
async function readTopLevelBoxes(file: FileHandle, size: number): Promise<Array<{ at: number; bytes: Uint8Array }> | null> {
  const pieces: Array<{ at: number; bytes: Uint8Array }> = [];
  const header = new Uint8Array(16);
  const view = new DataView(header.buffer);
  let moovs = 0;
  for (let at = 0; at + 8 <= size; ) {
    const { bytesRead } = await file.read(header, 0, 16, at);
    if (bytesRead < 8) return null;
    const type = String.fromCharCode(...header.subarray(4, 8));
    let length = view.getUint32(0);
    if (length === 1) {
      if (bytesRead < 16) return null;
      length = Number(view.getBigUint64(8));
    } else if (length === 0) length = size - at;
    if (length < 8 || at + length > size) return null;
    if (type === 'moof' || type === 'mvex') return null; // fragmented: its samples live outside moov
    if (type === 'moov' || type === 'ftyp') {
      if (length > MAX_MOOV_BYTES) return null;
      if (type === 'moov') moovs++;
      const bytes = new Uint8Array(length);
      if ((await file.read(bytes, 0, length, at)).bytesRead !== length) return null;
      pieces.push({ at, bytes });
    } else {
      pieces.push({ at, bytes: header.slice(0, bytesRead) });
    }
    at += length;
  }
  return moovs === 1 ? pieces : null;
}

/** Track `trackId`'s packets from the sample tables of the MP4/MOV at `path`, or null where it cannot say. */
export async function readMp4PacketIndex(path: string, trackId: number): Promise<Mp4PacketIndex | null> {
  const file = await open(path, 'r');
  let pieces: Awaited<ReturnType<typeof readTopLevelBoxes>>;
  try {
    pieces = await readTopLevelBoxes(file, (await file.stat()).size);
  } finally {
    await file.close();
  }
  if (!pieces) return null;

  const iso = createFile();
  let failed = false;
  iso.onError = () => { failed = true; };
  // mp4box prints boxes it does not know (QuickTime's '©swr' tag, say) with console.error, which only
  // the developer could use: keep it off the app's and the CLI's stderr while it parses (synchronously).
  const printError = console.error;
  console.error = () => {};
  try {
    // Each piece owns its whole buffer (read into one of its exact size), so no copy is needed.
    for (const { at, bytes } of pieces) iso.appendBuffer(MP4BoxBuffer.fromArrayBuffer(bytes.buffer, at));
    iso.flush();
  } finally {
    console.error = printError;
  }
  if (failed || !iso.moov || iso.moov.mvex) return null;

  const trak = iso.getTrackById(trackId);
  const stbl = trak?.mdia?.minf?.stbl;
  if (!trak || !stbl || stbl.sbgps?.length || stbl.sgpds?.length) return null;
  const timescale = trak.mdia.mdhd.timescale;
  const samples = trak.samples;
  if (!timescale || !samples?.length) return null;

  const edits = trak.edts?.elst?.entries ?? [];
  if (edits.length > 1) return null;
  let shift = 0;
  let editEnd = Infinity; // in the track's timescale, after the shift
  if (edits.length === 1) {
    const [edit] = edits;
    if (edit.media_rate_integer !== 1 || edit.media_rate_fraction !== 0 || edit.media_time < 0 || edit.segment_duration <= 0) return null;
    shift = edit.media_time;
    editEnd = (edit.segment_duration * timescale) / iso.moov.mvhd.timescale;
  }

  const packets: RawPacket[] = new Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i];
    const pts = s.cts - shift;
    // A sample before the edit's start or after its end would be one ffmpeg discards or trims: not read here.
    if (pts < 0 || pts >= editEnd) return null;
    packets[i] = { pts, dts: s.dts - shift, key: s.is_sync };
  }
  return { timescale, packets };
}
