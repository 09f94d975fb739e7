/**
 * WebGPU correctness in Debian's headless Chromium: NanoTrackV2 on onnxruntime-web's WebGPU backend
 * (forced: Chromium here only offers SwiftShader, a software adapter) against WASM, on crops of a
 * real David frame, then a short tracking run on both. Skipped, not passed, where Chromium offers
 * no WebGPU adapter at all. The page is bundled with esbuild and served with COOP/COEP, so WASM
 * gets threads as it would in the app.
 */
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../common/frame';
import { openVideo } from '../../main/video';
import { CHROMIUM, HAVE_CHROMIUM, REPO_ROOT, SEQUENCES_DIR } from './helpers';

const MODELS_DIR = resolve(REPO_ROOT, '..', 'shared', 'models');
const ORT_DIST = resolve(REPO_ROOT, 'node_modules', 'onnxruntime-web', 'dist');
const TRACK_FRAMES = 6; // SwiftShader takes seconds per frame
/** Relative tolerance of the raw network outputs: max |webgpu - wasm| / max |wasm|. */
const NET_TOLERANCE = 1e-3;
const BOX_TOLERANCE_PX = 1;
/** The same, for DCFNet's features with the LRN rewritten against onnxruntime's LRN (seen here: 1e-6). */
const DCF_TOLERANCE = 1e-4;

const PAGE_SOURCE = `
import * as ort from 'onnxruntime-web/webgpu';
import { chooseBackend, describeAdapter, isSoftwareAdapter } from './workers/backend';
import { createNanoTracker } from './workers/trackers/nanotrack';
import { rewriteFinalLrn } from './workers/core/onnx-graph';

const bytes = async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer());
const models = async () => ({
  backbone: await bytes('/models/nanotrackv2/nanotrack_backbone_dyn.onnx'),
  head: await bytes('/models/nanotrackv2/nanotrack_head_sim.onnx'),
});
const frame = async (i) => {
  const meta = await (await fetch('/frames/meta')).json();
  return { width: meta.width, height: meta.height, data: new Uint8ClampedArray(await (await fetch('/frames/' + i)).arrayBuffer()), index: i };
};
/** A size x size crop centred at (cx, cy), edge pixels replicated, as a 1x3xHxW float tensor (B, G, R planes). */
const crop = (f, cx, cy, size) => {
  const data = new Float32Array(3 * size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const sx = Math.min(f.width - 1, Math.max(0, Math.round(cx - size / 2 + x)));
    const sy = Math.min(f.height - 1, Math.max(0, Math.round(cy - size / 2 + y)));
    const o = (sy * f.width + sx) * 4;
    for (let c = 0; c < 3; c++) data[c * size * size + y * size + x] = f.data[o + 2 - c];
  }
  return { data, dims: [1, 3, size, size] };
};
const common = { ort, wasmPaths: '/ort/' };

window.probeAdapter = async () => {
  if (!navigator.gpu) return { adapter: null, why: 'navigator.gpu is missing' };
  const a = await navigator.gpu.requestAdapter();
  return a ? { adapter: describeAdapter(a) || 'unnamed', software: isSoftwareAdapter(a), isolated: crossOriginIsolated } : { adapter: null, why: 'requestAdapter() gave null' };
};

window.autoChoice = async () => {
  const m = await models();
  // As on a 4-core machine (three WASM threads): threaded WASM runs here too, where two cores give one thread.
  const c = await chooseBackend({ ...common, ...m, timedFrames: 1, hardwareConcurrency: 4 });
  return { backend: c.backend, reason: c.reason, msPerFrame: c.msPerFrame, numThreads: c.numThreads };
};

window.compareNets = async (box) => {
  const m = await models();
  const f = await frame(0);
  const cx = box[0] + box[2] / 2, cy = box[1] + box[3] / 2;
  const template = crop(f, cx, cy, 127), search = crop(f, cx, cy, 255);
  const outputs = {};
  for (const force of ['webgpu', 'wasm']) {
    const c = await chooseBackend({ ...common, ...m, force });
    const backbone = await c.engine.createSession(m.backbone);
    const head = await c.engine.createSession(m.head);
    const z = (await backbone.run({ input: template })).output;
    const x = (await backbone.run({ input: search })).output;
    const h = await head.run({ input1: z, input2: x });
    outputs[force] = { template: z, search: x, cls: h.output1, loc: h.output2 };
    await backbone.release(); await head.release();
  }
  const result = {};
  for (const name of Object.keys(outputs.wasm)) {
    const a = outputs.webgpu[name].data, b = outputs.wasm[name].data;
    let diff = 0, scale = 0;
    for (let i = 0; i < b.length; i++) { diff = Math.max(diff, Math.abs(a[i] - b[i])); scale = Math.max(scale, Math.abs(b[i])); }
    result[name] = { dims: [...outputs.wasm[name].dims], webgpuDims: [...outputs.webgpu[name].dims], maxAbsDiff: diff, maxAbs: scale, relative: diff / scale };
  }
  return result;
};

/** DCFNet's features: its own LRN on WASM against the rewritten graph (workers/core/onnx-graph.ts) on WebGPU and WASM. */
window.compareDcf = async (box) => {
  const original = await bytes('/models/dcfnet/dcfnet_feature.onnx');
  const rewritten = rewriteFinalLrn(original, 32).model;
  const f = await frame(0);
  const input = crop(f, box[0] + box[2] / 2, box[1] + box[3] / 2, 64);
  const mean = [104, 117, 123];
  for (let c = 0; c < 3; c++) for (let i = 0; i < 64 * 64; i++) input.data[c * 64 * 64 + i] -= mean[c];
  const run = async (force, model) => {
    const c = await chooseBackend({ ...common, force });
    const session = await c.engine.createSession(model);
    const out = (await session.run({ input })).feature;
    await session.release();
    return out;
  };
  const reference = await run('wasm', original);
  const result = {};
  for (const [name, force] of [['wasm', 'wasm'], ['webgpu', 'webgpu']]) {
    const out = await run(force, rewritten);
    let diff = 0, scale = 0;
    for (let i = 0; i < reference.data.length; i++) { diff = Math.max(diff, Math.abs(out.data[i] - reference.data[i])); scale = Math.max(scale, Math.abs(reference.data[i])); }
    result[name] = { dims: [...out.dims], maxAbsDiff: diff, maxAbs: scale, relative: diff / scale };
  }
  return result;
};

window.trackBoth = async (box, count) => {
  const m = await models();
  const frames = [];
  for (let i = 0; i < count; i++) frames.push(await frame(i));
  const boxes = {};
  for (const force of ['webgpu', 'wasm']) {
    const c = await chooseBackend({ ...common, ...m, force });
    const tracker = await createNanoTracker({ engine: c.engine, models: { nanotrackv2: m } });
    await tracker.init(frames[0], { x: box[0], y: box[1], w: box[2], h: box[3] });
    boxes[force] = [];
    for (let i = 1; i < count; i++) boxes[force].push((await tracker.track(frames[i])).box);
    await tracker.dispose?.();
  }
  return boxes;
};
`;

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

