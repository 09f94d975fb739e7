/**
 * Where the video service finds its tools.
 *
 * ffmpeg: $FFMPEG_PATH (must run, else VideoError: an explicit choice is never silently ignored),
 *   then the static build shipped in the `@ffmpeg-installer/ffmpeg` package (made executable if the
 *   install scripts were skipped, skipped if it still will not run), then `ffmpeg` on PATH.
 * ffprobe: $FFPROBE_PATH, then `ffprobe` next to the chosen ffmpeg, then `ffprobe` on PATH, else none.
 *   The installer ships no ffprobe; with none at all, probe.ts reads the same facts from
 *   `ffmpeg -i` and an `ffmpeg -c copy -f framecrc` packet listing.
 *
 * A candidate counts only if `<tool> -version` runs and exits 0 within a few seconds.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { VideoError } from './types';

export interface FfmpegTools {
  ffmpeg: string;
  /** null when no runnable ffprobe exists; probing then falls back to ffmpeg alone. */
  ffprobe: string | null;
  /** First line of `ffmpeg -version`, for reports. */
  ffmpegVersion: string;
}

type Env = Record<string, string | undefined>;

const EXE = process.platform === 'win32' ? '.exe' : '';

/** `-version` first line when the binary runs, else null. */
export function toolVersion(bin: string): string | null {
  const run = spawnSync(bin, ['-version'], { timeout: 10_000, encoding: 'utf8', windowsHide: true });
  if (run.error || run.status !== 0) return null;
  return run.stdout.split('\n')[0].trim();
}

/** The binary inside @ffmpeg-installer, made executable when needed; null when absent or unusable. */
export function installerFfmpeg(): string | null {
  let bin: string;
  try {
    const req = createRequire(import.meta.url);
    bin = (req('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  } catch {
    return null; // package or its platform binary not installed (it throws a string)
  }
  // Packaged Electron apps keep native binaries outside the asar archive.
  bin = bin.replace(`app.asar${process.platform === 'win32' ? '\\' : '/'}`, `app.asar.unpacked${process.platform === 'win32' ? '\\' : '/'}`);
  return existsSync(bin) && runsOrMadeExecutable(bin) ? bin : null;
}

/** True when `bin -version` runs, after adding the exec bit if npm install scripts never set it. */
export function runsOrMadeExecutable(bin: string): boolean {
  if (toolVersion(bin)) return true;
  try {
    if (process.platform === 'win32' || (statSync(bin).mode & 0o111) !== 0) return false;
    chmodSync(bin, 0o755);
  } catch {
    return false; // read-only install: the caller moves on to PATH
  }
  return toolVersion(bin) !== null;
}

/** First `name` on PATH that runs. */
export function onPath(name: string, env: Env = process.env): string | null {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const bin = join(dir, name + EXE);
    if (existsSync(bin) && toolVersion(bin)) return bin;
  }
  return null;
}

export function locateFfmpeg(env: Env = process.env): string {
  const explicit = env.FFMPEG_PATH;
  if (explicit) {
    if (!toolVersion(explicit)) throw new VideoError(`FFMPEG_PATH=${explicit} is not a runnable ffmpeg`);
    return explicit;
  }
  const found = installerFfmpeg() ?? onPath('ffmpeg', env);
  if (!found) throw new VideoError('ffmpeg not found: set FFMPEG_PATH, install @ffmpeg-installer/ffmpeg, or put ffmpeg on PATH');
  return found;
}

export function locateFfprobe(ffmpeg: string, env: Env = process.env): string | null {
  const explicit = env.FFPROBE_PATH;
  if (explicit) {
    if (!toolVersion(explicit)) throw new VideoError(`FFPROBE_PATH=${explicit} is not a runnable ffprobe`);
    return explicit;
  }
  const beside = join(dirname(ffmpeg), 'ffprobe' + EXE);
  if (ffmpeg.includes('/') || ffmpeg.includes('\\')) {
    if (existsSync(beside) && toolVersion(beside)) return beside;
  }
  return onPath('ffprobe', env);
}

const cache = new Map<string, FfmpegTools>();

/** The tools for this environment; memoised per FFMPEG_PATH/FFPROBE_PATH/PATH since each check spawns. */
export function ffmpegTools(env: Env = process.env): FfmpegTools {
  const key = [env.FFMPEG_PATH, env.FFPROBE_PATH, env.PATH].join('\0');
  let tools = cache.get(key);
  if (!tools) {
    const ffmpeg = locateFfmpeg(env);
    tools = { ffmpeg, ffprobe: locateFfprobe(ffmpeg, env), ffmpegVersion: toolVersion(ffmpeg) ?? 'unknown' };
    cache.set(key, tools);
  }
  return tools;
}
