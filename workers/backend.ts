import type { InferenceEngine, NetSession, TensorData } from './core/engine';
import { webEngine, type WebOrtModule } from './ort-web';

/**
 * Which runtime runs the siamese network in the worker: WebGPU where a real GPU is faster, WASM
 * otherwise. Software adapters (SwiftShader, lavapipe, llvmpipe, Chrome's fallback adapter) are
 * never chosen for speed: they are slower than WASM and would only look like a GPU in the status bar.
 * Uses only web-worker globals (navigator.gpu, crossOriginIsolated, performance), all injectable.
 */
export type BackendName = 'webgpu' | 'wasm';

/** The slice of WebGPU this file touches (kept local: the worker's TS lib may lack WebGPU types). */
export interface GpuAdapterLike {
  readonly info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  /** Older Chromium: the flag lived on the adapter. */
  readonly isFallbackAdapter?: boolean;
}
export interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<GpuAdapterLike | null>;
}

/** onnxruntime-web (a build with WebGPU, e.g. 'onnxruntime-web/webgpu') with its WebGPU settings. */
export interface BackendOrtModule extends WebOrtModule {
  env: WebOrtModule['env'] & { webgpu?: { adapter?: unknown; powerPreference?: string } };
}

export interface ChooseBackendOptions {
  /** The onnxruntime-web build that runs WASM (the plain 'onnxruntime-web/wasm' build is the fastest on CPU). */
  ort: BackendOrtModule;
  /**
   * The build with WebGPU ('onnxruntime-web/webgpu'), or a loader for it, called only when WebGPU is
   * timed or forced (its runtime is large: a WASM-only machine never downloads it). Default: `ort`.
   */
  webgpuOrt?: BackendOrtModule | (() => Promise<BackendOrtModule>);
  /** NanoTrack model bytes (the ones the tracker will load) to time; without them nothing is timed and auto means WASM. */
  backbone?: Uint8Array;
  head?: Uint8Array;
  /** Skip the measurement and use this backend (WebGPU is then used even on a software adapter). */
  force?: BackendName;
  /** Timed frames per backend once warm (default 5; the median counts). */
  timedFrames?: number;
  /** Where the ort-wasm files are served from (see WebEngineOptions.wasmPaths). */
  wasmPaths?: string | Record<string, string>;
  /** WASM threads when cross-origin isolated (default: cores - 1, clamped to 2..4). */
  maxThreads?: number;
  /** Defaults: globalThis.navigator?.gpu, globalThis.crossOriginIsolated, navigator.hardwareConcurrency, performance.now. */
  gpu?: GpuLike | null;
  crossOriginIsolated?: boolean;
  hardwareConcurrency?: number;
  now?: () => number;
}

export interface BackendChoice {
  backend: BackendName;
  /** Short name for the status bar: "WebGPU" or "WASM" with its thread count. */
  label: string;
  /** One line saying why, e.g. "WebGPU (nvidia ampere): WebGPU 4.1 vs WASM 19.3 ms/frame". */
  reason: string;
  /** Median backbone(search) + head time per frame; a backend that was not timed is absent. */
  msPerFrame: { webgpu?: number; wasm?: number };
  /** WASM threads set on ort.env (the same module serves both backends). */
  numThreads: number;
  /** Adapter description, or null where navigator.gpu offered none. */
  adapter: string | null;
  /** The engine to build the tracker with. */
  engine: InferenceEngine;
}

const SOFTWARE = /swiftshader|lavapipe|llvmpipe|software|microsoft basic render/i;

/** "vendor architecture description", or '' where the adapter tells nothing. */
export function describeAdapter(adapter: GpuAdapterLike): string {
  const i = adapter.info ?? {};
  return [i.vendor, i.architecture, i.device, i.description].filter((s) => s).join(' ').trim();
}

/** True for CPU-emulated adapters, which are never faster than WASM. */
export function isSoftwareAdapter(adapter: GpuAdapterLike): boolean {
  return adapter.info?.isFallbackAdapter === true || adapter.isFallbackAdapter === true || SOFTWARE.test(describeAdapter(adapter));
}

