/**
 * The real service dependencies (video via main/video, weights via main/models, the data
 * folder) shared by the Electron main process and the browser host.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TRACKING_PIXEL_FORMAT } from '../../common/frame';
import { openVideo } from '../video';
import { ensureSampleClip } from '../video/sample';
import { loadModels } from '../models/resolve';
import type { OpenedSource, ServiceDeps } from '../ipc';
import { AppData } from './app-data';
import type { FileAccess } from './file-access';

/**
 * `cacheDir`: where long-GOP videos get their seek proxies (main/video/seek-proxy.ts) and every
 * opened video's probe is saved (main/video/probe-cache.ts); none: neither.
 */
export async function openSource(path: string, cacheDir?: string): Promise<OpenedSource> {
  const video = await openVideo(path, cacheDir ? { seekProxyDir: join(cacheDir, 'seek-proxies'), probeCacheDir: join(cacheDir, 'probes') } : {});
  const i = video.info;
  return {
    width: i.width, height: i.height, fps: i.fps, frameCount: i.frameCount, durationS: i.durationS, codec: i.codec,
    frameTimesS: i.frameTimesS,
    // i420: 2.7x fewer bytes than RGBA to decode, keep, and send to the page (common/frame.ts).
    pixelFormat: TRACKING_PIXEL_FORMAT,
    frames: (start, signal) => video.frames({ start, signal, pixelFormat: TRACKING_PIXEL_FORMAT }),
    fastSeeks: () => video.usingSeekProxy(),
    fastSeeksSettled: video.seekProxy,
    close: () => video.close(),
  };
}

export interface ServiceSetup {
  shell: 'electron' | 'browser';
  version: string;
  access: FileAccess;
  dataDir: string;
}

export function realServiceDeps(setup: ServiceSetup): ServiceDeps {
  return {
    shell: setup.shell,
    version: setup.version,
    access: setup.access,
    appData: new AppData(setup.dataDir),
    openSource: (path) => openSource(path, setup.dataDir),
    samplePath: async () => (await ensureSampleClip(join(setup.dataDir, 'sample'))).videoPath,
    loadModels: (ids) => loadModels(ids),
    openAnyVideo: setup.shell === 'electron',
  };
}

/**
 * In a packaged app the weights and ffmpeg ship as extra resources (electron-builder.yml):
 * point the model resolver and the video service at them unless the user already chose.
 */
export function packagedResourceEnv(resourcesPath: string, env: NodeJS.ProcessEnv, platform = process.platform, exists = existsSync): Record<string, string> {
  const out: Record<string, string> = {};
  const models = join(resourcesPath, 'models');
  const ffmpeg = join(resourcesPath, 'ffmpeg', platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg');
  if (!env.TRACKER_MODELS_DIR && exists(models)) out.TRACKER_MODELS_DIR = models;
  if (!env.FFMPEG_PATH && exists(ffmpeg)) out.FFMPEG_PATH = ffmpeg;
  return out;
}
