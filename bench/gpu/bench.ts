/**
 * NanoTrackV2 networks on WebGPU (Dawn for Node, the `webgpu` npm package, where it can be loaded)
 * and on WASM, both through onnxruntime-web and workers/backend.ts, then tracking fps on two
 * shared sequences with the backend chooseBackend picks (and with WASM for comparison).
 * Run by bench/gpu/run.sh (which finds node, Dawn and libvulkan); see bench/gpu/README.md.
 *   node bench.mjs [--frames N] [--timed N] [--seq David,Surfing06] [--shared DIR]
 *                  [--eval all|A,B] [--eval-trackers nanotrack,fusion] [--cross-check nanotrack] [--json out.json]
 *   node bench.mjs --diagnose default|custom      (why WebGPU sessions fail on an adapter: diagnose.ts)
 * `--eval` scores whole sequences through the video service on WebGPU (and on WASM for the trackers
 * in --cross-check, comparing the two backends' boxes frame by frame): see eval.ts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ortWasm from 'onnxruntime-web/wasm';
import * as ort from 'onnxruntime-web/webgpu';
import { chooseBackend, describeAdapter, isSoftwareAdapter, timeFrames, type BackendOrtModule } from '../../workers/backend';
import { TRACKING_PIXEL_FORMAT, type Frame } from '../../common/frame';
import type { InferenceEngine } from '../../workers/core/engine';
import { createNanoTracker } from '../../workers/trackers/nanotrack';
import { loadDawn } from './dawn';
import { diagnoseWebGpu } from './diagnose';
import { evaluateBackends, meansByRun, sequenceDirs } from './eval';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const FRAMES = Number(arg('frames', '150'));
const TIMED = Number(arg('timed', '20'));
const SEQS = arg('seq', 'David,Surfing06').split(',');
const SHARED = resolve(arg('shared', process.env.SHARED_DIR ?? join(process.cwd(), '..', 'shared')));
const ORT_DIST = process.env.ORT_DIST; // folder with ort-wasm-simd-threaded.wasm and its .asyncify.wasm
const DAWN = process.env.DAWN_MODULE; // path to the webgpu package's dawn.node
const EVAL = arg('eval', '');
const EVAL_TRACKERS = arg('eval-trackers', 'nanotrack,fusion').split(',');
const CROSS_CHECK = arg('cross-check', 'nanotrack').split(',');
const JSON_OUT = arg('json', '');
const DIAGNOSE = arg('diagnose', '');
/** Everything printed, for --json. */
const report: Record<string, unknown> = {};

async function decode(name: string, count: number): Promise<{ frames: Frame[]; first: number[] }> {
  const dir = join(SHARED, 'sequences', name);
  const first = readFileSync(join(dir, 'groundtruth.txt'), 'utf8').split('\n')[0].split(',').map(Number);
  const { openVideo } = await import('../../main/video');
  const video = await openVideo(join(dir, 'video.mp4'));
  const frames: Frame[] = [];
  try {
    for await (const f of video.frames({ count, pixelFormat: TRACKING_PIXEL_FORMAT })) frames.push(f);
  } finally {
    await video.close();
  }
  return { frames, first };
}

async function trackFps(engine: InferenceEngine, m: { backbone: Uint8Array; head: Uint8Array }, seq: { frames: Frame[]; first: number[] }): Promise<number> {
  const tracker = await createNanoTracker({ engine, models: { nanotrackv2: m } });
  const [x, y, w, h] = seq.first;
  await tracker.init(seq.frames[0], { x, y, w, h });
  await tracker.track(seq.frames[1]); // warm-up
  const t0 = performance.now();
  for (let i = 2; i < seq.frames.length; i++) await tracker.track(seq.frames[i]);
  const fps = (seq.frames.length - 2) / ((performance.now() - t0) / 1000);
  await tracker.dispose();
  return fps;
}

