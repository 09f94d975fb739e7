/// <reference lib="webworker" />
/**
 * The tracker worker: owns onnxruntime-web and one tracker from the registry. On load it picks
 * the network runtime (workers/backend.ts): WebGPU where a real GPU measures faster, else WASM;
 * the WebGPU build of onnxruntime-web is imported only when it is timed or forced.
 * Messages (workers/protocol.ts) are handled strictly one after another, in arrival order,
 * so the renderer may post several frames ahead. Each frame's buffer goes back with its
 * reply; the response map is copied (the tracker may reuse its own buffer) and transferred.
 */
import * as ort from 'onnxruntime-web/wasm';
import type { Frame } from '../common/frame';
import { chooseBackend, type BackendOrtModule } from './backend';
import { timedEngine, type TimedEngine } from './core/timed-engine';
import type { Tracker } from './core/tracker';
import { transferables, type FrameMsg, type FromWorker, type ResponseMsg, type ToWorker } from './protocol';
import { getTrackerSpec } from './trackers/registry';

declare const self: DedicatedWorkerGlobalScope;

// onnxruntime-web's .wasm/.mjs runtime is copied to <renderer>/ort/ at build time (electron.vite.config.ts);
// this worker's chunk lives in <renderer>/assets/.
const WASM_BASE = import.meta.url.replace(/[^/]+\/[^/]+$/, 'ort/');

let tracker: Tracker | null = null;
let nets: TimedEngine | null = null;
let queue: Promise<void> = Promise.resolve();

function post(msg: FromWorker) {
  self.postMessage(msg, transferables(msg));
}

const asFrame = (f: FrameMsg): Frame => ({ width: f.width, height: f.height, data: f.data, format: f.format, matrix: f.matrix, index: f.index, timeS: f.timeS });

async function handle(msg: ToWorker): Promise<void> {
  const t0 = performance.now();
  switch (msg.type) {
    case 'load': {
      await tracker?.dispose();
      tracker = null;
      const spec = getTrackerSpec(msg.tracker);
      // The siamese network the tracker runs is what the choice times (DCF alone has none).
      const siamese = msg.models.nanotrackv2 ?? msg.models.nanotrackv3;
      const choice = await chooseBackend({
        ort: ort as unknown as BackendOrtModule,
        webgpuOrt: async () => (await import('onnxruntime-web/webgpu')) as unknown as BackendOrtModule,
        backbone: siamese?.backbone,
        head: siamese?.head,
        force: msg.backend === 'auto' ? undefined : msg.backend,
        wasmPaths: WASM_BASE,
      });
      nets = timedEngine(choice.engine, () => performance.now());
      tracker = await spec.create({ engine: nets.engine, models: msg.models });
      post({ type: 'loaded', seq: msg.seq, backend: choice.label, reason: choice.reason, ms: performance.now() - t0 });
      return;
    }
    case 'init': {
      if (!tracker) throw new Error('the tracker is not loaded yet');
      await tracker.init(asFrame(msg.frame), msg.box);
      nets?.takeMs();
      post({ type: 'inited', seq: msg.seq, frame: msg.frame, ms: performance.now() - t0 });
      return;
    }
    case 'track': {
      if (!tracker) throw new Error('the tracker is not loaded yet');
      const r = await tracker.track(asFrame(msg.frame));
      let response: ResponseMsg | undefined;
      if (r.response) {
        const m = r.response;
        response = { width: m.width, height: m.height, data: m.data.slice(), region: { ...m.region }, peak: { ...m.peak } };
      }
      post({
        type: 'result', seq: msg.seq, frame: msg.frame, ms: performance.now() - t0, netMs: nets?.takeMs() ?? 0,
        result: { box: { ...r.box }, score: r.score, state: r.state, response },
      });
      return;
    }
    case 'dispose': {
      await tracker?.dispose();
      tracker = null;
      post({ type: 'disposed', seq: msg.seq });
      return;
    }
  }
}

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  queue = queue.then(() => handle(msg)).catch((e: unknown) => {
    const message = e instanceof Error ? e.message : String(e);
    post({ type: 'error', seq: msg.seq, message, frame: 'frame' in msg ? msg.frame : undefined });
  });
};
