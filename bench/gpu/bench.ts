/**
 * NanoTrackV2 networks on WebGPU (Dawn for Node, the `webgpu` npm package, where it can be loaded)
 * and on WASM, both through onnxruntime-web and workers/backend.ts, then tracking fps on two
 * shared sequences with the backend chooseBackend picks (and with WASM for comparison).
 * Run by bench/gpu/run.sh (which finds node, Dawn and libvulkan); see bench/gpu/README.md.
 *   node bench.mjs [--frames N] [--timed N] [--seq David,Surfing06] [--shared DIR]
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import * as ortWasm from 'onnxruntime-web/wasm';
import * as ort from 'onnxruntime-web/webgpu';
import { chooseBackend, describeAdapter, isSoftwareAdapter, timeFrames, type BackendOrtModule, type GpuLike } from '../../workers/backend';
import { TRACKING_PIXEL_FORMAT, type Frame } from '../../common/frame';
import type { InferenceEngine } from '../../workers/core/engine';
import { createNanoTracker } from '../../workers/trackers/nanotrack';

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

/** Dawn's navigator.gpu, or why there is none. */
function loadDawn(): { gpu: GpuLike | null; why: string } {
  const candidates = [DAWN, 'webgpu'].filter((p): p is string => !!p);
  for (const path of candidates) {
    try {
      const require = createRequire(import.meta.url);
      // The package's index.js only wraps dawn.node; the .node file is what must load (it needs libvulkan.so.1).
      const dawn = require(path.endsWith('.node') ? path : `${path}/dist/${process.platform}-${process.arch}/dawn.node`) as {
        create(flags: string[]): GpuLike;
        globals: Record<string, unknown>;
      };
      Object.assign(globalThis, dawn.globals);
      const gpu = dawn.create([]);
      (globalThis as { navigator?: unknown }).navigator = { gpu, hardwareConcurrency: 4 };
      return { gpu, why: `Dawn from ${path}` };
    } catch (e) {
      if (path === candidates[candidates.length - 1]) return { gpu: null, why: `Dawn not loadable: ${(e as Error).message.split('\n')[0]}` };
    }
  }
  return { gpu: null, why: 'no Dawn' };
}

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
  const dawn = loadDawn();
  console.log(`node ${process.version}; ${dawn.why}`);
  const now = () => performance.now();
  const adapter = dawn.gpu ? await dawn.gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null) : null;
  console.log(`adapter: ${adapter ? `${describeAdapter(adapter) || 'unnamed'}${isSoftwareAdapter(adapter) ? ' (SOFTWARE: not a GPU)' : ''}` : 'none'}`);

  // One WASM thread: the bundled loader cannot start its pthread workers in Node (it fetch()es itself).
  const common = { ort: plain, webgpuOrt: o, ...models, gpu: dawn.gpu, crossOriginIsolated: false, timedFrames: 5 };
  const choice = await chooseBackend(common);
  console.log(`chooseBackend: ${choice.backend} — ${choice.reason}`);
  const wasm = await chooseBackend({ ...common, force: 'wasm' });
  const wasmMs = await timeFrames(wasm.engine, models.backbone, models.head, TIMED, now);
  console.log(`networks (backbone 255 + head) WASM x${wasm.numThreads}: ${wasmMs.toFixed(2)} ms/frame`);
  let gpuEngine: InferenceEngine | null = null;
  if (adapter) {
    try {
      const gpu = await chooseBackend({ ...common, force: 'webgpu' });
      const gpuMs = await timeFrames(gpu.engine, models.backbone, models.head, TIMED, now);
      console.log(`networks (backbone 255 + head) WebGPU: ${gpuMs.toFixed(2)} ms/frame${isSoftwareAdapter(adapter) ? ' (software adapter)' : ''}`);
      gpuEngine = gpu.engine;
    } catch (e) {
      console.log(`WebGPU failed: ${(e as Error).message}`);
    }
  } else console.log('networks WebGPU: not timed (no adapter)');

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
  }
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
