import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTrackRows } from '../../common/csv';
import { scoreSequence } from '../../common/metrics';
import { MODELS } from '../../models/manifest';
import { parseGroundTruth } from '../../main/eval/sequence';
import { REPO_ROOT, SHARED_MODELS_DIR, sequenceDir } from '../helpers/paths';

const run = promisify(execFile);
const DAVID = join(sequenceDir('David'), 'video.mp4');
const DAVID_BOX = '128,79,64,78';

interface CliResult { code: number; stdout: string; stderr: string }

async function tracker(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run('node', [join(REPO_ROOT, 'bin/tracker.mjs'), ...args], {
      cwd: work, env: { ...process.env, TRACKER_FROM_SOURCE: '1', ...env }, timeout: 90_000,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string; killed?: boolean };
    if (err.killed) throw new Error(`tracker ${args.join(' ')} hung`);
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** Refused: non-zero exit, one line on stderr that matches, no stack trace, no CSV written. */
function expectRefused(r: CliResult, pattern: RegExp) {
  expect(r.code).not.toBe(0);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^tracker: error: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

let work: string;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'cli-'));
  writeFileSync(join(work, 'notes.mp4'), 'this is a text file, not a video\n');
  // Without +faststart the moov atom is at the end: cutting the file loses it.
  await run('ffmpeg', ['-v', 'error', '-y', '-i', DAVID, '-c', 'copy', join(work, 'whole.mp4')]);
  writeFileSync(join(work, 'truncated.mp4'), readFileSync(join(work, 'whole.mp4')).subarray(0, 300_000));
  await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=d=1', join(work, 'audio.m4a')]);
});

describe('tracker track', () => {
  it('tracks David from the first ground-truth box: 471 rows that score AUC >= 0.6', async () => {
    const out = join(work, 'david.csv');
    const r = await tracker(['track', DAVID, '--box', DAVID_BOX, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const rows = parseTrackRows(readFileSync(out, 'utf8'));
    expect(rows).toHaveLength(471);
    expect(rows.map((row) => row.frame)).toEqual(Array.from({ length: 471 }, (_, i) => i));
    expect(rows[0]).toMatchObject({ state: 'init', box: { x: 128, y: 79, w: 64, h: 78 } });
    expect(rows[10].timeS).toBeCloseTo(10 / 30, 3);
    const gt = parseGroundTruth(readFileSync(join(sequenceDir('David'), 'groundtruth.txt'), 'utf8'));
    expect(scoreSequence(rows.map((row) => row.box), gt).auc).toBeGreaterThanOrEqual(0.6);
  });

  it('starts at --frame N and writes rows from N to the end', async () => {
    const out = join(work, 'from400.csv');
    const r = await tracker(['track', DAVID, '--box', '147,60,60,80', '--frame', '400', '-o', out, '-t', 'nanotrack']);
    expect(r.code, r.stderr).toBe(0);
    const rows = parseTrackRows(readFileSync(out, 'utf8'));
    expect(rows).toHaveLength(71);
    expect(rows[0].frame).toBe(400);
    expect(rows[0].timeS).toBeCloseTo(400 / 30, 3);
  });

  it.each([
    ['a missing file', ['track', 'no-such-video.mp4', '--box', DAVID_BOX], /no-such-video\.mp4/],
    ['a text file named .mp4', ['track', 'notes.mp4', '--box', DAVID_BOX], /not a readable video/],
    ['a truncated MP4', ['track', 'truncated.mp4', '--box', DAVID_BOX], /not a readable video|truncated/],
    ['a file without a video stream', ['track', 'audio.m4a', '--box', DAVID_BOX], /no video stream/],
    ['a box entirely outside the frame', ['track', DAVID, '--box', '400,10,20,20'], /entirely outside/],
    ['a box of zero size', ['track', DAVID, '--box', '10,10,0,20'], /zero or negative size/],
    ['a non-numeric box', ['track', DAVID, '--box', '10,ten,20,20'], /--box must be four numbers/],
    ['a box with three numbers', ['track', DAVID, '--box', '10,10,20'], /--box must be four numbers/],
    ['a frame past the end', ['track', DAVID, '--box', DAVID_BOX, '--frame', '471'], /past the end.*471 frames/],
    ['a negative frame', ['track', DAVID, '--box', DAVID_BOX, '--frame', 'x1'], /--frame must be a 0-based frame number/],
  ])('refuses %s with one line', async (_what, args, pattern) => {
    const out = join(work, 'refused.csv');
    const r = await tracker([...args, '-o', out]);
    expectRefused(r, pattern);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an unknown tracker', async () => {
    const r = await tracker(['track', DAVID, '--box', DAVID_BOX, '-t', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Allowed choices are/);
  });

  it('refuses a corrupted model file and a model folder with a file missing', async () => {
    const files = MODELS.nanotrackv2.files;
    const corrupted = mkdtempSync(join(tmpdir(), 'models-corrupt-'));
    mkdirSync(join(corrupted, 'nanotrackv2'));
    copyFileSync(join(SHARED_MODELS_DIR, files.backbone.path), join(corrupted, files.backbone.path));
    const head = readFileSync(join(SHARED_MODELS_DIR, files.head.path));
    head[1000] ^= 0xff;
    writeFileSync(join(corrupted, files.head.path), head);
    expectRefused(await tracker(['track', DAVID, '--box', DAVID_BOX], { TRACKER_MODELS_DIR: corrupted }), /corrupted or the wrong version/);

    const partial = mkdtempSync(join(tmpdir(), 'models-partial-'));
    mkdirSync(join(partial, 'nanotrackv2'));
    copyFileSync(join(SHARED_MODELS_DIR, files.backbone.path), join(partial, files.backbone.path));
    expectRefused(await tracker(['track', DAVID, '--box', DAVID_BOX], { TRACKER_MODELS_DIR: partial }), /incomplete: missing/);
  });
});

describe('tracker eval', () => {
  it('prints the table and writes the JSON report and the success plot', async () => {
    const json = join(work, 'eval.json');
    const svg = join(work, 'eval.svg');
    // As `eval ../shared/sequences/*` expands: the README beside the folders is skipped.
    const readme = join(sequenceDir('Crossing'), '..', 'README.md');
    const r = await tracker(['eval', sequenceDir('Crossing'), readme, sequenceDir('Deer'), '--json', json, '--plot', svg]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/skipping .*README\.md: a file/);
    expect(r.stdout).toMatch(/Crossing/);
    expect(r.stdout).toMatch(/mean/);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.tracker).toBe('fusion');
    expect(Object.keys(report.sequences)).toEqual(['Crossing', 'Deer']);
    for (const s of Object.values(report.sequences) as { auc: number; p20: number; fps: number; frames: number }[]) {
      expect(s.auc).toBeGreaterThan(0.3);
      expect(s.p20).toBeGreaterThan(0.3);
      expect(s.fps).toBeGreaterThan(0);
    }
    expect(report.sequences.Crossing.frames).toBe(120);
    expect(Object.keys(report.mean).sort()).toEqual(['auc', 'fps', 'p20']);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });

  it('refuses a folder that is not a sequence', async () => {
    expectRefused(await tracker(['eval', work]), /groundtruth|sequence/i);
  });
});