/**
 * WASM threads: more than one only where SharedArrayBuffer exists (cross-origin isolated); then
 * cores - 1 (a core left to the decoder and the UI), at most `maxThreads`. On this 2-core box two
 * threads took NanoTrackV2 from 23.7 to 19.3 ms/frame in onnxruntime-web when idle, but in the app,
 * with frames decoded, sent and painted meanwhile, one thread tracked faster (bench/app-bench.ts
 * --seeks 0: Surfing06 720p 19.7-22.6 fps against 15.2-17.6, David 25.5-29.0 against 19.4-21.4).
 */
export function wasmThreads(isolated: boolean, cores: number, maxThreads = 4): number {
  if (!isolated) return 1;
  return Math.max(1, Math.min(maxThreads, cores - 1));
}

/**
 * WebGPU builds of onnxruntime-web whose first WebGPU session failed, with why. After such a failure
 * onnxruntime-web 1.30 refuses every later WebGPU session of that module ("another WebGPU EP
 * inference session is being created", seen on an H200 in Node), so later choices report the first
 * reason instead of timing it again.
 */
const webgpuFailures = new WeakMap<object, string>();

/** The engine, with the first session it fails to create remembered against its module. */
function rememberingFailures(module: object, engine: InferenceEngine): InferenceEngine {
  return {
    ...engine,
    async createSession(model) {
      try {
        return await engine.createSession(model);
      } catch (e) {
        if (!webgpuFailures.has(module)) webgpuFailures.set(module, (e as Error).message);
        throw e;
      }
    },
  };
}

export async function chooseBackend(opts: ChooseBackendOptions): Promise<BackendChoice> {
  const g = globalThis as { navigator?: { gpu?: GpuLike; hardwareConcurrency?: number }; crossOriginIsolated?: boolean };
  const gpu = opts.gpu !== undefined ? opts.gpu : (g.navigator?.gpu ?? null);
  const isolated = opts.crossOriginIsolated ?? g.crossOriginIsolated === true;
  const cores = opts.hardwareConcurrency ?? g.navigator?.hardwareConcurrency ?? 2;
  const numThreads = wasmThreads(isolated, cores, opts.maxThreads);
  const now = opts.now ?? (() => performance.now());
  const engineFor = async (backend: BackendName) => {
    if (backend === 'wasm') return webEngine(opts.ort, { numThreads, wasmPaths: opts.wasmPaths, executionProviders: ['wasm'] });
    const module = await loadGpuOrt();
    return rememberingFailures(module, webEngine(module, { numThreads, wasmPaths: opts.wasmPaths, executionProviders: ['webgpu'] }));
  };
  const threads = `${numThreads} thread${numThreads > 1 ? 's' : ''}${isolated ? '' : ' (not cross-origin isolated)'}`;
  const wasmLabel = `WASM ×${numThreads}`;

  let adapter: GpuAdapterLike | null = null;
  let adapterError = '';
  if (gpu) {
    try {
      adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    } catch (e) {
      adapterError = (e as Error).message;
    }
  }
  const adapterName = adapter ? describeAdapter(adapter) || 'unnamed adapter' : null;
  let gpuOrt: BackendOrtModule | undefined;
  const loadGpuOrt = async () => {
    if (!gpuOrt) {
      const w = opts.webgpuOrt ?? opts.ort;
      gpuOrt = typeof w === 'function' ? await w() : w;
      // Hand ORT the adapter looked at here, so it does not pick another one.
      if (adapter && gpuOrt.env.webgpu) gpuOrt.env.webgpu.adapter = adapter;
    }
    return gpuOrt;
  };
  const choice = async (backend: BackendName, reason: string, msPerFrame: BackendChoice['msPerFrame']): Promise<BackendChoice> => ({
    backend,
    label: backend === 'webgpu' ? 'WebGPU' : wasmLabel,
    reason,
    msPerFrame,
    numThreads,
    adapter: adapterName,
    engine: await engineFor(backend),
  });
  const timeOn = async (backend: BackendName) =>
    timeFrames(await engineFor(backend), opts.backbone!, opts.head!, opts.timedFrames ?? 5, now);
  const canTime = opts.backbone !== undefined && opts.head !== undefined;

  if (opts.force === 'webgpu') {
    if (!adapter) throw new Error(`WebGPU forced but no adapter: ${gpu ? adapterError || 'navigator.gpu offered none' : 'navigator.gpu is missing'}`);
    const earlier = webgpuFailures.get(await loadGpuOrt());
    if (earlier) throw new Error(`WebGPU failed earlier in this window (${earlier}); reload the app to try it again`);
    return choice('webgpu', `WebGPU forced (${adapterName}${isSoftwareAdapter(adapter) ? ', software' : ''})`, {});
  }
  if (opts.force === 'wasm') return choice('wasm', `WASM forced, ${threads}`, {});

  if (!adapter) {
    const why = !gpu ? 'no WebGPU in this worker' : adapterError ? `WebGPU adapter failed: ${adapterError}` : 'no WebGPU adapter';
    return choice('wasm', `WASM, ${threads}: ${why}`, canTime ? { wasm: await timeOn('wasm') } : {});
  }
  if (isSoftwareAdapter(adapter)) {
    return choice('wasm', `WASM, ${threads}: WebGPU adapter is software (${adapterName})`, canTime ? { wasm: await timeOn('wasm') } : {});
  }
  if (!canTime) return choice('wasm', `WASM, ${threads}: this tracker has no siamese network to time on ${adapterName}`, {});
  const wasm = await timeOn('wasm');
  const earlier = webgpuFailures.get(await loadGpuOrt());
  if (earlier) return choice('wasm', `WASM, ${threads}: WebGPU failed earlier on ${adapterName}: ${earlier}`, { wasm });
  let webgpu: number;
  try {
    webgpu = await timeOn('webgpu');
  } catch (e) {
    return choice('wasm', `WASM, ${threads}: WebGPU failed on ${adapterName}: ${(e as Error).message}`, { wasm });
  }
  const figures = `WebGPU ${webgpu.toFixed(1)} vs WASM ${wasm.toFixed(1)} ms/frame`;
  return webgpu < wasm
    ? choice('webgpu', `WebGPU (${adapterName}): ${figures}`, { webgpu, wasm })
    : choice('wasm', `WASM, ${threads}: ${figures} on ${adapterName}`, { webgpu, wasm });
}

