/// <reference lib="webworker" />
/**
 * The tracker worker: owns onnxruntime-web (WASM) and one tracker from the registry.
 * Messages (workers/protocol.ts) are handled strictly one after another, in arrival order,
 * so the renderer may post several frames ahead. Each frame's buffer goes back with its
 * reply; the response map is copied (the tracker may reuse its own buffer) and transferred.
 */
import * as ort from 'onnxruntime-web/wasm';
import type { Frame } from '../common/frame';
import type { Tracker } from './core/tracker';
import { webEngine, type WebOrtModule } from './ort-web';
import { transferables, type FrameMsg, type FromWorker, type ResponseMsg, type ToWorker } from './protocol';
import { getTrackerSpec } from './trackers/registry';

declare const self: DedicatedWorkerGlobalScope;

// onnxruntime-web's .wasm/.mjs runtime is copied to <renderer>/ort/ at build time (electron.vite.config.ts);
// this worker's chunk lives in <renderer>/assets/.
const WASM_BASE = import.meta.url.replace(/[^/]+\/[^/]+$/, 'ort/');

let tracker: Tracker | null = null;
let queue: Promise<void> = Promise.resolve();

function post(msg: FromWorker) {
  self.postMessage(msg, transferables(msg));
}

const asFrame = (f: FrameMsg): Frame => ({ width: f.width, height: f.height, data: f.data, index: f.index, timeS: f.timeS });

async function handle(msg: ToWorker): Promise<void> {
  const t0 = performance.now();
  switch (msg.type) {
    case 'load': {
      await tracker?.dispose();
      tracker = null;
      const threads = self.crossOriginIsolated ? Math.max(1, msg.threads) : 1;
      const engine = webEngine(ort as unknown as WebOrtModule, { numThreads: threads, wasmPaths: WASM_BASE });
      tracker = await getTrackerSpec(msg.tracker).create({ engine, models: msg.models });
      post({ type: 'loaded', seq: msg.seq, backend: engine.backend, ms: performance.now() - t0 });
      return;
    }
    case 'init': {
      if (!tracker) throw new Error('the tracker is not loaded yet');
      await tracker.init(asFrame(msg.frame), msg.box);
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
        type: 'result', seq: msg.seq, frame: msg.frame, ms: performance.now() - t0,
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