function serve(root: string, frames: Frame[]): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
    };
    let body: Uint8Array | string;
    let type = 'application/octet-stream';
    try {
      if (path === '/') [body, type] = ['<!doctype html><title>webgpu</title><script type="module" src="/bundle.js"></script>', TYPES['.html']];
      else if (path === '/bundle.js') [body, type] = [readFileSync(join(root, 'bundle.js')), TYPES['.js']];
      else if (path === '/frames/meta') [body, type] = [JSON.stringify({ width: frames[0].width, height: frames[0].height }), 'application/json'];
      else if (path.startsWith('/frames/')) body = frames[Number(path.slice(8))].data as Uint8Array;
      else if (path.startsWith('/ort/')) [body, type] = [readFileSync(join(ORT_DIST, normalize(path.slice(5)))), TYPES[extname(path)] ?? type];
      else if (path.startsWith('/models/')) body = readFileSync(join(MODELS_DIR, normalize(path.slice(8))));
      else throw new Error('not found');
    } catch {
      res.writeHead(404, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': type }).end(body);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

const groundTruth = readFileSync(join(SEQUENCES_DIR, 'David', 'groundtruth.txt'), 'utf8').trim().split('\n').map((l) => l.split(',').map(Number));

describe.skipIf(!HAVE_CHROMIUM)('NanoTrackV2 and DCFNet on WebGPU in Chromium match WASM', () => {
  let dir: string;
  let server: Server;
  let context: BrowserContext;
  let page: Page;
  let probe: { adapter: string | null; why?: string; software?: boolean; isolated?: boolean };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'webgpu-e2e-'));
    await build({
      stdin: { contents: PAGE_SOURCE, resolveDir: REPO_ROOT, loader: 'js', sourcefile: 'webgpu-page.js' },
      bundle: true, format: 'esm', platform: 'browser', target: 'es2022', outfile: join(dir, 'bundle.js'), logLevel: 'error',
    });
    const video = await openVideo(join(SEQUENCES_DIR, 'David', 'video.mp4'));
    const frames: Frame[] = [];
    try {
      for await (const f of video.frames({ count: TRACK_FRAMES })) frames.push({ ...f, data: new Uint8Array(f.data) });
    } finally {
      await video.close();
    }
    server = await serve(dir, frames);
    context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'webgpu-e2e-profile-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
        '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader', '--use-webgpu-adapter=swiftshader'],
    });
    page = await context.newPage();
    const address = server.address() as { port: number };
    await page.goto(`http://127.0.0.1:${address.port}/`);
    await page.waitForFunction(() => 'trackBoth' in window);
    probe = await page.evaluate(() => (window as unknown as { probeAdapter(): Promise<typeof probe> }).probeAdapter());
    console.log('WebGPU adapter probe:', JSON.stringify(probe));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('chooseBackend never picks a software adapter for speed and threads WASM when cross-origin isolated', async (ctx) => {
    if (!probe.adapter) ctx.skip(`Chromium offers no WebGPU adapter here (${probe.why})`);
    const choice = await page.evaluate(() => (window as unknown as { autoChoice(): Promise<{ backend: string; reason: string; msPerFrame: { wasm?: number; webgpu?: number }; numThreads: number }> }).autoChoice());
    console.log('automatic choice:', JSON.stringify(choice));
    expect(probe.isolated).toBe(true);
    expect(choice.numThreads).toBe(3); // cores - 1, threads possible because the page is cross-origin isolated
    if (probe.software) {
      expect(choice.backend).toBe('wasm');
      expect(choice.reason).toMatch(/software/);
      expect(choice.msPerFrame.webgpu).toBeUndefined();
    }
    expect(choice.msPerFrame.wasm).toBeGreaterThan(0);
  }, 120_000);

  it(`backbone and head outputs agree within ${NET_TOLERANCE} of their range`, async (ctx) => {
    if (!probe.adapter) ctx.skip(`Chromium offers no WebGPU adapter here (${probe.why})`);
    const box = groundTruth[0];
    type Cmp = Record<string, { dims: number[]; webgpuDims: number[]; maxAbsDiff: number; maxAbs: number; relative: number }>;
    const cmp = await page.evaluate((b) => (window as unknown as { compareNets(b: number[]): Promise<Cmp> }).compareNets(b), box);
    console.log('webgpu vs wasm:', JSON.stringify(cmp));
    expect(Object.keys(cmp).sort()).toEqual(['cls', 'loc', 'search', 'template']);
    for (const [name, c] of Object.entries(cmp)) {
      expect(c.webgpuDims, name).toEqual(c.dims);
      expect(c.maxAbs, name).toBeGreaterThan(0);
      expect(c.relative, `${name}: max abs diff ${c.maxAbsDiff} of ${c.maxAbs}`).toBeLessThan(NET_TOLERANCE);
    }
  }, 180_000);

  it(`DCFNet with its LRN rewritten gives onnxruntime's LRN features on WASM and WebGPU within ${DCF_TOLERANCE}`, async (ctx) => {
    if (!probe.adapter) ctx.skip(`Chromium offers no WebGPU adapter here (${probe.why})`);
    type Cmp = Record<string, { dims: number[]; maxAbsDiff: number; maxAbs: number; relative: number }>;
    const cmp = await page.evaluate((b) => (window as unknown as { compareDcf(b: number[]): Promise<Cmp> }).compareDcf(b), groundTruth[0]);
    console.log('dcfnet rewritten vs its own LRN on wasm:', JSON.stringify(cmp));
    for (const [name, c] of Object.entries(cmp)) {
      expect(c.dims, name).toEqual([1, 32, 64, 64]);
      expect(c.maxAbs, name).toBeGreaterThan(0);
      expect(c.relative, `${name}: max abs diff ${c.maxAbsDiff} of ${c.maxAbs}`).toBeLessThan(DCF_TOLERANCE);
    }
  }, 180_000);

  it(`tracks ${TRACK_FRAMES} frames of David to the same boxes within ${BOX_TOLERANCE_PX} px`, async (ctx) => {
    if (!probe.adapter) ctx.skip(`Chromium offers no WebGPU adapter here (${probe.why})`);
    type B = { x: number; y: number; w: number; h: number };
    const boxes = await page.evaluate(([b, n]) => (window as unknown as { trackBoth(b: number[], n: number): Promise<Record<string, B[]>> }).trackBoth(b, n), [groundTruth[0], TRACK_FRAMES] as const);
    expect(boxes.webgpu).toHaveLength(TRACK_FRAMES - 1);
    let worst = 0;
    boxes.wasm.forEach((w, i) => {
      const g = boxes.webgpu[i];
      worst = Math.max(worst, Math.abs(g.x - w.x), Math.abs(g.y - w.y), Math.abs(g.w - w.w), Math.abs(g.h - w.h));
    });
    console.log(`tracking: worst box coordinate difference ${worst.toFixed(4)} px over ${TRACK_FRAMES - 1} frames`);
    expect(worst).toBeLessThan(BOX_TOLERANCE_PX);
    // The run tracked something: the last box still overlaps the ground truth's neighbourhood.
    const last = boxes.wasm[boxes.wasm.length - 1];
    const gt = groundTruth[TRACK_FRAMES - 1];
    expect(Math.hypot(last.x + last.w / 2 - gt[0] - gt[2] / 2, last.y + last.h / 2 - gt[1] - gt[3] / 2)).toBeLessThan(20);
  }, 240_000);
});
