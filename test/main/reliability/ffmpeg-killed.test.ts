/**
 * Faults in the decoder process: ffmpeg killed (kill -9) or stalled (SIGSTOP) while frames stream.
 * The stream must end with a clear one-line VideoError (never hang), leave no child behind, and a
 * fresh stream from the last good frame must give the remaining frames exactly: tracking resumes.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrackRow } from '../../../common/csv';
import { trackVideo } from '../../../main/eval/run';
import { createNodeTracker } from '../../../main/trackers/create';
import { liveChildCount, openVideo, VideoError, type VideoSource } from '../../../main/video';
import { generateCorpus, type GoodEntry } from '../../corpus/generate';

const KILL_AT = 30;
/** From the kill to the error: the rest of the pipe is read, then the exit is seen. Generous for a loaded machine. */
const ERROR_WITHIN_MS = 5_000;

let dir: string;
let clip: GoodEntry & { path: string };
let reference: string[]; // sha1 of every frame of an undisturbed sequential decode

const sha1 = (data: Uint8Array | Uint8ClampedArray) => createHash('sha1').update(data).digest('hex');

/** Our ffmpeg children reading `path` (this test file runs in its own process). */
function ffmpegChildrenReading(path: string): number[] {
  const pids: number[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(/^\d+ \(.*\) \S+ (\d+)/.exec(stat)?.[1]);
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (ppid === process.pid && cmd.includes(path) && /ffmpeg/.test(cmd.split('\0')[0])) pids.push(Number(pid));
    } catch {
      // gone while we looked
    }
  }
  return pids;
}

function killDecoder(path: string, signal: NodeJS.Signals): void {
  const pids = ffmpegChildrenReading(path);
  expect(pids, 'exactly one ffmpeg decoding the clip').toHaveLength(1);
  process.kill(pids[0], signal);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ffmpeg-killed-'));
  // One keyframe and B-frames: a resumed stream has to decode from the start and drop frames exactly.
  [clip] = generateCorpus(dir, { only: ['long-gop'] }) as Array<GoodEntry & { path: string }>;
  const video = await openVideo(clip.path);
  reference = [];
  for await (const frame of video.frames()) reference.push(sha1(frame.data));
  await video.close();
  expect(reference).toHaveLength(clip.frameCount);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readUntilError(video: VideoSource, start: number, onFrame: (index: number) => void): Promise<{ hashes: string[]; err: unknown; errorAfterMs: number }> {
  const hashes: string[] = [];
  let killedAt = 0;
  try {
    for await (const frame of video.frames({ start })) {
      hashes.push(sha1(frame.data));
      if (frame.index === KILL_AT) killedAt = performance.now();
      onFrame(frame.index!);
    }
    return { hashes, err: null, errorAfterMs: 0 };
  } catch (err) {
    return { hashes, err, errorAfterMs: performance.now() - killedAt };
  }
}

describe('ffmpeg killed while frames stream', () => {
  it('ends the stream with a one-line VideoError, leaves no child, and a fresh stream resumes exactly', async () => {
    const video = await openVideo(clip.path);
    try {
      const { hashes, err, errorAfterMs } = await readUntilError(video, 0, (i) => { if (i === KILL_AT) killDecoder(clip.path, 'SIGKILL'); });
      expect(err).toBeInstanceOf(VideoError);
      const message = (err as VideoError).message;
      expect(message).not.toContain('\n');
      const m = /^ffmpeg was killed \(SIGKILL\) while decoding (.+); frames 0\.\.(\d+) were delivered$/.exec(message);
      expect(m, message).not.toBeNull();
      expect(m![1]).toBe(clip.path);
      const lastGood = Number(m![2]);
      expect(lastGood).toBe(hashes.length - 1);
      expect(lastGood).toBeGreaterThanOrEqual(KILL_AT); // frames already in the pipe may still arrive
      expect(lastGood).toBeLessThan(clip.frameCount - 1);
      expect(errorAfterMs).toBeLessThan(ERROR_WITHIN_MS);
      expect(liveChildCount()).toBe(0);
      // Every frame delivered before the error is a whole, correct frame.
      expect(hashes).toEqual(reference.slice(0, hashes.length));

      // Resume from the frame after the last good one: the same bytes as an undisturbed decode.
      const rest: string[] = [];
      for await (const frame of video.frames({ start: lastGood + 1 })) {
        expect(frame.index).toBe(lastGood + 1 + rest.length);
        rest.push(sha1(frame.data));
      }
      expect([...hashes, ...rest]).toEqual(reference);
    } finally {
      await video.close();
    }
    expect(liveChildCount()).toBe(0);
  });

  it('a killed stream that started mid-file says which frames it delivered', async () => {
    const video = await openVideo(clip.path);
    try {
      const start = 20;
      const { hashes, err } = await readUntilError(video, start, (i) => { if (i === KILL_AT) killDecoder(clip.path, 'SIGKILL'); });
      expect((err as Error).message).toMatch(new RegExp(`; frames ${start}\\.\\.${start + hashes.length - 1} were delivered$`));
      expect(hashes).toEqual(reference.slice(start, start + hashes.length));
    } finally {
      await video.close();
    }
  });

  it('tracking resumes from the last good frame: one row per frame over the whole clip', async () => {
    const tracker = await createNodeTracker('nanotrack');
    const video = await openVideo(clip.path);
    const rows: TrackRow[] = [];
    try {
      let err: unknown = null;
      try {
        for await (const step of trackVideo(tracker, video, { box: clip.box })) {
          rows.push(step.row);
          if (step.row.frame === KILL_AT) killDecoder(clip.path, 'SIGKILL');
        }
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(VideoError);
      expect(liveChildCount()).toBe(0);
      const lastGood = rows[rows.length - 1];
      expect(lastGood.frame).toBeGreaterThanOrEqual(KILL_AT);
      expect(lastGood.box).not.toBeNull();

      // Start again on the last good frame with the box the tracker had there.
      const resumed: TrackRow[] = [];
      for await (const step of trackVideo(tracker, video, { box: lastGood.box!, startFrame: lastGood.frame })) resumed.push(step.row);
      expect(resumed[0]).toMatchObject({ frame: lastGood.frame, state: 'init', box: lastGood.box });
      const all = [...rows, ...resumed.slice(1)];
      expect(all.map((r) => r.frame)).toEqual(Array.from({ length: clip.frameCount }, (_, i) => i));
      expect(all.every((r) => r.box !== null && r.state !== 'lost')).toBe(true);
    } finally {
      await tracker.dispose();
      await video.close();
    }
    expect(liveChildCount()).toBe(0);
  });
});

describe('ffmpeg stalled while frames stream', () => {
  it('a stopped ffmpeg (SIGSTOP) is ended by the caller\'s abort: AbortError, no child left', async () => {
    const video = await openVideo(clip.path);
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let err: unknown = null;
    const delivered: number[] = [];
    try {
      for await (const frame of video.frames({ signal: abort.signal })) {
        delivered.push(frame.index!);
        if (frame.index === 10) {
          killDecoder(clip.path, 'SIGSTOP');
          timer = setTimeout(() => abort.abort(), 500); // what the app's Cancel or a watchdog does
        }
      }
    } catch (e) {
      err = e;
    } finally {
      clearTimeout(timer);
      await video.close();
    }
    expect((err as Error)?.name).toBe('AbortError');
    expect(delivered.length).toBeLessThan(clip.frameCount);
    expect(liveChildCount()).toBe(0);
    expect(ffmpegChildrenReading(clip.path)).toEqual([]);
  });
});
