import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import solid from 'vite-plugin-solid';

const root = import.meta.dirname;
const require = createRequire(import.meta.url);

/**
 * onnxruntime-web's WASM runtimes (the .mjs loader and its .wasm), emitted as <renderer>/ort/*
 * and loaded from there by the tracker worker (env.wasm.wasmPaths). Kept as separate files, not
 * inlined into the worker bundle, so its pthread workers load the runtime and not our worker.
 * Two builds: the plain one runs WASM (fastest on the CPU); the asyncify one is what
 * 'onnxruntime-web/webgpu' loads, fetched only when WebGPU is timed or forced.
 */
function ortRuntimeFiles(): Plugin {
  const dist = dirname(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'));
  const files = ['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'];
  return {
    name: 'siamtrack:ort-runtime-files',
    generateBundle() {
      for (const f of files) this.emitFile({ type: 'asset', fileName: `ort/${f}`, source: readFileSync(join(dist, f)) });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = req.url?.match(/\/ort\/(ort-wasm-simd-threaded(?:\.asyncify)?\.(?:mjs|wasm))$/)?.[1];
        if (!name || !files.includes(name)) return next();
        res.setHeader('Content-Type', name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
        res.end(readFileSync(join(dist, name)));
      });
    },
  };
}

// Pick onnxruntime-web's build that loads the runtime from wasmPaths instead of bundling it.
const ortExternWasm = { conditions: ['onnxruntime-web-use-extern-wasm', 'module', 'browser', 'development|production'] };

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rolldownOptions: {
        input: {
          index: resolve(root, 'main/index.ts'),
          host: resolve(root, 'main/host/cli.ts'),
          start: resolve(root, 'main/host/start.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload can require only 'electron': bundle zod (the contract) into it.
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: resolve(root, 'main/preload.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [solid(), ortRuntimeFiles()],
    resolve: ortExternWasm,
    worker: { format: 'es' },
    server: {
      headers: {
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
      },
    },
    build: {
      outDir: resolve(root, 'out/renderer'),
      target: 'es2022',
      sourcemap: true,
      rolldownOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
