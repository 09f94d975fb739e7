/**
 * Long-video benchmark (not a unit test): an hour of 720p, generated outside the repository, then
 *   1. open it (probe: every packet of the hour is indexed),
 *   2. track a long stretch from the middle (default tracker, trackVideo + createNodeTracker),
 *   3. --seeks random frameAt() over the whole hour,
 * sampling this process's RSS, heap and open file descriptors every 250 ms, and checking at the
 * end that no ffmpeg child and no descriptor is left behind. Prints a summary (and --json FILE).
 *
 *   npx tsx bench/long-video.ts [--minutes 60] [--track 3000] [--seeks 1000] [--tracker NAME] [--dir DIR] [--json out.json]
 *
 * The hour is made fast: one minute of testsrc2 720p30 encoded with libx264 ultrafast (-g 60), then
 * the minute concatenated --minutes times by stream copy (a real file of minutes*1800 frames whose
 * picture repeats every minute). It is kept in DIR (default <tmpdir>/siamtrack-long-video) for reruns.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trackVideo } from '../main/eval/run';
import { createNodeTracker } from '../main/trackers/create';
import { liveChildCount, openVideo } from '../main/video';
import { DEFAULT_TRACKER } from '../workers/trackers/registry';
import { seededRandom } from '../test/helpers/random';
import { arg } from './script-args';

const MINUTES = Number(arg('minutes', '60'));
const TRACK_FRAMES = Number(arg('track', '3000'));
const SEEKS = Number(arg('seeks', '1000'));
const DIR = arg('dir', join(tmpdir(), 'siamtrack-long-video'));
const JSON_OUT = arg('json', '');
const TRACKER = arg('tracker', DEFAULT_TRACKER);
const MiB = 1024 * 1024;

// ---------- the clip ----------

function ff(args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Make (or reuse) the long clip; returns its path and how long making it took. */
function longClip(): { path: string; generateS: number; reused: boolean } {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, `testsrc2-720p30-${MINUTES}min.mp4`);
  if (existsSync(path)) return { path, generateS: 0, reused: true };
  const t0 = performance.now();
  const minute = join(DIR, 'minute-720p30.mp4');
  if (!existsSync(minute)) {
    ff(['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-t', '60', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '35',
      '-g', '60', '-pix_fmt', 'yuv420p', minute]);
  }
  const list = join(DIR, 'concat.txt');
  writeFileSync(list, Array.from({ length: MINUTES }, () => `file '${minute}'\n`).join(''));
  const partial = `${path}.part.mp4`;
  ff(['-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', partial]);
  execFileSync('mv', [partial, path]);
  return { path, generateS: (performance.now() - t0) / 1000, reused: false };
}

// ---------- sampling ----------

function openFds(): string[] {
  return readdirSync('/proc/self/fd').map((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      return '(gone)'; // the fd readdir itself used
    }
  });
}

/** Our children that are ffmpeg (or ffprobe), by /proc: the check that does not trust liveChildCount. */
function ffmpegChildren(): number {
  let n = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const m = /^\d+ \((.*)\) \S+ (\d+)/.exec(stat);
      if (m && Number(m[2]) === process.pid && /^ff(mpeg|probe)/.test(m[1])) n++;
    } catch {
      // ended while we looked
    }
  }
  return n;
}

interface Sample { tS: number; phase: string; rssMiB: number; heapMiB: number; arrayBuffersMiB: number; fds: number }
const samples: Sample[] = [];
let phase = 'start';
const t0 = performance.now();
function sample(): void {
  const m = process.memoryUsage();
  samples.push({
    tS: (performance.now() - t0) / 1000, phase, rssMiB: m.rss / MiB, heapMiB: m.heapUsed / MiB,
    arrayBuffersMiB: m.arrayBuffers / MiB, fds: readdirSync('/proc/self/fd').length,
  });
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];


function phaseSummary(name: string): string {
  const s = samples.filter((x) => x.phase === name);
  if (!s.length) return `${name}: no samples`;
  const rss = s.map((x) => x.rssMiB);
  const q = Math.max(1, Math.floor(s.length / 4));
  const mean = (a: number[]) => a.reduce((p, c) => p + c, 0) / a.length;
  return `${name}: RSS min ${Math.min(...rss).toFixed(0)} / max ${Math.max(...rss).toFixed(0)} MiB, ` +
    `first-quarter mean ${mean(rss.slice(0, q)).toFixed(0)} vs last-quarter mean ${mean(rss.slice(-q)).toFixed(0)} MiB, ` +
    `heap max ${Math.max(...s.map((x) => x.heapMiB)).toFixed(0)} MiB, fds ${Math.min(...s.map((x) => x.fds))}..${Math.max(...s.map((x) => x.fds))} (${s.length} samples)`;
}

// ---------- run ----------

