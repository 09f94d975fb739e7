/**
 * The video service on the reliability corpus (test/corpus/generate.ts): every broken file is refused
 * with a one-line VideoError in bounded time and leaves no ffmpeg behind; every good one probes right
 * (displayed size, frame count, per-frame times checked against ffprobe's decoded timestamps), decodes
 * to exactly frameCount frames, and seeks to the same bytes as the sequential decode.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveChildCount, openVideo, VideoError, type VideoSource } from '../../../main/video';
import { CORPUS, generateCorpus, type CorpusItem, type GoodEntry, type RefusedEntry } from '../../corpus/generate';
import { meanAbsDiff, rotateRgba } from '../video/media';

const REFUSE_WITHIN_MS = 10_000;

let dir: string;
const items = new Map<string, CorpusItem>();
const seen: string[] = []; // one line per entry, printed at the end (the report's table)

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'corpus-video-'));
  for (const item of generateCorpus(dir)) items.set(item.name, item);
});
afterAll(() => {
  console.log(`video service on the corpus:\n${seen.join('\n')}`);
  rmSync(dir, { recursive: true, force: true });
});

const sha1 = (data: Uint8Array | Uint8ClampedArray) => createHash('sha1').update(data).digest('hex');

/** Presentation time of each decoded frame, from ffprobe's decoder (null where it has none). */
function decodedFrameTimes(path: string): Array<number | null> {
  const out = execFileSync('ffprobe', ['-v', 'quiet', '-select_streams', 'v:0', '-show_entries', 'frame=best_effort_timestamp_time', '-of', 'json', path]);
  const frames = (JSON.parse(out.toString()) as { frames: Array<{ best_effort_timestamp_time?: string }> }).frames;
  return frames.map((f) => (f.best_effort_timestamp_time === undefined ? null : Number(f.best_effort_timestamp_time)));
}

/** Frame 0 as ffmpeg decodes it without applying the display matrix (the stored orientation). */
function storedFirstFrame(path: string): Uint8Array {
  return new Uint8Array(execFileSync('ffmpeg', ['-v', 'error', '-noautorotate', '-i', path, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], { maxBuffer: 1 << 26 }));
}

describe('broken files are refused with one line, quickly, leaving no ffmpeg', () => {
  for (const entry of CORPUS.filter((e): e is RefusedEntry => e.expected === 'refused')) {
    it(`${entry.name}: ${entry.kind}`, async () => {
      const { path } = items.get(entry.name)!;
      const t0 = performance.now();
      let err: unknown = null;
      if (entry.refusedAt === 'open') {
        err = await openVideo(path).then(async (v) => { await v.close(); return null; }, (e: unknown) => e);
      } else {
        // The index is intact, the frame data is not: opening works, reading it through does not.
        const video = await openVideo(path);
        try {
          for await (const frame of video.frames()) expect(frame.data.length).toBe(video.info.width * video.info.height * 4);
        } catch (e) {
          err = e;
        } finally {
          await video.close();
        }
      }
      const ms = performance.now() - t0;
      expect(ms).toBeLessThan(REFUSE_WITHIN_MS);
      expect(err).toBeInstanceOf(VideoError);
      const message = (err as VideoError).message;
      expect(message).toMatch(entry.reason);
      expect(message).not.toContain('\n');
      expect(message).toContain(path);
      expect(liveChildCount()).toBe(0);
      seen.push(`${entry.name.padEnd(20)} refused at ${entry.refusedAt.padEnd(6)} ${ms.toFixed(0).padStart(5)} ms  ${message}`);
    });
  }
});

describe('good files: probe, sequential decode and seeks agree', () => {
  for (const entry of CORPUS.filter((e): e is GoodEntry => e.expected === 'good')) {
    it(`${entry.name}: ${entry.kind}`, async () => {
      const { path } = items.get(entry.name)!;
      const t0 = performance.now();
      const video: VideoSource = await openVideo(path);
      try {
        const { info } = video;
        expect({ width: info.width, height: info.height, frameCount: info.frameCount })
          .toEqual({ width: entry.width, height: entry.height, frameCount: entry.frameCount });

        // Times: ffprobe's decoder is the reference (the probe itself reads packets, not frames).
        const decoded = decodedFrameTimes(path);
        expect(decoded).toHaveLength(entry.frameCount);
        const first = decoded.find((t) => t !== null)!;
        const firstIndex = decoded.indexOf(first);
        decoded.forEach((t, i) => {
          if (t !== null) expect(info.frameTimesS[i] - info.frameTimesS[firstIndex], `time of frame ${i}`).toBeCloseTo(t - first, 3);
        });
        expect(decoded.filter((t) => t === null).length).toBeLessThanOrEqual(1); // AVI: the last frame has none
        entry.timesS?.forEach((t, i) => expect(info.frameTimesS[i], `intended time of frame ${i}`).toBeCloseTo(t, 3));

        // Sequential decode: exactly frameCount frames, in order, at the displayed size.
        const hashes: string[] = [];
        let firstFrame: Uint8Array | undefined;
        for await (const frame of video.frames()) {
          expect(frame.index).toBe(hashes.length);
          expect(frame.timeS).toBe(info.frameTimesS[hashes.length]);
          expect([frame.width, frame.height, frame.data.length]).toEqual([entry.width, entry.height, entry.width * entry.height * 4]);
          firstFrame ??= new Uint8Array(frame.data.buffer, frame.data.byteOffset, frame.data.length);
          hashes.push(sha1(frame.data));
        }
        expect(hashes).toHaveLength(entry.frameCount);
        if (entry.frameCount > 2) expect(new Set(hashes).size).toBeGreaterThan(1); // the content moves

        // Rotation: the frames are the stored picture turned by info.rotation, not by the opposite way.
        if (info.rotation !== 0) {
          const stored = storedFirstFrame(path);
          const [sw, sh] = info.rotation % 180 ? [info.height, info.width] : [info.width, info.height];
          const right = rotateRgba(stored, sw, sh, info.rotation).data;
          const wrong = rotateRgba(stored, sw, sh, (info.rotation + 180) % 360).data;
          expect(meanAbsDiff(firstFrame!, right)).toBeLessThan(3);
          expect(meanAbsDiff(firstFrame!, wrong)).toBeGreaterThan(10);
        }

        // Seeks: a few frames, each byte-identical to the same frame of the sequential decode.
        const n = entry.frameCount;
        const picks = [...new Set([1, Math.floor(n / 3), Math.floor(n / 2) + 1, n - 2, n - 1])].filter((i) => i >= 0 && i < n);
        for (const i of picks) {
          const frame = await video.frameAt(i);
          expect(frame.index).toBe(i);
          expect(sha1(frame.data), `frameAt(${i})`).toBe(hashes[i]);
        }
        seen.push(`${entry.name.padEnd(20)} good ${info.width}x${info.height} ${info.frameCount} frames, rotation ${info.rotation}, ` +
          `${info.codec}, seeks ${picks.join('/')} exact, ${(performance.now() - t0).toFixed(0)} ms`);
      } finally {
        await video.close();
      }
      expect(liveChildCount()).toBe(0);
    });
  }
});
