import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ffmpegTools, type FfmpegTools } from '../../../main/video/ffmpeg-path';
import { openVideo, probeVideo, VideoError } from '../../../main/video/index';
import { probeVideoCached } from '../../../main/video/probe-cache';

const newDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
const entries = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')).sort() : []);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Tools whose ffprobe appends each call's arguments to a log before running the real one. */
function loggingTools(): { tools: FfmpegTools; calls: () => string[] } {
  const real = ffmpegTools();
  const dir = newDir('probe-cache-log-');
  const log = join(dir, 'calls.log');
  writeFileSync(log, '');
  const wrapper = join(dir, 'ffprobe');
  writeFileSync(wrapper, `#!/bin/sh\necho "$@" >> '${log}'\nexec '${real.ffprobe}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  return { tools: { ...real, ffprobe: wrapper }, calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

function makeClip(path: string, frames: number, gop: number): void {
  execFileSync(ffmpegTools().ffmpeg, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25',
    '-frames:v', String(frames), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', String(gop), '-bf', '2', '-pix_fmt', 'yuv420p', path], { timeout: 60_000 });
}

describe('probe cache', () => {
  let clips: string;
  let clip: string;
  beforeAll(() => {
    clips = newDir('probe-cache-clips-');
    clip = join(clips, 'clip.mp4');
    makeClip(clip, 60, 20);
  });

  it('answers a second probe of the same file from the folder, without ffprobe, with the same VideoInfo', async () => {
    const dir = join(newDir('probe-cache-'), 'probes');
    const { tools, calls } = loggingTools();
    const first = await probeVideoCached(clip, { dir, tools });
    const probes = calls().length;
    expect(probes).toBeGreaterThan(0);
    expect(entries(dir)).toHaveLength(1);
    const again = await probeVideoCached(clip, { dir, tools });
    expect(calls()).toHaveLength(probes);
    expect(again).toEqual(first);
    expect(again).toEqual(await probeVideo(clip));
    expect(again.frameCount).toBe(60);
    expect(again.stream.keyframes.map((k) => k.frame)).toEqual([0, 20, 40]);
  });

  it('openVideo uses it when given a folder, and a reopened video still reads the right frames', async () => {
    const dir = newDir('probe-cache-');
    const { tools, calls } = loggingTools();
    const first = await openVideo(clip, { tools, probeCacheDir: dir });
    const frame30 = (await first.frameAt(30)).data;
    await first.close();
    const probes = calls().length;
    const again = await openVideo(clip, { tools, probeCacheDir: dir });
    expect(calls()).toHaveLength(probes);
    expect(again.info).toEqual(first.info);
    expect((await again.frameAt(30)).data).toEqual(frame30);
    await again.close();
  });

  it('probes again when the file changed: other contents, or only a new modification time', async () => {
    const dir = newDir('probe-cache-');
    const { tools, calls } = loggingTools();
    const video = join(newDir('probe-cache-video-'), 'v.mp4');
    copyFileSync(clip, video);
    expect((await probeVideoCached(video, { dir, tools })).frameCount).toBe(60);
    const afterFirst = calls().length;

    makeClip(video, 45, 15); // the same path, other contents
    const changed = await probeVideoCached(video, { dir, tools });
    expect(changed.frameCount).toBe(45);
    const afterChange = calls().length;
    expect(afterChange).toBeGreaterThan(afterFirst);

    const later = new Date(Date.now() + 60_000);
    utimesSync(video, later, later);
    expect((await probeVideoCached(video, { dir, tools })).frameCount).toBe(45);
    expect(calls().length).toBeGreaterThan(afterChange);
  });

  it('probes over a damaged entry and replaces it', async () => {
    const dir = newDir('probe-cache-');
    const { tools, calls } = loggingTools();
    const first = await probeVideoCached(clip, { dir, tools });
    const [entry] = entries(dir);
    for (const damage of ['{"v":1,"size":', JSON.stringify({ v: 1, raw: { pts: [1], dts: [] } }), JSON.stringify({ v: 1, raw: {} }), 'null']) {
      writeFileSync(join(dir, entry), damage);
      const before = calls().length;
      expect(await probeVideoCached(clip, { dir, tools })).toEqual(first);
      expect(calls().length).toBeGreaterThan(before);
    }
    const before = calls().length;
    expect(await probeVideoCached(clip, { dir, tools })).toEqual(first); // the entry was rewritten whole
    expect(calls()).toHaveLength(before);
  });

  it('never saves a file that fails to probe, and gives the same error each time', async () => {
    const dir = newDir('probe-cache-');
    const text = join(newDir('probe-cache-bad-'), 'notes.mp4');
    writeFileSync(text, 'not a video at all\n'.repeat(100));
    for (const path of [text, text, join(clips, 'missing.mp4')]) {
      await expect(probeVideoCached(path, { dir })).rejects.toThrow(VideoError);
    }
    expect(entries(dir)).toEqual([]);
  });

  it('keeps the most recently used entries within its count', async () => {
    const dir = newDir('probe-cache-');
    const { tools, calls } = loggingTools();
    const copies = ['a', 'b', 'c'].map((name) => {
      const path = join(clips, `${name}.mp4`);
      copyFileSync(clip, path);
      return path;
    });
    const [a, b, c] = copies;
    const opts = { dir, tools, maxEntries: 2 };
    await probeVideoCached(a, opts);
    await pause(30);
    await probeVideoCached(b, opts);
    await pause(30);
    await probeVideoCached(a, opts); // a is used again: b is now the least recently used
    await pause(30);
    await probeVideoCached(c, opts);
    expect(entries(dir)).toHaveLength(2);
    const before = calls().length;
    await probeVideoCached(a, opts);
    await probeVideoCached(c, opts);
    expect(calls()).toHaveLength(before); // both still saved
    await probeVideoCached(b, opts);
    expect(calls().length).toBeGreaterThan(before); // b was evicted
  });
});
