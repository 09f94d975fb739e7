/**
 * The backend choice with the real WASM runtime (onnxruntime-web in Node, real NanoTrackV2) and
 * scripted GPUs: a software adapter is never timed, a real one is timed against WASM and the faster
 * wins, a failing one falls back, and the WebGPU build is loaded only when it is needed.
 */
import * as ortWeb from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { chooseBackend, isSoftwareAdapter, timeFrames, wasmThreads, type BackendOrtModule, type GpuAdapterLike, type GpuLike } from '../../workers/backend';
import { HAVE_SHARED } from '../helpers/paths';
import { sharedModels } from './trackers/sequence-fixture';

const ort = ortWeb as unknown as BackendOrtModule;

const gpuWith = (adapter: GpuAdapterLike | null): GpuLike => ({ requestAdapter: async () => adapter });
const REAL_ADAPTER: GpuAdapterLike = { info: { vendor: 'nvidia', architecture: 'ampere', isFallbackAdapter: false } };

/** A stand-in for the WebGPU build: sessions answer instantly, or fail to be created. */
function scriptedGpuOrt(opts: { fail?: string; runMs?: number; clock?: { t: number } } = {}) {
  const calls = { created: 0, loads: 0 };
  const module: BackendOrtModule = {
    env: { wasm: {}, webgpu: {} },
    Tensor: class {
      constructor(public type: string, public data: Float32Array, public dims: readonly number[]) {}
    } as unknown as BackendOrtModule['Tensor'],
    InferenceSession: {
      async create(_model: Uint8Array, options?: Record<string, unknown>) {
        expect(options?.executionProviders).toEqual(['webgpu']);
        if (opts.fail) throw new Error(opts.fail);
        calls.created++;
        const out = { data: new Float32Array(4), dims: [1, 4] };
        return {
          inputNames: ['input'],
          outputNames: ['output'],
          async run() {
            if (opts.clock) opts.clock.t += opts.runMs ?? 0;
            return { output: out, output1: out, output2: out };
          },
          release: async () => undefined,
        };
      },
    },
  };
  const loader = async () => {
    calls.loads++;
    return module;
  };
  return { module, loader, calls };
}

describe('wasmThreads', () => {
  it('uses one thread unless cross-origin isolated, then cores - 1 within 1..4', () => {
    expect(wasmThreads(false, 16)).toBe(1);
    expect(wasmThreads(true, 2)).toBe(1); // a spinning second thread competes with decoding and painting
    expect(wasmThreads(true, 3)).toBe(2);
    expect(wasmThreads(true, 4)).toBe(3);
    expect(wasmThreads(true, 16)).toBe(4);
    expect(wasmThreads(true, 16, 8)).toBe(8);
  });
});

describe('isSoftwareAdapter', () => {
  it('recognises fallback flags and CPU rasterisers by name', () => {
    expect(isSoftwareAdapter({ info: { isFallbackAdapter: true } })).toBe(true);
    expect(isSoftwareAdapter({ isFallbackAdapter: true })).toBe(true);
    expect(isSoftwareAdapter({ info: { vendor: 'google', description: 'SwiftShader Device (Subzero)' } })).toBe(true);
    expect(isSoftwareAdapter({ info: { vendor: 'mesa', device: 'llvmpipe (LLVM 15.0.6, 256 bits)' } })).toBe(true);
    expect(isSoftwareAdapter(REAL_ADAPTER)).toBe(false);
  });
});

