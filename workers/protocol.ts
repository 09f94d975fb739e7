/**
 * Messages between the renderer and workers/track.worker.ts. Frames go in as transferable
 * buffers and come back with the result (transferred again), so a frame is never copied
 * on its way through the tracker and the renderer's cache gets it back for display.
 */
import type { Box } from '../common/box';
import type { PixelFormat, YuvMatrix } from '../common/frame';
import type { LoadedModels } from '../models/manifest';
import type { BackendSetting } from '../common/preferences';
import type { TrackState } from './core/tracker';

export { BACKEND_SETTINGS, type BackendSetting } from '../common/preferences';

export interface FrameMsg {
  index: number;
  timeS: number;
  width: number;
  height: number;
  /** Layout of `data` (common/frame.ts); absent is RGBA. */
  format?: PixelFormat;
  matrix?: YuvMatrix;
  /** The pixels; may be a view into a larger buffer (the whole buffer is transferred). */
  data: Uint8Array;
}

export interface ResponseMsg {
  width: number;
  height: number;
  /** A copy of the tracker's map (the tracker may reuse its own buffer). */
  data: Float32Array;
  region: Box;
  peak: { x: number; y: number };
}

export interface ResultMsg {
  box: Box;
  score: number;
  state: TrackState;
  response?: ResponseMsg;
}

export type ToWorker =
  | { type: 'load'; seq: number; tracker: string; models: LoadedModels; backend: BackendSetting }
  | { type: 'init'; seq: number; frame: FrameMsg; box: Box }
  | { type: 'track'; seq: number; frame: FrameMsg }
  | { type: 'dispose'; seq: number };

export type FromWorker =
  /** backend: "WebGPU" or "WASM ×N"; reason: why it was chosen (with the timings when measured). */
  | { type: 'loaded'; seq: number; backend: string; reason: string; ms: number }
  | { type: 'inited'; seq: number; frame: FrameMsg; ms: number }
  /** ms: the whole track() call; netMs: the part spent running the networks. */
  | { type: 'result'; seq: number; frame: FrameMsg; result: ResultMsg; ms: number; netMs: number }
  | { type: 'disposed'; seq: number }
  | { type: 'error'; seq: number; message: string; frame?: FrameMsg };

/** The buffers to transfer with a message (each distinct buffer once). */
export function transferables(msg: ToWorker | FromWorker): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const add = (buf: ArrayBufferLike) => { if (buf instanceof ArrayBuffer && buf.byteLength > 0) out.add(buf); };
  if ('frame' in msg && msg.frame) add(msg.frame.data.buffer);
  if (msg.type === 'result' && msg.result.response) add(msg.result.response.data.buffer);
  return [...out];
}