async function main(): Promise<void> {
  const clip = longClip();
  const sizeMiB = statSync(clip.path).size / MiB;
  console.log(`clip: ${clip.path} (${sizeMiB.toFixed(0)} MiB) ${clip.reused ? 'reused' : `generated in ${clip.generateS.toFixed(1)} s`}`);

  // Warm up what stays open once per process, not per video: Node's spawn machinery, and
  // onnxruntime-node's files (it keeps /tmp/mat-debug-<pid>.log and a telemetry database open).
  const warm = await openVideo(clip.path, { probeTimeoutMs: 600_000 });
  await warm.frameAt(0);
  await warm.close();
  await (await createNodeTracker(TRACKER)).dispose();
  const fdsBefore = openFds();
  const sampler = setInterval(sample, 250);
  sample();

  phase = 'open';
  const tOpen = performance.now();
  const video = await openVideo(clip.path, { probeTimeoutMs: 600_000 });
  const openS = (performance.now() - tOpen) / 1000;
  const { info } = video;
  console.log(`open: ${info.width}x${info.height}, ${info.frameCount} frames (${(info.durationS / 60).toFixed(1)} min), ${info.stream.keyframes.length} keyframes, probe ${openS.toFixed(1)} s`);

  // Track a long stretch from the middle of the hour.
  phase = 'track';
  const tracker = await createNodeTracker(TRACKER);
  const box = { x: 560, y: 280, w: 160, h: 160 };
  const startFrame = Math.floor(info.frameCount / 2);
  const count = Math.min(TRACK_FRAMES, info.frameCount - startFrame);
  const tTrack = performance.now();
  let rows = 0;
  let lost = 0;
  let trackMs = 0;
  for await (const step of trackVideo(tracker, video, { box, startFrame, count })) {
    rows++;
    trackMs += step.trackMs;
    if (step.row.state === 'lost') lost++;
    if (rows % 500 === 0) console.log(`  tracked ${rows}/${count}, RSS ${(process.memoryUsage().rss / MiB).toFixed(0)} MiB`);
  }
  const trackWallS = (performance.now() - tTrack) / 1000;
  await tracker.dispose();
  console.log(`track: ${rows} frames from ${startFrame} with ${TRACKER} in ${trackWallS.toFixed(1)} s ` +
    `(${(rows / trackWallS).toFixed(1)} fps end to end, ${(rows / (trackMs / 1000)).toFixed(1)} fps tracker alone), ${lost} lost`);

  // Random seeks over the whole hour.
  phase = 'seek';
  const random = seededRandom(20240601);
  const latencies: number[] = [];
  for (let i = 0; i < SEEKS; i++) {
    const index = Math.floor(random() * info.frameCount);
    const s0 = performance.now();
    const frame = await video.frameAt(index);
    latencies.push(performance.now() - s0);
    if (frame.index !== index || frame.data.length !== info.width * info.height * 4) throw new Error(`frameAt(${index}) gave frame ${frame.index}`);
    if ((i + 1) % 200 === 0) console.log(`  seeks ${i + 1}/${SEEKS}, RSS ${(process.memoryUsage().rss / MiB).toFixed(0)} MiB`);
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(`seek: ${SEEKS} random frameAt, p50 ${pct(sorted, 50).toFixed(0)} ms, p95 ${pct(sorted, 95).toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms, mean ${(latencies.reduce((a, b) => a + b, 0) / SEEKS).toFixed(0)} ms`);

  phase = 'closed';
  await video.close();
  sample();
  clearInterval(sampler);
  const fdsAfter = openFds();
  const extra = fdsAfter.filter((f) => !fdsBefore.includes(f) || fdsAfter.filter((g) => g === f).length > fdsBefore.filter((g) => g === f).length);
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;

  console.log('\n=== summary ===');
  console.log(`machine load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  for (const p of ['open', 'track', 'seek']) console.log(phaseSummary(p));
  console.log(`peak RSS (resourceUsage maxRSS): ${maxRssMiB.toFixed(0)} MiB`);
  console.log(`file descriptors: ${fdsBefore.length} before, ${fdsAfter.length} after${extra.length ? ` (new: ${extra.join(', ')})` : ''}`);
  console.log(`ffmpeg children: liveChildCount() ${liveChildCount()}, in /proc ${ffmpegChildren()}`);

  if (JSON_OUT) {
    writeFileSync(JSON_OUT, JSON.stringify({
      clip: { path: clip.path, sizeMiB, generateS: clip.generateS, reused: clip.reused, frames: info.frameCount, width: info.width, height: info.height },
      openS, track: { startFrame, frames: rows, lost, wallS: trackWallS, trackerS: trackMs / 1000 },
      seek: { count: SEEKS, p50Ms: pct(sorted, 50), p95Ms: pct(sorted, 95), maxMs: sorted[sorted.length - 1] },
      maxRssMiB, fdsBefore: fdsBefore.length, fdsAfter: fdsAfter.length, newFds: extra,
      liveChildren: liveChildCount(), ffmpegChildren: ffmpegChildren(), samples,
    }, null, 1));
  }
  const leaked = liveChildCount() !== 0 || ffmpegChildren() !== 0 || fdsAfter.length > fdsBefore.length;
  if (leaked) {
    console.log('LEAK: a child or a file descriptor outlived the video');
    process.exitCode = 1;
  }
}

await main();
