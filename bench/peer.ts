/**
 * OpenCV's CSRT as the peer baseline: ../shared/tools/peer_baseline.py run with Debian's
 * /usr/bin/python3 (python3-opencv), `--trackers csrt --json out.json SEQ...`, on the same
 * machine in the same bench run, so its figures and ours can be set side by side.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

export const PEER_PYTHON = '/usr/bin/python3';

export interface PeerSequence {
  auc: number;
  p20: number;
  /** Frames per second of init + update (decoding not timed); null where the script wrote inf/NaN. */
  fps: number | null;
  frames: number;
}

/** One peer tracker's figures per sequence (keys: sequence folder names). */
export type PeerResult = Record<string, PeerSequence>;

const PeerEntry = z.looseObject({
  auc: z.number(),
  p20: z.number(),
  fps: z.number().nullable(),
  frames: z.number().int().nonnegative(),
});
const PeerJson = z.record(z.string(), z.record(z.string(), z.unknown()));

const firstIssue = (e: z.ZodError, prefix: string) => {
  const issue = e.issues[0];
  return `peer JSON: "${[prefix, ...issue.path].filter((p) => p !== '').join('.')}" ${issue.message}`;
};

/**
 * Read the script's --json file ({sequence: {tracker: {auc, p20, fps, frames}}}) for one tracker.
 * Python's json.dump writes the bare tokens Infinity/NaN (fps when no time was measured), which
 * JSON.parse refuses: they become null.
 */
export function parsePeerJson(text: string, tracker = 'csrt'): PeerResult {
  const cleaned = text.replace(/(:\s*)-?(Infinity|NaN)\b/g, '$1null');
  let json: unknown;
  try {
    json = JSON.parse(cleaned);
  } catch (err) {
    throw new Error(`peer JSON is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = PeerJson.safeParse(json);
  if (!parsed.success) throw new Error(firstIssue(parsed.error, ''));
  const out: PeerResult = {};
  for (const [seq, byTracker] of Object.entries(parsed.data)) {
    if (!(tracker in byTracker)) throw new Error(`peer JSON has no "${tracker}" result for ${seq}`);
    const r = PeerEntry.safeParse(byTracker[tracker]);
    if (!r.success) throw new Error(firstIssue(r.error, `${seq}.${tracker}`));
    out[seq] = { auc: r.data.auc, p20: r.data.p20, fps: r.data.fps, frames: r.data.frames };
  }
  return out;
}

/** Unweighted means over the given sequences (the script's own "mean" convention); fps over finite values. */
export function peerMean(result: PeerResult, sequences: readonly string[]): { auc: number; p20: number; fps: number | null } {
  const rows = sequences.map((s) => {
    const r = result[s];
    if (!r) throw new Error(`peer result has no sequence ${s}`);
    return r;
  });
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  const fps = rows.map((r) => r.fps).filter((v): v is number => v !== null);
  return {
    auc: mean(rows.map((r) => r.auc)),
    p20: mean(rows.map((r) => r.p20)),
    fps: fps.length === rows.length ? mean(fps) : null,
  };
}

export interface PeerSetup {
  script: string;
  opencv: string;
  /** cv2.getNumThreads() under the environment the runs use. */
  threads: number;
  /** cv2.setNumThreads(n) before the script runs; null leaves OpenCV's default. */
  setThreads: number | null;
}

/**
 * Python code that sets OpenCV's thread count, then runs the script unchanged as __main__
 * (Debian's OpenCV uses TBB, which ignores OPENCV_FOR_THREADS_NUM).
 */
const withThreads = (n: number | null, then: string) =>
  `import sys, cv2\n${n === null ? '' : `cv2.setNumThreads(${n})\n`}${then}`;
const RUN_SCRIPT = 'import runpy\nsys.argv = sys.argv[1:]\nrunpy.run_path(sys.argv[0], run_name="__main__")';

/** The argv for one peer run: the script with `--trackers csrt --json jsonPath SEQ...`. */
export function peerArgs(setup: Pick<PeerSetup, 'script' | 'setThreads'>, seqDirs: readonly string[], jsonPath: string): string[] {
  const scriptArgs = [setup.script, '--trackers', 'csrt', '--json', jsonPath, ...seqDirs];
  return setup.setThreads === null ? scriptArgs : ['-c', withThreads(setup.setThreads, RUN_SCRIPT), ...scriptArgs];
}

/** The peer's environment, or the reason it cannot run (no python3, no OpenCV, no script). */
export function peerSetup(script: string, threads: number | null): PeerSetup | { skip: string } {
  if (!existsSync(script)) return { skip: `${script} not found` };
  if (!existsSync(PEER_PYTHON)) return { skip: `${PEER_PYTHON} not found` };
  const probe = spawnSync(PEER_PYTHON, ['-c', withThreads(threads, 'print(cv2.__version__, cv2.getNumThreads())')],
    { encoding: 'utf8', timeout: 30_000 });
  if (probe.status !== 0) {
    return { skip: `python3-opencv is not installed (${PEER_PYTHON} cannot import cv2); apt-get install -y python3-opencv` };
  }
  const [opencv, n] = probe.stdout.trim().split(/\s+/);
  return { script, opencv, threads: Number(n), setThreads: threads };
}

/** Run the script once with `--trackers csrt --json jsonPath` on the folders; its stdout lines go to onLine. */
export async function runPeer(setup: PeerSetup, seqDirs: readonly string[], jsonPath: string,
  onLine: (line: string) => void = () => {}): Promise<PeerResult> {
  const child = spawn(PEER_PYTHON, peerArgs(setup, seqDirs, jsonPath), { stdio: ['ignore', 'pipe', 'pipe'] });
  let pending = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const l of lines) if (l.trim()) onLine(l);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  const code = await new Promise<number | null>((done, fail) => {
    child.once('error', fail);
    child.once('close', done);
  });
  if (code !== 0) throw new Error(`peer_baseline.py exited ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return parsePeerJson(readFileSync(jsonPath, 'utf8'));
}
