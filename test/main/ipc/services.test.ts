import { describe, expect, it } from 'vitest';
import { packagedResourceEnv } from '../../../main/ipc/services';

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
