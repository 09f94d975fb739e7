/** `electron-vite build` output: main, host, start, a sandbox-safe preload, the renderer, its worker and the WASM runtime. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, REPO_ROOT } from './helpers';

const out = join(REPO_ROOT, 'out');

describe('app build', () => {
  beforeAll(() => ensureBuilt(), 240_000);

  it('has the main-process entries', () => {
    for (const f of ['main/index.js', 'main/host.js', 'main/start.js']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(readFileSync(join(out, 'main/index.js'), 'utf8')).toMatch(/from "electron"/);
    expect(readFileSync(join(out, 'main/host.js'), 'utf8')).not.toMatch(/from "electron"/); // the host runs on plain Node
  });

  it('has a CommonJS preload that requires nothing but electron (sandboxed preloads cannot)', () => {
    const preload = readFileSync(join(out, 'preload/preload.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });

  it('has the renderer, the tracker worker and onnxruntime-web\'s WASM runtime', () => {
    expect(readFileSync(join(out, 'renderer/index.html'), 'utf8')).toMatch(/<script type="module"[^>]*src="\.\/assets\/index-[\w-]+\.js"/);
    const assets = readdirSync(join(out, 'renderer/assets'));
    expect(assets.some((a) => /^track\.worker-[\w-]+\.js$/.test(a))).toBe(true);
    expect(existsSync(join(out, 'renderer/ort/ort-wasm-simd-threaded.wasm'))).toBe(true);
    expect(existsSync(join(out, 'renderer/ort/ort-wasm-simd-threaded.mjs'))).toBe(true);
    // The WebGPU build's runtime, and the WebGPU build itself in a chunk of its own (loaded on demand).
    expect(existsSync(join(out, 'renderer/ort/ort-wasm-simd-threaded.asyncify.wasm'))).toBe(true);
    expect(existsSync(join(out, 'renderer/ort/ort-wasm-simd-threaded.asyncify.mjs'))).toBe(true);
    const worker = readFileSync(join(out, 'renderer/assets', assets.find((a) => a.startsWith('track.worker'))!), 'utf8');
    expect(worker).not.toMatch(/ort-wasm-simd-threaded\.wasm".{0,40}base64/); // the runtime is not inlined
    expect(worker).not.toMatch(/ort-wasm-simd-threaded\.asyncify\.mjs/); // the WebGPU build is not in the worker's own chunk
    expect(worker).toMatch(/import\(/);
  });
});
