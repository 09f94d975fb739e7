import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { boxProblem } from '../../common/box';
import { CORPUS, generateCorpus, mp4BoxRange } from './generate';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const freshDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'corpus-gen-'));
  dirs.push(d);
  return d;
};

describe('corpus entries', () => {
  it('cover the kinds the reliability issue asks for, under unique names and file names', () => {
    const names = CORPUS.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(CORPUS.map((e) => e.file)).size).toBe(names.length);
    for (const wanted of ['empty', 'random-bytes', 'text-as-mp4', 'truncated-mp4', 'corrupted-mdat', 'audio-only', 'odd-size',
      'phone-rotated-90', 'variable-rate', 'avi-mpeg4', 'webm-vp9', 'hevc', 'prores-mov', 'uhd-4k', 'tiny', 'single-frame',
      'h264-10bit', 'long-gop', 'unicode-path']) {
      expect(names).toContain(wanted);
    }
  });

  it('give every good file a box inside its displayed frame', () => {
    for (const e of CORPUS) {
      if (e.expected !== 'good') continue;
      expect(boxProblem(e.box, e.width, e.height), e.name).toBeNull();
      expect(e.box.x + e.box.w).toBeLessThanOrEqual(e.width);
      expect(e.box.y + e.box.h).toBeLessThanOrEqual(e.height);
      if (e.timesS) expect(e.timesS).toHaveLength(e.frameCount);
    }
  });
});

describe('generateCorpus', () => {
  it('writes the requested files only, with the promised size and frame count, and no scratch files', () => {
    const dir = freshDir();
    const items = generateCorpus(dir, { only: ['unicode-path', 'odd-size', 'empty'] });
    expect(items.map((i) => i.name)).toEqual(['empty', 'odd-size', 'unicode-path']);
    expect(readdirSync(dir).sort()).toEqual(['empty.mp4', 'odd-321x241.mp4', "vidéo d'essai 测试.mp4"].sort());
    expect(statSync(items[0].path).size).toBe(0);
    const out = execFileSync('ffprobe', ['-v', 'error', '-count_packets', '-show_entries', 'stream=width,height,nb_read_packets', '-of', 'json', items[1].path]);
    expect(JSON.parse(out.toString()).streams[0]).toEqual({ width: 321, height: 241, nb_read_packets: '50' });
  });

  it('keeps the box structure of corrupted-mdat intact (the garbage lands inside mdat)', () => {
    const dir = freshDir();
    const [item] = generateCorpus(dir, { only: ['corrupted-mdat'] });
    const bytes = new Uint8Array(readFileSync(item.path));
    const mdat = mp4BoxRange(bytes, 'mdat');
    const moov = mp4BoxRange(bytes, 'moov');
    expect(mdat.end).toBeLessThanOrEqual(moov.start); // index after the data, intact
    expect(mdat.end - mdat.start).toBeGreaterThan(8192);
  });

  it('refuses an unknown entry name', () => {
    expect(() => generateCorpus(freshDir(), { only: ['no-such-entry'] })).toThrow(/unknown corpus entries/);
  });
});
