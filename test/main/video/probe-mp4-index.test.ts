import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ffmpegTools } from '../../../main/video/ffmpeg-path';
import { probeRaw } from '../../../main/video/probe';
import { readMp4PacketIndex } from '../../../main/video/probe-mp4-index';
import type { RawPacket } from '../../../main/video/raw-probe';
import { generateCorpus, mp4BoxRange } from '../../corpus/generate';
import { HAVE_SHARED, SEQUENCE_NAMES, sequenceDir } from '../../helpers/paths';
import { makeTestMedia } from './media';

/** The reference, independent of our code: Debian's ffprobe listing every video packet it shows. */
function ffprobePackets(path: string): { packets: RawPacket[]; trackId: number } {
  const stream = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'V:0', '-show_entries', 'stream=id', '-of', 'json', path], { encoding: 'utf8' })) as { streams: Array<{ id?: string }> };
  const csv = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'V:0', '-show_entries', 'packet=pts,dts,flags', '-of', 'csv=p=0', path],
    { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
  const packets = csv.trim().split('\n').map((l) => l.trim().split(',')).filter(([, , flags]) => flags !== undefined && !flags.includes('D'))
    .map(([pts, dts, flags]) => ({ pts: pts === 'N/A' ? null : Number(pts), dts: dts === 'N/A' ? null : Number(dts), key: flags.includes('K') }));
  return { packets, trackId: Number(stream.streams[0].id) };
}

describe('MP4 packet index from the sample tables', () => {
  const plain: string[] = []; // MP4/MOV files in the plain layout: the table reader must answer, exactly as ffprobe
  const other: string[] = []; // the rest: probing must give ffprobe's packets whichever way it went
  let fragmented = '';
  let trimmed = '';
  let cutShort = '';

  beforeAll(() => {
    const media = makeTestMedia(ffmpegTools().ffmpeg);
    plain.push(media.longGop, media.rotated, media.audioFirst, media.variableRate, media.bt709);
    other.push(media.longGopTs, media.longGopMkv);
    const corpus = generateCorpus(mkdtempSync(join(tmpdir(), 'mp4-index-corpus-')), { only: ['odd-size', 'phone-rotated-90', 'variable-rate', 'tiny', 'single-frame', 'long-gop', 'unicode-path', 'prores-mov', 'hevc', 'corrupted-mdat', 'truncated-faststart', 'avi-mpeg4', 'webm-vp9'] });
    for (const item of corpus) {
      (/\.(mp4|mov)$/.test(item.path) && !['hevc', 'truncated-faststart'].includes(item.name) ? plain : other).push(item.path);
    }
    if (HAVE_SHARED) plain.push(...SEQUENCE_NAMES.map((s) => join(sequenceDir(s), 'video.mp4')));
    const dir = mkdtempSync(join(tmpdir(), 'mp4-index-'));
    const ff = (args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
    fragmented = join(dir, 'fragmented.mp4');
    ff(['-i', media.longGop, '-c', 'copy', '-movflags', 'frag_keyframe+empty_moov', fragmented]);
    // Cut without re-encoding from a frame that is not a keyframe: ffmpeg keeps the packets from the keyframe
    // before and writes an edit list that hides them (ffprobe lists them as discarded).
    trimmed = join(dir, 'trimmed.mp4');
    ff(['-ss', '1.3', '-i', media.longGop, '-t', '2', '-c', 'copy', trimmed]);
    // An interrupted download (index in front, frame data cut in half) whose mdat size was then made to
    // fit the file: the tables list every frame, the file holds half of them.
    const bytes = new Uint8Array(readFileSync(corpus.find((i) => i.name === 'truncated-faststart')!.path));
    const mdat = mp4BoxRange(bytes, 'mdat');
    new DataView(bytes.buffer).setUint32(mdat.start - 8, bytes.length - (mdat.start - 8));
    cutShort = join(dir, 'cut-short.mp4');
    writeFileSync(cutShort, bytes);
    other.push(fragmented, trimmed, cutShort);
  }, 300_000);

  it('reads plain MP4 and MOV files exactly as ffprobe lists them', async () => {
    expect(plain.length).toBeGreaterThanOrEqual(HAVE_SHARED ? 20 : 11);
    for (const path of plain) {
      const reference = ffprobePackets(path);
      const index = await readMp4PacketIndex(path, reference.trackId);
      expect(index, basename(path)).not.toBeNull();
      expect(index!.packets, basename(path)).toEqual(reference.packets);
    }
  });

  it('leaves fragmented files and edit lists that hide packets to ffprobe', async () => {
    expect(await readMp4PacketIndex(fragmented, 1)).toBeNull();
    const cut = ffprobePackets(trimmed);
    expect(cut.packets.length).toBeLessThan(Number(execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'V:0', '-show_entries', 'stream=nb_frames', '-of', 'csv=p=0', trimmed], { encoding: 'utf8' })));
    expect(await readMp4PacketIndex(trimmed, cut.trackId)).toBeNull();
  });

  it('takes ffprobe\'s packets when the tables promise frames the file does not hold', async () => {
    const reference = ffprobePackets(cutShort);
    const tables = await readMp4PacketIndex(cutShort, reference.trackId);
    expect(tables!.packets.length).toBe(75);
    expect(reference.packets.length).toBeLessThan(75);
    expect((await probeRaw(cutShort)).packets).toEqual(reference.packets);
  });

  it('probing gives ffprobe\'s packets for every file, whichever way it read them', async () => {
    for (const path of [...plain, ...other]) {
      const raw = await probeRaw(path);
      expect(raw.packets, basename(path)).toEqual(ffprobePackets(path).packets);
    }
  });
});