describe.runIf(HAVE_SHARED)('chooseBackend with the real WASM runtime', () => {
  const nets = () => {
    const m = sharedModels(['nanotrackv2']).nanotrackv2!;
    return { backbone: m.backbone, head: m.head };
  };

  it('uses WASM, timed, where the worker has no WebGPU', async () => {
    const gpu = scriptedGpuOrt();
    const c = await chooseBackend({ ort, webgpuOrt: gpu.loader, ...nets(), gpu: null, crossOriginIsolated: false, timedFrames: 1 });
    expect(c).toMatchObject({ backend: 'wasm', label: 'WASM ×1', numThreads: 1, adapter: null });
    expect(c.reason).toMatch(/no WebGPU in this worker/);
    expect(c.msPerFrame.wasm).toBeGreaterThan(0);
    expect(gpu.calls.loads).toBe(0);
  }, 120_000);

  it('never times a software adapter, and never loads the WebGPU build for it', async () => {
    const gpu = scriptedGpuOrt();
    const swiftshader = { info: { vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader Device', isFallbackAdapter: true } };
    const c = await chooseBackend({ ort, webgpuOrt: gpu.loader, ...nets(), gpu: gpuWith(swiftshader), crossOriginIsolated: false, timedFrames: 1 });
    expect(c.backend).toBe('wasm');
    expect(c.reason).toMatch(/software/);
    expect(c.msPerFrame.webgpu).toBeUndefined();
    expect(gpu.calls.loads).toBe(0);
  }, 120_000);

  it('times a real adapter against WASM and keeps the faster', async () => {
    const fast = scriptedGpuOrt(); // answers instantly: faster than any real WASM frame
    const c = await chooseBackend({ ort, webgpuOrt: fast.loader, ...nets(), gpu: gpuWith(REAL_ADAPTER), crossOriginIsolated: false, timedFrames: 1 });
    expect(c).toMatchObject({ backend: 'webgpu', label: 'WebGPU', adapter: 'nvidia ampere' });
    expect(c.msPerFrame.webgpu!).toBeLessThan(c.msPerFrame.wasm!);
    expect(c.reason).toMatch(/^WebGPU \(nvidia ampere\): WebGPU [\d.]+ vs WASM [\d.]+ ms\/frame$/);
    expect(fast.module.env.webgpu?.adapter).toBe(REAL_ADAPTER); // ORT gets the adapter that was looked at
    expect(fast.calls.loads).toBe(1);

    const clock = { t: 0 };
    const slow = scriptedGpuOrt({ clock, runMs: 10_000 }); // a GPU path slower than WASM (e.g. a weak iGPU)
    const now = () => clock.t + performance.now();
    const d = await chooseBackend({ ort, webgpuOrt: slow.loader, ...nets(), gpu: gpuWith(REAL_ADAPTER), crossOriginIsolated: false, timedFrames: 1, now });
    expect(d.backend).toBe('wasm');
    expect(d.msPerFrame.webgpu!).toBeGreaterThan(d.msPerFrame.wasm!);
    expect(d.reason).toMatch(/WASM, 1 thread .*WebGPU [\d.]+ vs WASM [\d.]+ ms\/frame on nvidia ampere/);
  }, 120_000);

  it('falls back to WASM with the reason when WebGPU fails on a real adapter', async () => {
    const broken = scriptedGpuOrt({ fail: 'device lost' });
    const c = await chooseBackend({ ort, webgpuOrt: broken.loader, ...nets(), gpu: gpuWith(REAL_ADAPTER), crossOriginIsolated: false, timedFrames: 1 });
    expect(c.backend).toBe('wasm');
    expect(c.reason).toMatch(/WebGPU failed on nvidia ampere: device lost/);
    expect(c.msPerFrame.wasm).toBeGreaterThan(0);
  }, 120_000);

  it('reports the first WebGPU failure again instead of the error that onnxruntime-web gives every later session', async () => {
    // onnxruntime-web 1.30 after a failed WebGPU session: every later one fails with this message.
    let first = true;
    const gpu = scriptedGpuOrt();
    gpu.module.InferenceSession.create = async () => {
      if (first) {
        first = false;
        throw new Error('Invalid argument');
      }
      throw new Error('another WebGPU EP inference session is being created.');
    };
    const choose = (force?: 'webgpu') => chooseBackend({ ort, webgpuOrt: gpu.loader, ...nets(), force, gpu: gpuWith(REAL_ADAPTER), crossOriginIsolated: false, timedFrames: 1 });
    expect((await choose()).reason).toMatch(/WebGPU failed on nvidia ampere: Invalid argument$/);
    const again = await choose();
    expect(again.backend).toBe('wasm');
    expect(again.reason).toMatch(/WebGPU failed earlier on nvidia ampere: Invalid argument$/);
    expect(again.msPerFrame.wasm).toBeGreaterThan(0);
    await expect(choose('webgpu')).rejects.toThrow(/WebGPU failed earlier in this window \(Invalid argument\); reload the app/);
    // Forced WebGPU whose tracker then fails to create its sessions: the next forced choice says so too.
    const forced = scriptedGpuOrt();
    const pick = () => chooseBackend({ ort, webgpuOrt: forced.loader, ...nets(), force: 'webgpu', gpu: gpuWith(REAL_ADAPTER), crossOriginIsolated: false });
    const engine = (await pick()).engine;
    forced.module.InferenceSession.create = async () => {
      throw new Error('device lost');
    };
    await expect(engine.createSession(new Uint8Array())).rejects.toThrow('device lost');
    await expect(pick()).rejects.toThrow(/WebGPU failed earlier in this window \(device lost\)/);
    // A module that never failed is timed as before.
    const fresh = scriptedGpuOrt();
    expect((await chooseBackend({ ort, webgpuOrt: fresh.loader, ...nets(), gpu: gpuWith(REAL_ADAPTER), crossOriginIsolated: false, timedFrames: 1 })).backend).toBe('webgpu');
  }, 120_000);

  it('obeys the setting: forced WASM is not timed, forced WebGPU needs an adapter but takes a software one', async () => {
    const gpu = scriptedGpuOrt();
    const w = await chooseBackend({ ort, webgpuOrt: gpu.loader, ...nets(), force: 'wasm', gpu: gpuWith(REAL_ADAPTER), crossOriginIsolated: false });
    expect(w.backend).toBe('wasm');
    expect(w.reason).toMatch(/WASM forced/);
    expect(w.msPerFrame).toEqual({});
    expect(gpu.calls.loads).toBe(0);

    await expect(chooseBackend({ ort, webgpuOrt: gpu.loader, ...nets(), force: 'webgpu', gpu: null })).rejects.toThrow(/WebGPU forced but no adapter: navigator\.gpu is missing/);
    const g = await chooseBackend({ ort, webgpuOrt: gpu.loader, ...nets(), force: 'webgpu', gpu: gpuWith({ info: { description: 'SwiftShader' } }) });
    expect(g.backend).toBe('webgpu');
    expect(g.reason).toMatch(/WebGPU forced \(SwiftShader, software\)/);
    const session = await g.engine.createSession(new Uint8Array());
    expect(session.inputNames).toEqual(['input']);
    expect(gpu.calls.created).toBe(1); // the engine is the WebGPU build's
  }, 120_000);

  it('does not time anything for a tracker without a siamese network (DCF alone)', async () => {
    const gpu = scriptedGpuOrt();
    const c = await chooseBackend({ ort, webgpuOrt: gpu.loader, gpu: gpuWith(REAL_ADAPTER), crossOriginIsolated: false });
    expect(c.backend).toBe('wasm');
    expect(c.reason).toMatch(/no siamese network to time/);
    expect(c.msPerFrame).toEqual({});
    expect(gpu.calls.loads).toBe(0);
  });
});

describe('timeFrames', () => {
  /** An engine whose frames take the scripted times (ms on a fake clock), like a WASM runtime tiering up. */
  function scriptedEngine(frameMs: number[]) {
    const clock = { t: 0 };
    let runs = 0;
    const out = { data: new Float32Array(1), dims: [1] };
    const engine = {
      backend: 'scripted',
      async createSession(model: Uint8Array) {
        const isHead = model[0] === 1;
        return {
          inputNames: [], outputNames: [],
          async run() {
            // The template run comes first and is free; each frame is backbone + head, charged on the head.
            if (isHead) clock.t += frameMs[Math.min(runs++, frameMs.length - 1)];
            return { output: out, output1: out };
          },
          release: async () => undefined,
        };
      },
    };
    return { engine, now: () => clock.t, frames: () => runs };
  }

  it('times the steady state, not the slow first frames of a runtime that is still compiling', async () => {
    // Measured shape of onnxruntime-web WASM's first frames here, then steady.
    const s = scriptedEngine([1411, 307, 701, 748, 30, 32, 28, 31, 29, 30, 30]);
    const ms = await timeFrames(s.engine, new Uint8Array([0]), new Uint8Array([1]), 5, s.now);
    expect(ms).toBeGreaterThanOrEqual(28);
    expect(ms).toBeLessThanOrEqual(32);
    expect(s.frames()).toBe(10); // 5 warm-up frames (the slow four, then a steady one) + 5 timed
  });

  it('stops warming up after a bounded time on a backend that stays slow', async () => {
    const s = scriptedEngine([3000]);
    const ms = await timeFrames(s.engine, new Uint8Array([0]), new Uint8Array([1]), 3, s.now);
    expect(ms).toBe(3000);
    expect(s.frames()).toBeLessThanOrEqual(2 + 3); // the warm-up budget (4 s) ends it after 2 frames
  });
});