/** A deterministic non-constant image-like tensor (values in 0..255 like the tracker's crops). */
export function testPattern(dims: readonly number[]): TensorData {
  const n = dims.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = (i * 37 + ((i >> 8) * 11)) % 256;
  return { data, dims };
}

/** Warm-up: at least this many frames, then until a frame is no slower than STEADY x the best before it... */
const MIN_WARMUP_FRAMES = 4;
const STEADY = 1.3;
/** ...or at most this many frames, or this long (a backend this slow has lost anyway). */
const MAX_WARMUP_FRAMES = 15;
const MAX_WARMUP_MS = 4000;

/**
 * Median ms of one tracking frame's networks (backbone on a 255 search crop + head) once warm.
 * Warm-up runs until the frame time settles, not for a fixed count: WASM's first frames run on
 * V8's baseline compiler (measured here: 1411, 307, 701, 748, then 20-30 ms), and shader compilation
 * slows WebGPU's first; timing those would pick a backend on start-up costs.
 */
export async function timeFrames(engine: InferenceEngine, backboneBytes: Uint8Array, headBytes: Uint8Array, timed: number, now: () => number): Promise<number> {
  const sessions: NetSession[] = [];
  try {
    const backbone = await engine.createSession(backboneBytes);
    sessions.push(backbone);
    const head = await engine.createSession(headBytes);
    sessions.push(head);
    const template = (await backbone.run({ input: testPattern([1, 3, 127, 127]) })).output;
    const search = testPattern([1, 3, 255, 255]);
    const frame = async () => {
      const t0 = now();
      const features = (await backbone.run({ input: search })).output;
      const out = await head.run({ input1: template, input2: features });
      void out.output1.data[0]; // reading the data waits for the GPU
      return now() - t0;
    };
    const warmStart = now();
    let best = Infinity;
    for (let i = 0; i < MAX_WARMUP_FRAMES && (i === 0 || now() - warmStart < MAX_WARMUP_MS); i++) {
      const t = await frame();
      const settled = i >= MIN_WARMUP_FRAMES - 1 && t <= best * STEADY;
      best = Math.min(best, t);
      if (settled) break;
    }
    const times: number[] = [];
    for (let i = 0; i < Math.max(1, timed); i++) times.push(await frame());
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  } finally {
    await Promise.all(sessions.map((s) => s.release()));
  }
}
