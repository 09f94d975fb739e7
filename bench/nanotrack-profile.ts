/**
 * NanoTrack V2/V3 on the nine development sequences with onnxruntime-node at 1 and 2 intra-op
 * threads: success AUC, P@20, fps of track() and its time split (crop / backbone / head / post).
 * Not a test: run by hand,
 *   npx tsx bench/nanotrack-profile.ts [--versions v2,v3] [--threads 1,2] [--seq David,Girl] [--frames N] [--engine node|web]
 * (--engine web: onnxruntime-web's WASM backend in Node, the browser worker's runtime)
 * Each sequence is decoded once (ffmpeg) and held in memory, so decoding is not timed.
 * ms/frame is wall time of track(); cpu is the process's CPU time per track() (all threads),
 * steadier than wall time on a shared machine, but it also counts a second ORT thread's spinning.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseBox, type Box } from '../common/box';
import { TRACKING_PIXEL_FORMAT, type Frame } from '../common/frame';
import { scoreSequence } from '../common/metrics';
import { MODELS, type LoadedModels, type ModelId } from '../models/manifest';
import { nodeEngine } from '../main/ort-node';
import type { InferenceEngine } from '../workers/core/engine';
import { webEngine, type WebOrtModule } from '../workers/ort-web';
import { streamFrames } from '../main/video/frames';
import { probeVideo } from '../main/video/probe';
import { createNanoTracker, type NanoTracker, type NanoTrackVersion } from '../workers/trackers/nanotrack';
import { arg } from './script-args';

const SHARED = resolve(import.meta.dirname, '..', '..', 'shared');
const ALL = ['Couple', 'Crossing', 'David', 'Deer', 'FaceOcc1', 'Girl', 'MotorRolling', 'Surfing06', 'bag'];
const STAGES = ['cropMs', 'backboneMs', 'headMs', 'postMs'] as const;

function models(id: ModelId): LoadedModels {
  const files = Object.entries(MODELS[id].files).map(([role, f]) => [role, new Uint8Array(readFileSync(join(SHARED, 'models', f.path)))]);
  return { [id]: Object.fromEntries(files) };
}

async function loadSequence(name: string, count?: number): Promise<{ frames: Frame[]; gt: Box[] }> {
  const dir = join(SHARED, 'sequences', name);
  const gt = readFileSync(join(dir, 'groundtruth.txt'), 'utf8').trim().split('\n').map((l) => parseBox(l) as Box);
  const frames: Frame[] = [];
  for await (const f of streamFrames(await probeVideo(join(dir, 'video.mp4')), { count, pixelFormat: TRACKING_PIXEL_FORMAT })) frames.push(f);
  return { frames, gt };
}

interface Run {
  auc: number;
  p20: number;
  trackMs: number;
  cpuMs: number;
  stages: Record<(typeof STAGES)[number], number>;
}

async function runSequence(tracker: NanoTracker, frames: Frame[], gt: Box[]): Promise<Run> {
  const boxes: Box[] = [gt[0]];
  await tracker.init(frames[0], gt[0]);
  const stages = { cropMs: 0, backboneMs: 0, headMs: 0, postMs: 0 };
  let trackMs = 0;
  let cpuUs = 0;
  for (const frame of frames.slice(1)) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    boxes.push((await tracker.track(frame)).box);
    trackMs += performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpuUs += c.user + c.system;
    for (const s of STAGES) stages[s] += tracker.lastTimes[s];
  }
  const n = frames.length - 1;
  for (const s of STAGES) stages[s] /= n;
  const { auc, p20 } = scoreSequence(boxes, gt);
  return { auc, p20, trackMs: trackMs / n, cpuMs: cpuUs / 1000 / n, stages };
}

const f2 = (v: number) => v.toFixed(2).padStart(6);
const f3 = (v: number) => v.toFixed(3).padStart(6);

async function main(): Promise<void> {
  const versions = arg('versions', 'v2,v3').split(',') as NanoTrackVersion[];
  const threads = arg('threads', '1,2').split(',').map(Number);
  const seqs = arg('seq', ALL.join(',')).split(',');
  const count = process.argv.includes('--frames') ? Number(arg('frames', '0')) : undefined;
  const clock = () => performance.now();
  const web = arg('engine', 'node') === 'web' ? ((await import('onnxruntime-web')) as unknown as WebOrtModule) : null;
  // ort.env.wasm is global and fixed once WASM starts: one thread count per process.
  if (web && threads.length > 1) throw new Error('--engine web takes a single --threads value per run');
  const engine = (t: number): InferenceEngine => (web ? webEngine(web, { numThreads: t }) : nodeEngine(t));
  const configs: { label: string; tracker: NanoTracker; runs: Run[] }[] = [];
  for (const version of versions) {
    for (const t of threads) {
      const tracker = await createNanoTracker({ engine: engine(t), models: models(version === 'v2' ? 'nanotrackv2' : 'nanotrackv3'), config: { version } }, { clock });
      configs.push({ label: `${version}${web ? 'web' : ''} x${t}`, tracker, runs: [] });
    }
  }
  console.log('sequence      config    AUC    P@20  ms/frame  fps    cpu   crop  backbone  head   post');
  for (const name of seqs) {
    const { frames, gt } = await loadSequence(name, count);
    for (const c of configs) {
      const r = await runSequence(c.tracker, frames, gt);
      c.runs.push(r);
      console.log(`${name.padEnd(13)} ${c.label.padEnd(7)} ${f3(r.auc)} ${f3(r.p20)} ${f2(r.trackMs)} ${(1000 / r.trackMs).toFixed(0).padStart(6)} ${f2(r.cpuMs)} ${STAGES.map((s) => f2(r.stages[s])).join(' ')}`);
    }
  }
  console.log('\nmean over sequences (per-sequence means averaged)');
  for (const c of configs) {
    const mean = (f: (r: Run) => number) => c.runs.reduce((a, r) => a + f(r), 0) / c.runs.length;
    const ms = mean((r) => r.trackMs);
    console.log(`${'ALL'.padEnd(13)} ${c.label.padEnd(7)} ${f3(mean((r) => r.auc))} ${f3(mean((r) => r.p20))} ${f2(ms)} ${(1000 / ms).toFixed(0).padStart(6)} ${f2(mean((r) => r.cpuMs))} ${STAGES.map((s) => f2(mean((r) => r.stages[s]))).join(' ')}`);
    await c.tracker.dispose();
  }
}

await main();
