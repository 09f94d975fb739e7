import { ortEngine, type InferenceEngine, type OrtModule } from './core/engine';

/** The onnxruntime-web module as the adapter needs it: the common API plus its global WASM settings. */
export interface WebOrtModule extends OrtModule {
  env: {
    wasm: {
      numThreads?: number;
      /** A URL prefix or a per-file map (see WebEngineOptions.wasmPaths). */
      wasmPaths?: unknown;
    };
  };
}

export interface WebEngineOptions {
  /**
   * WASM threads (default 1). More than one needs SharedArrayBuffer, i.e. a cross-origin-isolated
   * page/worker; on a 2-core machine one thread also leaves a core to the UI and the decoder.
   */
  numThreads?: number;
  /** Where the ort-wasm-*.wasm/.mjs files are served from (a URL prefix or a per-file map). Default: next to the bundle. */
  wasmPaths?: string | Record<string, string>;
  /** Execution providers in order of preference (default ['wasm']; e.g. ['webgpu', 'wasm']). */
  executionProviders?: string[];
}

/**
 * onnxruntime-web as the tracker core's engine, in a browser worker or in Node (its WASM backend
 * runs there too). The module is passed in, so this file works with `onnxruntime-web`,
 * `onnxruntime-web/wasm` or `onnxruntime-web/webgpu`. `ort.env` is global to the module: the
 * settings take effect for sessions created after this call (WASM is initialised on the first one).
 */
export function webEngine(ort: WebOrtModule, opts: WebEngineOptions = {}): InferenceEngine {
  const threads = opts.numThreads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`numThreads must be a positive integer, got ${threads}`);
  ort.env.wasm.numThreads = threads;
  if (opts.wasmPaths !== undefined) ort.env.wasm.wasmPaths = opts.wasmPaths;
  const providers = opts.executionProviders ?? ['wasm'];
  return ortEngine(ort, `onnxruntime-web ${providers.join('+')} x${threads}`, {
    executionProviders: providers,
    graphOptimizationLevel: 'all',
  });
}
