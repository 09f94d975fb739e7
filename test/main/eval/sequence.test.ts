import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSequence, loadSourceGroundTruth, parseGroundTruth, SequenceError } from '../../../main/eval/sequence';
import { HAVE_SHARED, SEQUENCE_NAMES, sequenceDir } from '../../helpers/paths';

describe.skipIf(!HAVE_SHARED)('loadSequence on the shared sequences', () => {
  it('loads David: 471 frames, 320x240 at 30 fps, 0-based boxes', async () => {
    const seq = await loadSequence(sequenceDir('David'));
    expect(seq.name).toBe('David');
    expect([seq.frames, seq.width, seq.height, seq.fps]).toEqual([471, 320, 240, 30]);
    expect(seq.groundTruth).toHaveLength(471);
    expect(seq.groundTruth[0]).toEqual({ x: 128, y: 79, w: 64, h: 78 });
    expect(seq.groundTruth[470]).toEqual({ x: 130, y: 82, w: 41, h: 52 });
    expect(seq.videoPath).toBe(join(sequenceDir('David'), 'video.mp4'));
  });

  it('reads bag\'s VOT polygons as their bounding rectangles, matching groundtruth.txt', async () => {
    const seq = await loadSequence(sequenceDir('bag'));
    expect(seq.meta.source_box_format).toBe('vot');
    const source = await loadSourceGroundTruth(seq);
    expect(source).toHaveLength(196);
    for (const [i, b] of source.entries()) {
      const g = seq.groundTruth[i];
      for (const k of ['x', 'y', 'w', 'h'] as const) expect(Math.abs(b[k] - g[k]), `bag frame ${i} ${k}`).toBeLessThan(0.006);
    }
  });

  it('reads every published annotation (OTB tabs/commas/CRLF 1-based, VOT polygons) as groundtruth.txt says', async () => {
    for (const name of SEQUENCE_NAMES) {
      const seq = await loadSequence(sequenceDir(name));
      const source = await loadSourceGroundTruth(seq);
      expect(source, name).toHaveLength(seq.frames);
      const worst = Math.max(...source.flatMap((b, i) => (['x', 'y', 'w', 'h'] as const).map((k) => Math.abs(b[k] - seq.groundTruth[i][k]))));
      expect(worst, name).toBeLessThan(0.006);
    }
  });
});

describe('parseGroundTruth', () => {
  it('shifts OTB 1-based corners and ignores trailing blank lines', () => {
    expect(parseGroundTruth('129\t80\t64\t78\r\n119,78,64,81\r\n\r\n', { oneBased: true })).toEqual([
      { x: 128, y: 79, w: 64, h: 78 },
      { x: 118, y: 77, w: 64, h: 81 },
    ]);
  });

  it('names the file and line of a bad box', () => {
    expect(() => parseGroundTruth('1,2,3,4\n\n5,6,7,8\n', { source: 'gt.txt' })).toThrow(/^gt\.txt line 2: "" is not x,y,w,h/);
    expect(() => parseGroundTruth('1,2,3,4\nNaN,NaN,NaN,NaN\n', { source: 'gt.txt' })).toThrow(/^gt\.txt line 2: "NaN,NaN,NaN,NaN" is not/);
    expect(() => parseGroundTruth('\n')).toThrow(/ground truth is empty/);
  });
});

describe('loadSequence errors (one line each)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'seq-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (files: Record<string, string>) => {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  };
  const meta = (m: object) => JSON.stringify({ frames: 2, width: 320, height: 240, fps: 30, ...m });
  async function messageOf(path: string): Promise<string> {
    const err = await loadSequence(path).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(SequenceError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }

  it('explains a folder that is not a sequence', async () => {
    expect(await messageOf(join(dir, 'nowhere'))).toMatch(/^not a sequence folder: .*nowhere does not exist$/);
    write({ 'file.txt': 'x' });
    expect(await messageOf(join(dir, 'file.txt'))).toMatch(/^not a sequence folder: .*file\.txt is a file$/);
    expect(await messageOf(dir)).toMatch(/^not a sequence folder: .* has no groundtruth\.txt \(a sequence folder holds/);
    write({ 'groundtruth.txt': '1,2,3,4\n5,6,7,8\n' });
    expect(await messageOf(dir)).toMatch(/has no video\.mp4/);
    write({ 'video.mp4': '' });
    expect(await messageOf(dir)).toMatch(/has no meta\.json/);
  });

  it('explains a broken meta.json, a box count that does not match, and an unusable first box', async () => {
    write({ 'groundtruth.txt': '1,2,3,4\n5,6,7,8\n', 'video.mp4': '', 'meta.json': '{"frames": 2,' });
    expect(await messageOf(dir)).toMatch(/meta\.json is not valid JSON/);
    write({ 'meta.json': meta({ fps: -1 }) });
    expect(await messageOf(dir)).toMatch(/meta\.json: "fps" /);
    write({ 'meta.json': meta({ frames: 3 }) });
    expect(await messageOf(dir)).toMatch(/groundtruth\.txt has 2 boxes but meta\.json says 3 frames$/);
    write({ 'meta.json': meta({}), 'groundtruth.txt': '400,2,3,4\n5,6,7,8\n' });
    expect(await messageOf(dir)).toMatch(/line 1 cannot start a track: box 400,2,3,4 lies entirely outside the 320x240 frame$/);
    write({ 'groundtruth.txt': '1,2,3,4\n5,6,7,8\n' });
    await expect(loadSequence(dir)).resolves.toMatchObject({ frames: 2, groundTruth: [{ x: 1 }, { x: 5 }] });
  });
});
