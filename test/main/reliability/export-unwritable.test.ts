/**
 * An export target that cannot be written: a read-only folder, and a full disk (a tiny tmpfs,
 * mounted when this machine allows it). The writer and the CLI must say so in one line, and a good
 * file already at the target must survive whole, with no temporary file left beside it.
 */
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvError, toTrackRow, type TrackRow } from '../../../common/csv';
import { writeTrackCsv } from '../../../main/export/csv';
import { generateCorpus, type GoodEntry } from '../../corpus/generate';
import { REPO_ROOT } from '../../helpers/paths';
import { makeReadOnly } from '../../helpers/read-only';

const run = promisify(execFile);
const GOOD_FILE = 'frame,time_s,x,y,w,h,score,state\n0,0.000,1.00,2.00,3.00,4.00,1.0000,init\n';

let work: string;
let clip: GoodEntry & { path: string };

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'export-unwritable-'));
  [clip] = generateCorpus(join(work, 'clip'), { only: ['tiny'] }) as Array<GoodEntry & { path: string }>;
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Many rows: a CSV of about 100 KB. */
const manyRows: TrackRow[] = Array.from({ length: 2000 }, (_, i) => toTrackRow(i, i / 30, { x: i % 300, y: 10, w: 40, h: 30 }, 0.9, 'tracked'));

async function trackTo(out: string): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run('node', [join(REPO_ROOT, 'bin/tracker.mjs'), 'track', clip.path, '--box', '24,18,16,12', '-o', out, '-q'], {
      cwd: work, env: { ...process.env, TRACKER_FROM_SOURCE: '1' }, timeout: 90_000,
    });
    return { code: 0, stderr };
  } catch (e) {
    const err = e as { code: number; stderr: string };
    return { code: err.code, stderr: err.stderr };
  }
}

function expectOneLineRefusal(r: { code: number; stderr: string }, reason: RegExp) {
  expect(r.code).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^tracker: error: cannot write /);
  expect(lines[0]).toMatch(reason);
}


describe('a read-only output folder', () => {
  it('tracker track: exit 1, one line, the good CSV already there survives whole', async (ctx) => {
    const folder = join(work, 'read-only');
    mkdirSync(folder);
    const out = join(folder, 'result.csv');
    writeFileSync(out, GOOD_FILE);
    const undo = makeReadOnly(folder);
    if (!undo) return ctx.skip('cannot make a read-only folder on this machine');
    let r: { code: number; stderr: string };
    try {
      r = await trackTo(out);
    } finally {
      undo();
    }
    expectOneLineRefusal(r, /result\.csv: (permission denied \(EACCES\)|operation not permitted \(EPERM\))$/);
    expect(readFileSync(out, 'utf8')).toBe(GOOD_FILE);
    expect(readdirSync(folder)).toEqual(['result.csv']);
  });
});

describe('a full disk (tiny tmpfs)', () => {
  let mountPoint: string | null = null;
  beforeAll(() => {
    const point = join(work, 'tiny-disk');
    mkdirSync(point);
    // 64 KiB; needs root (or CAP_SYS_ADMIN). Otherwise the tests below are skipped, not faked.
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0755', 'tmpfs', point]).status === 0) mountPoint = point;
  });
  afterAll(() => {
    if (mountPoint) spawnSync('umount', [mountPoint]);
  });

  /** Put the good file on the tiny disk, then fill what is left. */
  function fillDisk(): string {
    const out = join(mountPoint!, 'result.csv');
    writeFileSync(out, GOOD_FILE);
    const filler = join(mountPoint!, 'filler.bin');
    writeFileSync(filler, '');
    try {
      for (;;) writeFileSync(filler, Buffer.alloc(4096), { flag: 'a' });
    } catch (err) {
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    return out;
  }

  it('the atomic CSV writer: CsvError "no space left", the old file intact, no temporary file', async (ctx) => {
    if (!mountPoint) return ctx.skip('cannot mount a tmpfs on this machine');
    const out = fillDisk();
    const err = await writeTrackCsv(out, manyRows).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(CsvError);
    expect((err as Error).message).toBe(`cannot write ${out}: no space left on the disk (ENOSPC)`);
    expect(readFileSync(out, 'utf8')).toBe(GOOD_FILE);
    expect(readdirSync(mountPoint).sort()).toEqual(['filler.bin', 'result.csv']);
    rmSync(join(mountPoint, 'filler.bin'));
  });

  it('tracker track: exit 1, one line, the old CSV intact', async (ctx) => {
    if (!mountPoint) return ctx.skip('cannot mount a tmpfs on this machine');
    const out = fillDisk();
    expectOneLineRefusal(await trackTo(out), /result\.csv: no space left on the disk \(ENOSPC\)$/);
    expect(readFileSync(out, 'utf8')).toBe(GOOD_FILE);
    expect(readdirSync(mountPoint).sort()).toEqual(['filler.bin', 'result.csv']);
    rmSync(join(mountPoint, 'filler.bin'));
  });
});
