import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ffmpegTools, installerFfmpeg, type FfmpegTools } from '../../../main/video/ffmpeg-path';
import { streamFrames } from '../../../main/video/frames';
import { liveChildCount, openVideo, probeVideo, type VideoInfo } from '../../../main/video/index';
import { decodeRunTo, longestDecodeRun, PROXY_GOP } from '../../../main/video/seek-proxy';
import { makeTestMedia, type TestMedia } from './media';

const hash = (data: Uint8Array | Uint8ClampedArray) => createHash('sha1').update(data).digest('hex');
const newDir = () => mkdtempSync(join(tmpdir(), 'seek-proxies-'));
const files = (dir: string) => readdirSync(dir).sort();
const proxyFile = (dir: string) => join(dir, files(dir).find((f) => f.endsWith('.mkv'))!);

async function sequentialHashes(info: VideoInfo, ffmpeg: string): Promise<string[]> {
  const out: string[] = [];
  for await (const f of streamFrames(info, { ffmpeg })) out.push(hash(f.data));
  return out;
}

// Both the shipped 2018 build and Debian's 5.1 must build proxies that prove equal.
const TOOLS: Record<string, FfmpegTools> = {
  installer: { ...ffmpegTools(), ffmpeg: installerFfmpeg()! },
  system: { ...ffmpegTools(), ffmpeg: '/usr/bin/ffmpeg' },
};
// Frames deep inside the 100-frame GOPs (where the proxy is used) and near keyframes (where it is not).
const PROBES = [0, 5, 13, 50, 99, 100, 101, 150, 187, 199, 200, 250, 299];

