/**
 * The neural-network runtime as the tracker core sees it. The core never imports
 * onnxruntime itself: Node injects onnxruntime-node, the browser worker onnxruntime-web.
 */
export interface TensorData {
  data: Float32Array;
  dims: readonly number[];
}

export interface NetSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, TensorData>): Promise<Record<string, TensorData>>;
  release(): Promise<void>;
}

export interface InferenceEngine {
  /** Human-readable backend, e.g. "onnxruntime-node cpu" or "onnxruntime-web wasm". */
  readonly backend: string;
  createSession(model: Uint8Array): Promise<NetSession>;
}

/** The part of onnxruntime's API (identical in -node and -web) that the adapter needs. */
export interface OrtModule {
  InferenceSession: {
    create(model: Uint8Array, options?: Record<string, unknown>): Promise<OrtSession>;
  };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensor;
}
interface OrtTensor {
  data: unknown;
  dims: readonly number[];
}
interface OrtSession {
  inputNames: readonly string[];
  outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}

/** Wrap an onnxruntime module (node or web) as an InferenceEngine. */
export function ortEngine(ort: OrtModule, backend: string, sessionOptions: Record<string, unknown> = {}): InferenceEngine {
  return {
    backend,
    async createSession(model: Uint8Array): Promise<NetSession> {
      const session = await ort.InferenceSession.create(model, sessionOptions);
      return {
        inputNames: session.inputNames,
        outputNames: session.outputNames,
        async run(feeds) {
          const ortFeeds: Record<string, OrtTensor> = {};
          for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor('float32', t.data, t.dims);
          const out = await session.run(ortFeeds);
          const result: Record<string, TensorData> = {};
          for (const [name, t] of Object.entries(out)) result[name] = { data: t.data as Float32Array, dims: t.dims };
          return result;
        },
        release: () => session.release(),
      };
    },
  };
}
