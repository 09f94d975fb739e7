import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSource, packagedResourceEnv } from '../../../main/ipc/services';
import { ffmpegTools } from '../../../main/video/ffmpeg-path';

describe('packaged app resources', () => {
  it('points the resolver and the video service at the bundled weights and ffmpeg', () => {
    const exists = () => true;
    expect(packagedResourceEnv('/opt/SiamTrack/resources', {}, 'linux', exists)).toEqual({
      TRACKER_MODELS_DIR: '/opt/SiamTrack/resources/models', FFMPEG_PATH: '/opt/SiamTrack/resources/ffmpeg/ffmpeg',
    });
    expect(packagedResourceEnv('C:/App/resources', {}, 'win32', exists).FFMPEG_PATH).toMatch(/ffmpeg\.exe$/);
  });

  it('keeps what the user set, and what is not there', () => {
    expect(packagedResourceEnv('/r', { TRACKER_MODELS_DIR: '/mine', FFMPEG_PATH: '/usr/bin/ffmpeg' }, 'linux', () => true)).toEqual({});
    expect(packagedResourceEnv('/r', {}, 'linux', () => false)).toEqual({});
  });
});

describe('opening a video for the app', () => {
  it('saves its probe in the data folder, and a reopened video gives the same facts', async () => {
    const clip = join(mkdtempSync(join(tmpdir(), 'services-clip-')), 'clip.mp4');
    execFileSync(ffmpegTools().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=96x64:rate=25',
      '-frames:v', '12', '-c:v', 'libx264', '-preset', 'ultrafast', clip], { timeout: 60_000 });
    const dataDir = mkdtempSync(join(tmpdir(), 'services-data-'));
    const first = await openSource(clip, dataDir);
    await first.close();
    expect(readdirSync(join(dataDir, 'probes')).filter((n) => n.endsWith('.json'))).toHaveLength(1);
    const again = await openSource(clip, dataDir);
    await again.close();
    const facts = ({ frames, close, fastSeeks, fastSeeksSettled, ...rest }: typeof first) => rest;
    expect(facts(again)).toEqual(facts(first));
    expect(again.frameCount).toBe(12);
  });
});