async function main(): Promise<void> {
  const started = performance.now();
  // Two builds, as in the app's worker: WASM on the plain one (the WebGPU build's asyncify runtime ran
  // NanoTrack's CPU kernels at 100-150 ms/frame here against 17-20 ms), WebGPU on the asyncify one.
  // Node cannot fetch() the .wasm beside a bundle: hand ORT the bytes (the loader .mjs is in the bundle).
  const dist = ORT_DIST ?? join(process.cwd(), 'node_modules', 'onnxruntime-web', 'dist');
  const withBinary = (m: unknown, file: string) => {
    const b = m as BackendOrtModule;
    (b.env.wasm as { wasmBinary?: ArrayBufferLike }).wasmBinary = new Uint8Array(readFileSync(join(dist, file))).buffer;
    return b;
  };
  const plain = withBinary(ortWasm, 'ort-wasm-simd-threaded.wasm');
  const o = withBinary(ort, 'ort-wasm-simd-threaded.asyncify.wasm');
  const models = {
    backbone: new Uint8Array(readFileSync(join(SHARED, 'models', 'nanotrackv2', 'nanotrack_backbone_dyn.onnx'))),
    head: new Uint8Array(readFileSync(join(SHARED, 'models', 'nanotrackv2', 'nanotrack_head_sim.onnx'))),
  };
  const dawn = loadDawn(DAWN);
  console.log(`node ${process.version}; ${dawn.why}`);
  const now = () => performance.now();
  const adapter = dawn.gpu ? await dawn.gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null) : null;
  report.node = process.version;
  report.adapter = adapter ? { name: describeAdapter(adapter), software: isSoftwareAdapter(adapter) } : null;
  console.log(`adapter: ${adapter ? `${describeAdapter(adapter) || 'unnamed'}${isSoftwareAdapter(adapter) ? ' (SOFTWARE: not a GPU)' : ''}` : 'none'}`);

  if (DIAGNOSE) {
    if (!adapter || !dawn.gpu) throw new Error('--diagnose needs a WebGPU adapter');
    const ok = await diagnoseWebGpu(o, dawn.gpu, models.backbone, DIAGNOSE);
    process.exit(ok ? 0 : 3);
  }
  // One WASM thread: the bundled loader cannot start its pthread workers in Node (it fetch()es itself).
  const common = { ort: plain, webgpuOrt: o, ...models, gpu: dawn.gpu, crossOriginIsolated: false, timedFrames: 5 };
  const choice = await chooseBackend(common);
  console.log(`chooseBackend: ${choice.backend} — ${choice.reason}`);
  report.choice = { backend: choice.backend, reason: choice.reason, msPerFrame: choice.msPerFrame };
  const wasm = await chooseBackend({ ...common, force: 'wasm' });
  const wasmMs = await timeFrames(wasm.engine, models.backbone, models.head, TIMED, now);
  console.log(`networks (backbone 255 + head) WASM x${wasm.numThreads}: ${wasmMs.toFixed(2)} ms/frame`);
  const networksMs: Record<string, number> = { wasm: wasmMs };
  report.networksMs = networksMs;
  let gpuEngine: InferenceEngine | null = null;
  if (adapter) {
    try {
      const gpu = await chooseBackend({ ...common, force: 'webgpu' });
      const gpuMs = await timeFrames(gpu.engine, models.backbone, models.head, TIMED, now);
      console.log(`networks (backbone 255 + head) WebGPU: ${gpuMs.toFixed(2)} ms/frame${isSoftwareAdapter(adapter) ? ' (software adapter)' : ''}`);
      networksMs.webgpu = gpuMs;
      gpuEngine = gpu.engine;
    } catch (e) {
      console.log(`WebGPU failed: ${(e as Error).message}`);
    }
  } else console.log('networks WebGPU: not timed (no adapter)');

  const trackingLines: string[] = [];
  report.tracking = trackingLines;
  for (const name of SEQS) {
    if (!existsSync(join(SHARED, 'sequences', name, 'video.mp4'))) {
      console.log(`${name}: not found under ${SHARED}/sequences; tracking not timed`);
      continue;
    }
    let seq;
    try {
      seq = await decode(name, FRAMES);
    } catch (e) {
      console.log(`${name}: cannot decode (${(e as Error).message.split('\n')[0]}); tracking not timed`);
      continue;
    }
    const line = [`${name} ${seq.frames[0].width}x${seq.frames[0].height}, ${seq.frames.length} frames: WASM ${(await trackFps(wasm.engine, models, seq)).toFixed(1)} fps`];
    if (gpuEngine) line.push(`WebGPU ${(await trackFps(gpuEngine, models, seq)).toFixed(1)} fps`);
    console.log(line.join(', '));
    trackingLines.push(line.join(', '));
  }

  if (EVAL) {
    const engines = [...(gpuEngine ? [{ name: 'WebGPU', engine: gpuEngine }] : []), { name: `WASM x${wasm.numThreads}`, engine: wasm.engine }];
    console.log(`eval on ${engines.map((e) => e.name).join(' and ')} (${CROSS_CHECK.join(', ')} on both):`);
    const dirs = sequenceDirs(join(SHARED, 'sequences'), EVAL === 'all' ? 'all' : EVAL.split(','));
    const { runs, agreements } = await evaluateBackends({
      engines, trackers: EVAL_TRACKERS, crossCheck: CROSS_CHECK, sequenceDirs: dirs, modelsDir: join(SHARED, 'models'),
      log: (l) => console.log(l),
    });
    const means = meansByRun(runs);
    for (const m of means) {
      console.log(`mean ${m.tracker} on ${m.backend} (${m.sequences} sequences): AUC ${m.auc.toFixed(3)}, P@20 ${m.p20.toFixed(3)}, track ${m.fps.toFixed(1)} fps, e2e ${m.e2eFps.toFixed(1)} fps`);
    }
    Object.assign(report, { eval: { runs, agreements, means } });
  }
  if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(report, null, 2));
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
