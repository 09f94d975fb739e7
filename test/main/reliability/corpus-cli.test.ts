/**
 * `tracker track` on the reliability corpus, run as a child process like a user runs it: broken files
 * exit non-zero with one line on stderr and no CSV; good ones give one CSV row per frame with the
 * service's frame times. No ffmpeg may outlive the CLI.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBox } from '../../../common/box';
import { parseTrackRows } from '../../../common/csv';
import { openVideo } from '../../../main/video';
import { REPO_ROOT } from '../../helpers/paths';
import { CORPUS, generateCorpus, type CorpusItem, type GoodEntry, type RefusedEntry } from '../../corpus/generate';

const run = promisify(execFile);
/** Node start, tsx and the model load take about 2 s here; the bound only catches hangs. */
const REFUSE_WITHIN_MS = 30_000;

let dir: string;
let work: string;
const items = new Map<string, CorpusItem>();
const seen: string[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'corpus-cli-'));
  work = mkdtempSync(join(tmpdir(), 'corpus-cli-out-'));
  for (const item of generateCorpus(dir)) items.set(item.name, item);
});
afterAll(() => {
  console.log(`tracker track on the corpus:\n${seen.join('\n')}`);
  rmSync(dir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

interface CliResult { code: number; stderr: string; ms: number }

async function track(video: string, box: string, out: string): Promise<CliResult> {
  const t0 = performance.now();
  try {
    const { stderr } = await run('node', [join(REPO_ROOT, 'bin/tracker.mjs'), 'track', video, '--box', box, '-o', out, '-q'], {
      cwd: work, env: { ...process.env, TRACKER_FROM_SOURCE: '1' }, timeout: 120_000,
    });
    return { code: 0, stderr, ms: performance.now() - t0 };
  } catch (e) {
    const err = e as { code: number; stderr: string; killed?: boolean };
    if (err.killed) throw new Error(`tracker track ${video} hung`);
    return { code: err.code, stderr: err.stderr, ms: performance.now() - t0 };
  }
}

/** Processes (any parent) whose command line names a file of the corpus: an ffmpeg left behind. */
function processesUsing(folder: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmd.includes(folder) && !cmd.includes('tracker.mjs')) found.push(`${pid}: ${cmd}`);
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

describe('tracker track refuses broken files: exit code, one line, no CSV', () => {
  for (const entry of CORPUS.filter((e): e is RefusedEntry => e.expected === 'refused')) {
    it(`${entry.name}: ${entry.kind}`, async () => {
      const { path } = items.get(entry.name)!;
      const out = join(work, `${entry.name}.csv`);
      const r = await track(path, '10,10,40,40', out);
      expect(r.code).not.toBe(0);
      const lines = r.stderr.trim().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^tracker: error: /);
      expect(lines[0]).toMatch(entry.reason);
      expect(lines[0]).not.toMatch(/internal error/);
      expect(existsSync(out)).toBe(false);
      expect(r.ms).toBeLessThan(REFUSE_WITHIN_MS);
      expect(processesUsing(dir)).toEqual([]);
      seen.push(`${entry.name.padEnd(20)} exit ${r.code} ${r.ms.toFixed(0).padStart(6)} ms  ${lines[0]}`);
    });
  }
});

describe('tracker track on good files: one row per frame with the frame times', () => {
  for (const entry of CORPUS.filter((e): e is GoodEntry => e.expected === 'good')) {
    it(`${entry.name}: ${entry.kind}`, async () => {
      const { path } = items.get(entry.name)!;
      const out = join(work, `${entry.name}.csv`);
      const r = await track(path, formatBox(entry.box), out);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(new RegExp(`^wrote ${entry.frameCount} rows`));
      const rows = parseTrackRows(readFileSync(out, 'utf8'));
      expect(rows.map((row) => row.frame)).toEqual(Array.from({ length: entry.frameCount }, (_, i) => i));
      expect(rows[0]).toMatchObject({ state: 'init', box: entry.box });
      const video = await openVideo(path);
      await video.close();
      rows.forEach((row, i) => expect(row.timeS, `time of row ${i}`).toBeCloseTo(video.info.frameTimesS[i], 3));
      for (const row of rows) {
        if (!row.box) continue; // lost: no box
        // Inside (or at least touching) the displayed frame.
        expect(row.box.x + row.box.w).toBeGreaterThan(0);
        expect(row.box.y + row.box.h).toBeGreaterThan(0);
        expect(row.box.x).toBeLessThan(entry.width);
        expect(row.box.y).toBeLessThan(entry.height);
      }
      expect(processesUsing(dir)).toEqual([]);
      const lost = rows.filter((row) => row.state === 'lost').length;
      seen.push(`${entry.name.padEnd(20)} exit 0 ${r.ms.toFixed(0).padStart(6)} ms  ${rows.length} rows (${lost} lost)`);
    });
  }
});
