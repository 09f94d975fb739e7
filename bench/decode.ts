/**
 * Decode throughput of the video service (streamFrames: RGBA frames into this process) against
 * plain `ffmpeg -i FILE -f rawvideo -pix_fmt rgba -` written to /dev/null: same binary, same file,
 * runs interleaved, median of --runs (default 5). Target: service/baseline >= 0.9. The baseline's
 * output costs nothing (/dev/null); the service's crosses a socket or pipe into this process, so on
 * a busy machine, where CPU time is wall time, the ratio is bounded by ffmpeg CPU / (ffmpeg CPU +
 * transfer CPU); the "service CPU" figure shows that transfer cost. The "| cat" column is the
 * cheapest consumer there is (ffmpeg piped into cat, which throws the bytes away): the ceiling of
 * any design that brings the decoded RGBA into another process on this machine. `--pix-fmt i420`
 * measures the layout the app, the CLI and the evaluation decode to (yuv420p, 2.7x fewer bytes),
 * against plain ffmpeg writing yuv420p. The service is timed twice: with a new buffer per frame (what
 * the app's frame transport gets, since it hands frames on) and with `reuseBuffers` (what the tracking
 * loop, the CLI and the evaluation get: a frame's buffer refilled once the next is asked for). Run by hand:
 *   npx tsx bench/decode.ts [--runs N] [--seq Surfing06,David] [--pix-fmt rgba|i420] [--ffmpeg /path/to/ffmpeg]
 */
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { frameByteLength, PIXEL_FORMATS, type PixelFormat } from '../common/frame';
import { ffmpegTools } from '../main/video/ffmpeg-path';
import { FFMPEG_PIX_FMT, streamFrames } from '../main/video/frames';
import { plainDecodeArgs } from './decode-fps';
import { probeVideo } from '../main/video/probe';
import { arg } from './script-args';

const SEQUENCES = resolve(import.meta.dirname, '..', '..', 'shared', 'sequences');

const pixelFormat = arg('pix-fmt', 'rgba') as PixelFormat;
if (!PIXEL_FORMATS.includes(pixelFormat)) throw new Error(`--pix-fmt is one of ${PIXEL_FORMATS.join(', ')}, not ${pixelFormat}`);
const ffmpegPixFmt = FFMPEG_PIX_FMT[pixelFormat];
const plainArgs = (path: string) => plainDecodeArgs(path, ffmpegPixFmt);

/** Plain ffmpeg to /dev/null, or (throughCat) piped into `cat > /dev/null`. */
function baselineSeconds(ffmpeg: string, path: string, throughCat = false): Promise<number> {
  const devNull = openSync('/dev/null', 'w');
  const t0 = performance.now();
  const child = throughCat
    ? spawn('sh', ['-c', 'exec "$0" "$@" | cat', ffmpeg, ...plainArgs(path)], { stdio: ['ignore', devNull, 'inherit'] })
    : spawn(ffmpeg, plainArgs(path), { stdio: ['ignore', devNull, 'inherit'] });
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('exit', (code) => {
      closeSync(devNull);
      if (code === 0) done((performance.now() - t0) / 1000);
      else fail(new Error(`ffmpeg exited ${code}`));
    });
  });
}

/** This process's CPU (user + system) inside the service runs, without and with reused buffers. */
const serviceCpuMs = [0, 0];

async function serviceSeconds(ffmpeg: string, info: Awaited<ReturnType<typeof probeVideo>>, reuseBuffers = false): Promise<number> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let n = 0;
  for await (const f of streamFrames(info, { ffmpeg, pixelFormat, reuseBuffers })) n += f.data.length > 0 ? 1 : 0;
  if (n !== info.frameCount) throw new Error(`service decoded ${n} of ${info.frameCount} frames`);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  serviceCpuMs[reuseBuffers ? 1 : 0] += (cpu.user + cpu.system) / 1000;
  return seconds;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const runs = Number(arg('runs', '5'));
const tools = arg('ffmpeg', '') ? { ...ffmpegTools(), ffmpeg: arg('ffmpeg', '') } : ffmpegTools();
console.log(`ffmpeg: ${tools.ffmpeg}\n${tools.ffmpegVersion}\npixel format: ${pixelFormat} (${ffmpegPixFmt}); runs: ${runs} each, interleaved; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const seq of arg('seq', 'Surfing06,David').split(',')) {
  const path = join(SEQUENCES, seq, 'video.mp4');
  const p0 = performance.now();
  const info = await probeVideo(path, { tools });
  const probeMs = performance.now() - p0;
  await serviceSeconds(tools.ffmpeg, info); // warm the page cache and the binary
  const base: number[] = [];
  const cat: number[] = [];
  const service: number[] = [];
  const reused: number[] = [];
  serviceCpuMs.fill(0);
  for (let r = 0; r < runs; r++) {
    base.push(await baselineSeconds(tools.ffmpeg, path));
    service.push(await serviceSeconds(tools.ffmpeg, info));
    reused.push(await serviceSeconds(tools.ffmpeg, info, true));
    cat.push(await baselineSeconds(tools.ffmpeg, path, true));
  }
  const fps = (seconds: number[]) => info.frameCount / median(seconds);
  const baseFps = fps(base);
  const ratio = (seconds: number[]) => (fps(seconds) / baseFps).toFixed(3);
  const best = (seconds: number[]) => (Math.min(...base) / Math.min(...seconds)).toFixed(3);
  const mib = (info.frameCount * frameByteLength(pixelFormat, info.width, info.height)) / 2 ** 20;
  console.log(`${seq} ${info.width}x${info.height} ${info.frameCount} frames, ${mib.toFixed(0)} MiB (probe ${probeMs.toFixed(0)} ms): `
    + `ffmpeg->/dev/null ${baseFps.toFixed(1)} fps; `
    + `service ${fps(service).toFixed(1)} fps, ratio ${ratio(service)} (best runs ${best(service)}, ${(serviceCpuMs[0] / runs).toFixed(0)} CPU-ms/run here); `
    + `reused buffers ${fps(reused).toFixed(1)} fps, ratio ${ratio(reused)} (best runs ${best(reused)}, ${(serviceCpuMs[1] / runs).toFixed(0)} CPU-ms/run); `
    + `ffmpeg | cat ${fps(cat).toFixed(1)} fps, ratio ${ratio(cat)} (ceiling for any consumer)`);
}
