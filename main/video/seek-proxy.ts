/**
 * Seek proxies: a lossless, short-GOP copy of a long-GOP video, so that a random seek decodes a
 * the frames it delivers instead of everything since the last keyframe (a phone clip or an x264 default
 * encode can hold 250 frames, or the whole clip, in one GOP: ~0.45 s per seek at 720p here).
 *
 * - Built once per file in the background, at the lowest CPU priority, into a cache folder (the
 *   app's data folder; the CLI never builds one). Keyed by path, size and mtime; least recently
 *   used proxies are evicted beyond a byte budget.
 * - Lossless (x264 at qp 0, else FFV1) from the decoder's own frames (rotation applied), and only
 *   used after proof: every frame of the proxy, decoded to RGBA as streamFrames decodes it, must
 *   hash equal to the same frame of the original. A proxy that cannot prove it is discarded.
 * - Frame times stay the original's; the proxy only changes where decoding starts.
 * - The proxy's probe is saved beside it (`<key>.json`): ffprobe reads the whole proxy (0.4-0.6 s for
 *   Surfing06's 26 MB here), and until a reopened video has adopted its proxy, seeks decode from the
 *   original's keyframes (~0.6 s for a frame deep in Surfing06).
 */
import { type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { setPriority, constants as osConstants } from 'node:os';
import { join, resolve } from 'node:path';
import type { FfmpegTools } from './ffmpeg-path';
import { probeVideo } from './probe';
import { spawnTracked, stopChild, waitForExit } from './process';
import type { VideoInfo } from './types';

/**
 * Keyframe interval of the proxy: every frame (all-intra), so a seek decodes only the frames it
 * delivers. Measured on Surfing06 (720p): 7% larger than a 12-frame GOP, decoded as fast.
 */
export const PROXY_GOP = 1;
/** A proxy is worth building when some frame lies further than this after its keyframe. */
export const DEFAULT_MIN_GAP = 48;
/** Default disk budget of the proxy folder. */
export const DEFAULT_BUDGET_BYTES = 4 * 1024 ** 3;
/**
 * Surfing06 (720p camera footage) measured 0.27 byte/pixel all-intra. Videos estimated above half
 * the budget are skipped; a noisier one that outgrows it is stopped (`-fs`) and discarded.
 */
const BYTES_PER_PIXEL_ESTIMATE = 0.3;
/** Bump when the proxy recipe changes, so old cache files are never taken for new ones. */
const RECIPE_VERSION = 2;

export interface SeekProxyOptions {
  /** Cache folder (created if missing). */
  dir: string;
  tools: FfmpegTools;
  /** Build only when some frame is more than this many frames after its keyframe. */
  minGap?: number;
  budgetBytes?: number;
  signal?: AbortSignal;
  /** Told about every ffmpeg child (the video source waits for them on close). */
  onSpawn?: (child: ChildProcess) => void;
}

/** Frames decoded to reach frame `index` from the keyframe at or before it (index + 1 without a seek index). */
export function decodeRunTo(info: VideoInfo, index: number): number {
  if (info.stream.ptsS.length !== info.frameCount) return index + 1;
  let key = 0;
  for (const k of info.stream.keyframes) if (k.frame <= index) key = k.frame;
  return index - key + 1;
}

/** The longest decode run any seek into this video can need. */
export function longestDecodeRun(info: VideoInfo): number {
  if (info.stream.ptsS.length !== info.frameCount) return info.frameCount;
  const starts = info.stream.keyframes.map((k) => k.frame).filter((f) => f > 0);
  let longest = 0;
  let from = 0;
  for (const s of [...starts, info.frameCount]) {
    longest = Math.max(longest, s - from);
    from = s;
  }
  return longest;
}

/**
 * The proxy for `info` as a VideoInfo to stream from (cached or built now), or null when the
 * video does not need one, it would not fit the budget, or no lossless proxy could be proven equal.
 * Rejects only with an AbortError (signal).
 */
export async function prepareSeekProxy(info: VideoInfo, opts: SeekProxyOptions): Promise<VideoInfo | null> {
  if (info.stream.ptsS.length !== info.frameCount || longestDecodeRun(info) <= (opts.minGap ?? DEFAULT_MIN_GAP)) return null;
  const budget = opts.budgetBytes ?? DEFAULT_BUDGET_BYTES;
  const maxBytes = Math.floor(budget / 2);
  if (info.frameCount * info.width * info.height * BYTES_PER_PIXEL_ESTIMATE > maxBytes) return null;
  await mkdir(opts.dir, { recursive: true });
  const file = join(opts.dir, `${await cacheKey(info)}.mkv`);

  const cached = await usableProxy(info, file, opts.tools);
  if (cached) {
    const now = new Date();
    await utimes(file, now, now).catch(() => undefined); // recently used: evicted last
    return cached;
  }
  await removeProxy(file);
  await removeStaleParts(opts.dir);
  for (const codec of [X264_LOSSLESS, FFV1]) {
    opts.signal?.throwIfAborted();
    const part = join(opts.dir, `${randomUUID()}.part`);
    try {
      const outcome = await buildAndProve(info, part, codec, maxBytes, opts);
      if (outcome === 'too big') return null; // FFV1 is larger still
      if (outcome === 'failed') continue;
      await rename(part, file);
      const built = await usableProxy(info, file, opts.tools);
      if (!built) {
        await removeProxy(file); // proven but unreadable as a proxy: not worth its disk
        continue;
      }
      await evict(opts.dir, budget, file);
      return built;
    } finally {
      await rm(part, { force: true });
    }
  }
  return null;
}

/** The proxy's format is ours (Matroska, one video stream, codec private data): no need to probe it. */
const PROXY_OPEN_ARGS = ['-probesize', '32', '-analyzeduration', '0'];
const X264_LOSSLESS = ['-c:v', 'libx264', '-qp', '0', '-preset', 'ultrafast', '-g', String(PROXY_GOP), '-bf', '0'];
const FFV1 = ['-c:v', 'ffv1', '-level', '3', '-g', String(PROXY_GOP), '-slices', '4'];
/** An ffmpeg colour-space name per matrix (any BT.601 name gives the same conversion). */
const COLOUR_SPACE_TAG: Record<VideoInfo['colourMatrix'], string> = { bt601: 'smpte170m', bt709: 'bt709', bt2020: 'bt2020nc' };

async function cacheKey(info: VideoInfo): Promise<string> {
  const s = await stat(info.path);
  const id = JSON.stringify({ v: RECIPE_VERSION, path: resolve(info.path), size: s.size, mtimeMs: s.mtimeMs, stream: info.stream.index });
  return createHash('sha256').update(id).digest('hex').slice(0, 32);
}

/** The cached proxy when it exists and matches the video's frame count, size and a short GOP. */
async function usableProxy(info: VideoInfo, file: string, tools: FfmpegTools): Promise<VideoInfo | null> {
  const size = (await stat(file).catch(() => null))?.size;
  if (size === undefined) return null;
  const saved = await readSidecar(file, size);
  if (saved && fitsAsProxy(info, saved)) return asProxy(info, saved);
  let proxy: VideoInfo;
  try {
    proxy = await probeVideo(file, { tools, timeoutMs: 60_000 });
  } catch {
    return null;
  }
  if (!fitsAsProxy(info, proxy)) return null;
  await writeFile(sidecarOf(file), JSON.stringify({ size, info: proxy } satisfies Sidecar)).catch(() => undefined);
  return asProxy(info, proxy);
}

interface Sidecar {
  /** The proxy's size when it was probed: a different file (rebuilt, damaged) is probed again. */
  size: number;
  info: VideoInfo;
}

const sidecarOf = (file: string) => file.replace(/\.mkv$/, '.json');

async function readSidecar(file: string, size: number): Promise<VideoInfo | null> {
  try {
    const saved = JSON.parse(await readFile(sidecarOf(file), 'utf8')) as Sidecar;
    return saved.size === size && saved.info ? { ...saved.info, path: file } : null;
  } catch {
    return null;
  }
}

function fitsAsProxy(info: VideoInfo, proxy: VideoInfo): boolean {
  try {
    return proxy.frameCount === info.frameCount && proxy.width === info.width && proxy.height === info.height
      && proxy.rotation === 0 && longestDecodeRun(proxy) <= PROXY_GOP;
  } catch {
    return false; // a sidecar that is not a VideoInfo after all
  }
}

/** Stream from the proxy, but keep the original's clock. */
function asProxy(info: VideoInfo, proxy: VideoInfo): VideoInfo {
  return {
    ...proxy, frameTimesS: info.frameTimesS, fps: info.fps, durationS: info.durationS, codec: info.codec,
    stream: { ...proxy.stream, openArgs: PROXY_OPEN_ARGS },
  };
}

async function removeProxy(file: string): Promise<void> {
  await Promise.all([rm(file, { force: true }), rm(sidecarOf(file), { force: true })]);
}

/** Encode the proxy (at most maxBytes) while hashing the original's RGBA frames; then hash the proxy's. Equal lists: proven. */
async function buildAndProve(info: VideoInfo, part: string, codec: string[], maxBytes: number, opts: SeekProxyOptions): Promise<'proven' | 'failed' | 'too big'> {
  const quiet = ['-hide_banner', '-nostdin', '-loglevel', 'error'];
  const map = ['-map', `0:${info.stream.index}`, '-an', '-sn', '-dn', '-vsync', 'passthrough'];
  const hashOut = ['-pix_fmt', 'rgba', '-f', 'framehash', '-hash', 'murmur3', 'pipe:1'];
  // Tag the proxy with the original's matrix: the 2018 static ffmpeg drops the tag, and its RGB of
  // a BT.709 video's proxy then differs (BT.601), so no proxy passed the proof.
  const tag = ['-colorspace', COLOUR_SPACE_TAG[info.colourMatrix]];
  const original = await runHashing(opts.tools.ffmpeg, [...quiet, '-i', info.path, ...map, ...codec, ...tag, '-fs', String(maxBytes), '-f', 'matroska', part, ...map, ...hashOut], opts);
  // `-fs` ends the proxy's output near the limit (Matroska flushes 5 MB clusters; the hashes may run
  // on), so a large build stops early; either way a proxy that big is not wanted.
  const written = (await stat(part).catch(() => null))?.size ?? 0;
  if (written >= maxBytes * 0.98) return 'too big';
  if (original === null || original.length !== info.frameCount) return 'failed';
  // Read back as streamFrames will read it (PROXY_OPEN_ARGS included), so the proof covers that too.
  const proxy = await runHashing(opts.tools.ffmpeg, [...quiet, ...PROXY_OPEN_ARGS, '-i', part, ...map, ...hashOut], opts);
  return proxy !== null && proxy.length === original.length && proxy.every((h, i) => h === original[i]) ? 'proven' : 'failed';
}

/** Run ffmpeg at the lowest priority; the frame hashes it prints, or null when it fails. */
async function runHashing(ffmpeg: string, args: string[], opts: SeekProxyOptions): Promise<string[] | null> {
  opts.signal?.throwIfAborted();
  const child = spawnTracked(ffmpeg, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  opts.onSpawn?.(child);
  try {
    // Tracking and display come first: the proxy only speeds up later seeks.
    if (child.pid !== undefined) setPriority(child.pid, osConstants.priority.PRIORITY_LOW);
  } catch { /* not permitted: run at normal priority */ }
  const kill = () => child.kill('SIGKILL');
  opts.signal?.addEventListener('abort', kill, { once: true });
  let text = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => { text += d; });
  child.once('error', () => undefined); // a missing binary shows as a failed run
  try {
    const closed = new Promise<void>((done) => child.stdout!.once('close', done));
    const code = await waitForExit(child);
    await closed;
    opts.signal?.throwIfAborted();
    if (code !== 0) return null;
    // framehash lines: stream, dts, pts, duration, size, hash
    return text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.slice(l.lastIndexOf(',') + 1).trim());
  } finally {
    opts.signal?.removeEventListener('abort', kill);
    await stopChild(child);
  }
}

/** Leftovers of builds killed with the app (an hour is far longer than any build's last write). */
async function removeStaleParts(dir: string): Promise<void> {
  const hourAgo = Date.now() - 3600_000;
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.part')) continue;
    const s = await stat(join(dir, name)).catch(() => null);
    if (s && s.mtimeMs < hourAgo) await rm(join(dir, name), { force: true });
  }
}

/** Delete least recently used proxies (never `keep`) until the folder fits the budget. */
async function evict(dir: string, budget: number, keep: string): Promise<void> {
  const files = [];
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.mkv')) continue;
    const s = await stat(join(dir, name)).catch(() => null);
    if (s) files.push({ path: join(dir, name), size: s.size, used: s.mtimeMs });
  }
  let total = files.reduce((sum, f) => sum + f.size, 0);
  for (const f of files.sort((a, b) => a.used - b.used)) {
    if (total <= budget) break;
    if (f.path === keep) continue;
    await removeProxy(f.path);
    total -= f.size;
  }
}
