import { mkdtempSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ffmpegTools, installerFfmpeg, locateFfmpeg, locateFfprobe, runsOrMadeExecutable, toolVersion } from '../../../main/video/ffmpeg-path';
import { VideoError } from '../../../main/video/types';

const SYSTEM_FFMPEG = '/usr/bin/ffmpeg';
const SYSTEM_FFPROBE = '/usr/bin/ffprobe';

describe('ffmpeg location', () => {
  it('honours FFMPEG_PATH before anything else', () => {
    expect(locateFfmpeg({ FFMPEG_PATH: SYSTEM_FFMPEG, PATH: '' })).toBe(SYSTEM_FFMPEG);
  });

  it('rejects an FFMPEG_PATH that does not run instead of silently using another ffmpeg', () => {
    expect(() => locateFfmpeg({ FFMPEG_PATH: '/nonexistent/ffmpeg', PATH: '/usr/bin' })).toThrow(VideoError);
    const fake = join(mkdtempSync(join(tmpdir(), 'ffpath-')), 'ffmpeg');
    writeFileSync(fake, '#!/bin/sh\nexit 3\n');
    chmodSync(fake, 0o755);
    expect(() => locateFfmpeg({ FFMPEG_PATH: fake })).toThrow(/not a runnable ffmpeg/);
  });

  it('then uses the @ffmpeg-installer binary, which runs', () => {
    const bin = installerFfmpeg();
    expect(bin).toMatch(/@ffmpeg-installer/);
    expect(toolVersion(bin!)).toMatch(/^ffmpeg version/);
    expect(locateFfmpeg({ PATH: '/usr/bin' })).toBe(bin);
  });

  it('gives a shipped binary without its exec bit the bit, and refuses one that still fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ffexec-'));
    const bin = join(dir, 'ffmpeg');
    writeFileSync(bin, '#!/bin/sh\necho "ffmpeg version test"\n', { mode: 0o644 });
    expect(toolVersion(bin)).toBeNull();
    expect(runsOrMadeExecutable(bin)).toBe(true);
    const broken = join(dir, 'broken');
    writeFileSync(broken, '#!/bin/sh\nexit 1\n', { mode: 0o644 });
    expect(runsOrMadeExecutable(broken)).toBe(false);
  });

  it('finds ffprobe from FFPROBE_PATH, then beside ffmpeg, then on PATH, else none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ffpair-'));
    symlinkSync(SYSTEM_FFMPEG, join(dir, 'ffmpeg'));
    symlinkSync(SYSTEM_FFPROBE, join(dir, 'ffprobe'));
    expect(locateFfprobe(join(dir, 'ffmpeg'), { FFPROBE_PATH: SYSTEM_FFPROBE, PATH: '' })).toBe(SYSTEM_FFPROBE);
    expect(locateFfprobe(join(dir, 'ffmpeg'), { PATH: '' })).toBe(join(dir, 'ffprobe'));
    expect(locateFfprobe(installerFfmpeg()!, { PATH: '/usr/bin' })).toBe(SYSTEM_FFPROBE);
    expect(locateFfprobe(installerFfmpeg()!, { PATH: '' })).toBeNull();
  });

  it('reports the tools it settled on', () => {
    const tools = ffmpegTools({ FFMPEG_PATH: SYSTEM_FFMPEG, PATH: '/usr/bin' });
    expect(tools).toMatchObject({ ffmpeg: SYSTEM_FFMPEG, ffprobe: SYSTEM_FFPROBE });
    expect(tools.ffmpegVersion).toMatch(/^ffmpeg version 5\./);
  });
});
