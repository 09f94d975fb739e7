/**
 * Cold random seeks in main, with and without a seek proxy (main/video/seek-proxy.ts), on
 * long-GOP videos: each seek is a fresh FrameReader (as main's is after a jump: no cached block)
 * reading frame N as the app's `video:frame` does (main/ipc.ts: from N - 8 without a proxy, so that
 * steps back hit, from N - 2 with one).
 *
 *   npx tsx bench/seek.ts [--seeks 15] [--sequences Surfing06,David]
 *
 * Besides the shared sequences (each one GOP) it makes a 720p clip with x264's default keyframe
 * interval (250) from Surfing06 played forwards and backwards (212 frames), the case analysts meet
 * with their own encodes. The proxy's build time is reported; seeks run after it is ready.
 * What the renderer adds on top (bridge + paint) is in bench/app-bench.ts ("step back": ~5-10 ms).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrameReader } from '../main/ipc/frame-reader';
import { ffmpegTools, openVideo } from '../main/video';
import { longestDecodeRun } from '../main/video/seek-proxy';
import { seededRandom } from '../test/helpers/random';
import { SEQUENCES_DIR } from '../test/helpers/paths';
import { arg } from './script-args';
import { formatLatency, latencyStats } from './latency';


async function coldSeeks(path: string, proxyDir: string | undefined, targets: number[]): Promise<{ ms: number[]; proxyS: number | null }> {
  const t0 = performance.now();
  const video = await openVideo(path, { seekProxyDir: proxyDir });
  const proxied = await video.seekProxy;
  const proxyS = proxied ? (performance.now() - t0) / 1000 : null;
  const ms: number[] = [];
  for (const target of targets) {
    const reader = new FrameReader((start, signal) => video.frames({ start, signal }), { frameCount: video.info.frameCount, keep: 48, backBlock: proxied ? 2 : 8 });
    const t = performance.now();
    await reader.frame(target);
    ms.push(performance.now() - t);
    await reader.close();
  }
  await video.close();
  return { ms, proxyS };
}

async function main() {
  const seekCount = Number(arg('seeks', '15'));
  const work = mkdtempSync(join(tmpdir(), 'seek-bench-'));
  const tools = ffmpegTools();
  const longGop = join(work, 'surfing-x264-default-gop.mp4');
  const surfing = join(SEQUENCES_DIR, 'Surfing06', 'video.mp4');
  execFileSync(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-i', surfing, '-filter_complex',
    '[0:v]split[a][b];[b]reverse[r];[a][r]concat=n=2:v=1[v]', '-map', '[v]', '-c:v', 'libx264', '-preset', 'veryfast',
    '-pix_fmt', 'yuv420p', longGop]);
  const videos = [...arg('sequences', 'Surfing06,David').split(',').map((s) => join(SEQUENCES_DIR, s, 'video.mp4')), longGop];
  console.log(`ffmpeg: ${tools.ffmpegVersion}`);
  for (const path of videos) {
    const video = await openVideo(path);
    const { frameCount, width, height } = video.info;
    const gop = longestDecodeRun(video.info);
    await video.close();
    const rand = seededRandom(7);
    const targets = Array.from({ length: seekCount }, () => Math.floor(rand() * frameCount));
    const plain = await coldSeeks(path, undefined, targets);
    const proxied = await coldSeeks(path, join(work, 'proxies'), targets);
    console.log(`${path.split('/').slice(-2).join('/')} ${width}x${height}, ${frameCount} frames, longest GOP ${gop}:`);
    console.log(`  original: ${formatLatency(latencyStats(plain.ms))}`);
    console.log(`  proxy:    ${formatLatency(latencyStats(proxied.ms))} (built in ${proxied.proxyS?.toFixed(1) ?? '-'} s; none when GOPs are short)`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