describe('seek proxy', () => {
  let media: TestMedia;
  let yuv411: string;
  beforeAll(() => {
    media = makeTestMedia(TOOLS.installer.ffmpeg);
    // x264 cannot store 4:1:1 losslessly (it would convert), so the proof must reject its proxy and FFV1 take over.
    yuv411 = join(media.dir, 'yuv411.mkv');
    execFileSync(TOOLS.installer.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25',
      '-frames:v', '120', '-c:v', 'ffv1', '-g', '120', '-pix_fmt', 'yuv411p', yuv411]);
  });

  it('measures decode runs from the seek index', async () => {
    const info = await probeVideo(media.longGop);
    expect(longestDecodeRun(info)).toBe(100);
    expect(decodeRunTo(info, 0)).toBe(1);
    expect(decodeRunTo(info, 99)).toBe(100);
    expect(decodeRunTo(info, 100)).toBe(1);
    expect(decodeRunTo(info, 150)).toBe(51);
  });

  for (const [name, tools] of Object.entries(TOOLS)) {
    it(`long-GOP video: frames read through the proxy equal a sequential decode of the original (${name} ffmpeg)`, async () => {
      const dir = newDir();
      const video = await openVideo(media.longGop, { tools, seekProxyDir: dir });
      const reference = await sequentialHashes(video.info, tools.ffmpeg);
      expect(await video.seekProxy).toBe(true);
      expect(files(dir)).toHaveLength(2); // the proxy and its saved probe
      expect(files(dir).filter((f) => f.endsWith('.mkv'))).toHaveLength(1);
      for (const n of PROBES) {
        const frame = await video.frameAt(n);
        expect(frame.index).toBe(n);
        expect(frame.timeS).toBe(video.info.frameTimesS[n]); // the original's clock, not the proxy's
        expect(hash(frame.data), `frame ${n}`).toBe(reference[n]);
      }
      const run = [];
      for await (const f of video.frames({ start: 187, count: 20 })) run.push(f);
      expect(run.map((f) => f.index)).toEqual(Array.from({ length: 20 }, (_, i) => 187 + i));
      expect(run.map((f) => hash(f.data))).toEqual(reference.slice(187, 207));
      await video.close();
      expect(liveChildCount()).toBe(0);
    });
  }

  for (const [name, tools] of Object.entries(TOOLS)) {
    it(`BT.709 video: the proxy keeps the tag, so it passes the proof and its frames are the original's (${name} ffmpeg)`, async () => {
      const clip = join(media.dir, `bt709-long-gop-${name}.mp4`);
      execFileSync(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25', '-frames:v', '80',
        '-c:v', 'libx264', '-preset', 'veryfast', '-g', '80', '-pix_fmt', 'yuv420p', '-colorspace', 'bt709', clip]);
      const dir = newDir();
      const video = await openVideo(clip, { tools, seekProxyDir: dir });
      expect(video.info.colourMatrix).toBe('bt709');
      const reference = await sequentialHashes(video.info, tools.ffmpeg);
      expect(await video.seekProxy).toBe(true);
      const frame = await video.frameAt(70); // 70 frames after the keyframe: read through the proxy
      expect(hash(frame.data)).toBe(reference[70]);
      const yuv = await video.frameAt(71, { pixelFormat: 'i420' });
      expect(yuv.matrix).toBe('bt709');
      await video.close();
    });
  }

  it('the proxy is a short-GOP file, reused on the next open (not rebuilt) and rebuilt when damaged', async () => {
    const dir = newDir();
    const first = await openVideo(media.longGop, { seekProxyDir: dir });
    expect(await first.seekProxy).toBe(true);
    await first.close();
    const proxyName = files(dir).find((f) => f.endsWith('.mkv'))!;
    const proxyPath = join(dir, proxyName);
    const proxyInfo = await probeVideo(proxyPath);
    expect(proxyInfo.frameCount).toBe(300);
    expect(longestDecodeRun(proxyInfo)).toBeLessThanOrEqual(PROXY_GOP);
    const { ino } = statSync(proxyPath);

    const again = await openVideo(media.longGop, { seekProxyDir: dir });
    expect(await again.seekProxy).toBe(true);
    await again.close();
    expect(statSync(proxyPath).ino).toBe(ino); // same file: a rebuild renames a new one into place

    truncateSync(proxyPath, 4096);
    const repaired = await openVideo(media.longGop, { seekProxyDir: dir });
    expect(await repaired.seekProxy).toBe(true);
    const reference = await sequentialHashes(repaired.info, TOOLS.installer.ffmpeg);
    expect(hash((await repaired.frameAt(150)).data)).toBe(reference[150]);
    await repaired.close();
    expect(statSync(proxyPath).size).toBeGreaterThan(4096);
    expect(files(dir).filter((f) => !f.endsWith('.json'))).toEqual([proxyName]); // no partial files left behind
  });

  it('a reopened video adopts its proxy from the saved probe, without running ffprobe on the proxy again', async () => {
    const dir = newDir();
    const first = await openVideo(media.longGop, { seekProxyDir: dir });
    expect(await first.seekProxy).toBe(true);
    await first.close();
    const [sidecar, proxyName] = files(dir);
    expect([sidecar.replace(/\.json$/, ''), proxyName.replace(/\.mkv$/, '')]).toEqual([proxyName.replace(/\.mkv$/, ''), sidecar.replace(/\.json$/, '')]);

    // An ffprobe that logs what it is asked to probe, then runs the real one.
    const real = ffmpegTools();
    const log = join(dir, '..', `${Date.now()}-probes.log`);
    const wrapper = join(mkdtempSync(join(tmpdir(), 'probe-log-')), 'ffprobe');
    writeFileSync(wrapper, `#!/bin/sh\necho "$@" >> '${log}'\nexec '${real.ffprobe}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    const again = await openVideo(media.longGop, { seekProxyDir: dir, tools: { ...real, ffprobe: wrapper } });
    expect(await again.seekProxy).toBe(true);
    const reference = await sequentialHashes(again.info, TOOLS.installer.ffmpeg);
    expect(hash((await again.frameAt(150)).data)).toBe(reference[150]);
    await again.close();
    const probed = readFileSync(log, 'utf8');
    expect(probed).toContain(media.longGop);
    expect(probed).not.toContain(proxyName);
  });

  it('reads starting inside a GOP come from the proxy, reads starting on a keyframe from the original', async () => {
    const dir = newDir();
    const copy = join(newDir(), 'clip.mp4');
    copyFileSync(media.longGop, copy);
    const video = await openVideo(copy, { seekProxyDir: dir });
    expect(await video.seekProxy).toBe(true);
    renameSync(copy, `${copy}.moved`); // only the proxy is left to read from
    expect((await video.frameAt(150)).index).toBe(150);
    expect((await video.frameAt(101)).index).toBe(101);
    await expect(video.frameAt(100)).rejects.toThrow(/clip\.mp4/); // keyframe 100: the original decodes it as fast
    await video.close();
  });

  it('a proxy deleted while in use (a cache clean-up) is dropped and the original serves the same frames', async () => {
    const dir = newDir();
    const video = await openVideo(media.longGop, { seekProxyDir: dir });
    const reference = await sequentialHashes(video.info, TOOLS.installer.ffmpeg);
    expect(await video.seekProxy).toBe(true);
    expect(hash((await video.frameAt(150)).data)).toBe(reference[150]);
    rmSync(proxyFile(dir));
    expect(video.usingSeekProxy()).toBe(true);
    expect(hash((await video.frameAt(160)).data)).toBe(reference[160]);
    expect(video.usingSeekProxy()).toBe(false);
    const run = [];
    for await (const f of video.frames({ start: 250, count: 3 })) run.push(hash(f.data));
    expect(run).toEqual(reference.slice(250, 253));
    await video.close();
    expect(liveChildCount()).toBe(0);
  });

  it('rotated video: the proxy holds the frames as shown', async () => {
    const dir = newDir();
    const video = await openVideo(media.rotated, { seekProxyDir: dir });
    expect(video.info.rotation).not.toBe(0);
    const reference = await sequentialHashes(video.info, TOOLS.installer.ffmpeg);
    expect(await video.seekProxy).toBe(true);
    for (const n of [37, 150, 288]) expect(hash((await video.frameAt(n)).data), `frame ${n}`).toBe(reference[n]);
    await video.close();
  });

  it('a pixel format x264 would convert: the proof rejects that proxy and FFV1 stores it exactly', async () => {
    const dir = newDir();
    const video = await openVideo(yuv411, { seekProxyDir: dir });
    const reference = await sequentialHashes(video.info, TOOLS.installer.ffmpeg);
    expect(await video.seekProxy).toBe(true);
    const proxyCodec = execFileSync('/usr/bin/ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', proxyFile(dir)]).toString().trim();
    expect(proxyCodec).toBe('ffv1');
    for (const n of [60, 119]) expect(hash((await video.frameAt(n)).data), `frame ${n}`).toBe(reference[n]);
    await video.close();
  });

  it('builds nothing for short GOPs or over budget, and without a folder', async () => {
    const dir = newDir();
    const shortGop = await openVideo(media.variableRate, { seekProxyDir: dir }); // keyframe every 30 frames
    expect(await shortGop.seekProxy).toBe(false);
    await shortGop.close();
    const { prepareSeekProxy } = await import('../../../main/video/seek-proxy');
    const info = await probeVideo(media.longGop);
    expect(await prepareSeekProxy(info, { dir, tools: ffmpegTools(), budgetBytes: 1024 * 1024 })).toBeNull();
    expect(files(dir)).toEqual([]);
    const plain = await openVideo(media.longGop);
    expect(await plain.seekProxy).toBe(false);
    await plain.close();
  });

  it('discards a proxy that outgrows half the budget (noisy video, larger than estimated)', async () => {
    const noisy = join(media.dir, 'noisy.mp4');
    execFileSync(TOOLS.installer.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25',
      '-vf', 'noise=alls=100:allf=t', '-frames:v', '100', '-c:v', 'libx264', '-g', '100', '-pix_fmt', 'yuv420p', noisy]);
    const info = await probeVideo(noisy);
    const { prepareSeekProxy } = await import('../../../main/video/seek-proxy');
    const dir = newDir();
    // Estimated 0.3 byte/pixel (0.58 MB) fits half of 4 MB; lossless noise needs 4.3 MB. (ffmpeg's -fs
    // stops far larger builds early; Matroska writes 5 MB clusters, too coarse to show at this size.)
    expect(await prepareSeekProxy(info, { dir, tools: ffmpegTools(), budgetBytes: 4e6 })).toBeNull();
    expect(files(dir)).toEqual([]);
    expect(liveChildCount()).toBe(0);
    // With room for it, the same video gets its proxy.
    expect(await prepareSeekProxy(info, { dir, tools: ffmpegTools(), budgetBytes: 100e6 })).not.toBeNull();
  });

  it('close() during a build kills its ffmpeg and leaves no partial file', async () => {
    const dir = newDir();
    const video = await openVideo(media.longGop, { seekProxyDir: dir });
    await expect.poll(() => files(dir).some((f) => f.endsWith('.part')), { timeout: 10_000, interval: 5 }).toBe(true); // the encoder is writing
    expect(liveChildCount()).toBeGreaterThan(0);
    await video.close();
    expect(await video.seekProxy).toBe(false);
    expect(liveChildCount()).toBe(0);
    expect(files(dir)).toEqual([]);
  });
});
