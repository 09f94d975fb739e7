import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CsvError, toTrackRow, type TrackRow } from '../../../common/csv';
import { readTrackCsv, readTrackRows, writeMotCsv, writeMultiTrackCsv, writeTrackCsv } from '../../../main/export/csv';
import { makeReadOnly } from '../../helpers/read-only';

const rows: TrackRow[] = [
  toTrackRow(0, 0, { x: 10, y: 20, w: 30, h: 40 }, 1, 'init'),
  toTrackRow(1, 0.033, { x: 11.25, y: 20.5, w: 30, h: 40 }, 0.9, 'tracked'),
  toTrackRow(2, 0.067, { x: 0, y: 0, w: 1, h: 1 }, 0.1, 'lost'),
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'csv-export-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});


describe('CSV files', () => {
  it('writes and reads back a track, lost rows included', async () => {
    const path = join(dir, 'out.track.csv');
    await writeTrackCsv(path, rows);
    expect(readFileSync(path, 'utf8').split('\n')[3]).toBe('2,0.067,,,,,0.1000,lost');
    expect(await readTrackRows(path)).toEqual(rows);
    expect(readdirSync(dir)).toEqual(['out.track.csv']); // no temporary file left behind
  });

  it('writes and reads back all tracks, names with commas and quotes included', async () => {
    const path = join(dir, 'all.csv');
    const tracks = [{ id: 1, name: 'red car, left "lane"', rows }, { id: 2, name: 'man, hat', rows: rows.slice(0, 2) }];
    await writeMultiTrackCsv(path, tracks);
    const back = await readTrackCsv(path);
    expect(back.multiTrack).toBe(true);
    expect(back.tracks).toEqual(tracks);
  });

  it('writes MOT text', async () => {
    const path = join(dir, 'mot.txt');
    await writeMotCsv(path, [{ id: 3, name: 'a', rows }]);
    expect(readFileSync(path, 'utf8')).toBe('1,3,10.00,20.00,30.00,40.00,1.0000,-1,-1,-1\n2,3,11.25,20.50,30.00,40.00,0.9000,-1,-1,-1\n');
  });

  it('replaces an existing file whole', async () => {
    const path = join(dir, 'out.csv');
    writeFileSync(path, 'old content that is much longer than the new one '.repeat(100));
    await writeTrackCsv(path, rows.slice(0, 1));
    expect(readFileSync(path, 'utf8')).toBe('frame,time_s,x,y,w,h,score,state\n0,0.000,10.00,20.00,30.00,40.00,1.0000,init\n');
  });

  it('leaves the old file in place when the folder is read-only', async (ctx) => {
    const path = join(dir, 'out.csv');
    writeFileSync(path, 'good old file\n');
    const undo = makeReadOnly(dir);
    if (!undo) return ctx.skip('cannot make a read-only folder on this machine');
    try {
      const err = await writeTrackCsv(path, rows).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CsvError);
      expect((err as Error).message).toMatch(/^cannot write .*out\.csv: (permission denied|operation not permitted)/);
    } finally {
      undo();
    }
    expect(readFileSync(path, 'utf8')).toBe('good old file\n');
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('leaves the old file in place when the rows are invalid (nothing is written)', async () => {
    const path = join(dir, 'out.csv');
    writeFileSync(path, 'good old file\n');
    await expect(writeTrackCsv(path, [{ ...rows[1], score: Number.NaN }])).rejects.toThrow(/score NaN is outside/);
    expect(readFileSync(path, 'utf8')).toBe('good old file\n');
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('reports a missing file and a bad file with its path, line and column', async () => {
    await expect(readTrackCsv(join(dir, 'none.csv'))).rejects.toThrow(/^cannot read .*none\.csv: no such file or folder \(ENOENT\)$/);
    const path = join(dir, 'bad.csv');
    writeFileSync(path, 'frame,time_s,x,y,w,h,score,state\n0,0,1,2,3,4,1,init\n1,0.1,1,2,3,four,1,tracked\n');
    const err = (await readTrackCsv(path).then(() => null, (e: unknown) => e)) as CsvError;
    expect(err).toBeInstanceOf(CsvError);
    expect(err.message).toBe(`${path}: line 3, column 6 (h): "four" is not a number`);
    expect([err.line, err.column]).toEqual([3, 6]);
  });
});
