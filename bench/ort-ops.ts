/**
 * Where onnxruntime-web's WASM backend spends a network's time, by kind of operator: ORT's own
 * per-kernel profile (enableProfiling), summed over runs and grouped as depthwise k×k convolutions,
 * 1×1 (pointwise) convolutions, other convolutions, and each other operator type, with the
 * multiply-adds per microsecond of each convolution group. It answers "what limits the WASM
 * tracker" with figures rather than guesses. Not a test: run by hand,
 *   npx tsx bench/ort-ops.ts [--net backbone255,backbone127,head,dcf125] [--runs 40]
 * Profiling adds a little time to every kernel; the plain ms per run is measured first without it.
 */
import fs, { readFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-web';
import { arg } from './script-args';

// ORT's WASM build writes its profile to stdout with fs.writeSync(1, …): catch it there.
let captured: string[] | null = null;
const writeSync = fs.writeSync;
fs.writeSync = ((fd: number, data: unknown, ...rest: unknown[]) => {
  if (captured && fd === 1 && typeof data === 'string') {
    captured.push(data);
    return data.length;
  }
  return (writeSync as (...a: unknown[]) => number)(fd, data, ...rest);
}) as typeof fs.writeSync;
syncBuiltinESMExports();

const MODELS_DIR = resolve(import.meta.dirname, '..', '..', 'shared', 'models');
const NETS: Record<string, { file: string; inputs: Record<string, number[]> }> = {
  backbone255: { file: 'nanotrackv2/nanotrack_backbone_dyn.onnx', inputs: { input: [1, 3, 255, 255] } },
  backbone127: { file: 'nanotrackv2/nanotrack_backbone_dyn.onnx', inputs: { input: [1, 3, 127, 127] } },
  head: { file: 'nanotrackv2/nanotrack_head_sim.onnx', inputs: { input1: [1, 48, 8, 8], input2: [1, 48, 16, 16] } },
  dcf125: { file: 'dcfnet/dcfnet_feature.onnx', inputs: { input: [1, 3, 125, 125] } },
};

interface KernelEvent {
  name: string;
  dur: number;
  args: { op_name: string; input_type_shape: Array<Record<string, number[]>>; output_type_shape: Array<Record<string, number[]>> };
}

/** The group an operator is counted in, and its multiply-adds (convolutions only). */
function classify(e: KernelEvent): { group: string; macs: number } {
  const op = e.args.op_name;
  if (op !== 'Conv' && op !== 'FusedConv') return { group: op, macs: 0 };
  const input = Object.values(e.args.input_type_shape[0])[0];
  const weight = Object.values(e.args.input_type_shape[1])[0];
  const output = Object.values(e.args.output_type_shape[0])[0];
  const [outChannels, perGroup, kh, kw] = weight;
  const macs = output.reduce((a, b) => a * b, 1) * perGroup * kh * kw;
  if (perGroup === 1 && input[1] === outChannels && outChannels > 1) return { group: `depthwise ${kh}x${kw} conv`, macs };
  if (kh === 1 && kw === 1) return { group: 'pointwise 1x1 conv', macs };
  return { group: `dense ${kh}x${kw} conv`, macs };
}

const runs = Number(arg('runs', '40'));
ort.env.wasm.numThreads = 1;
for (const name of arg('net', 'backbone255,backbone127,head,dcf125').split(',')) {
  const net = NETS[name];
  if (!net) throw new Error(`--net is among ${Object.keys(NETS).join(', ')}, not ${name}`);
  const model = new Uint8Array(readFileSync(join(MODELS_DIR, net.file)));
  const feeds = Object.fromEntries(Object.entries(net.inputs).map(([input, dims]) => {
    const data = Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, (_, i) => (i * 7919) % 255);
    return [input, new ort.Tensor('float32', data, dims)];
  }));
  const options = { executionProviders: ['wasm'], graphOptimizationLevel: 'all' as const };

  const plain = await ort.InferenceSession.create(model, options);
  for (let i = 0; i < 5; i++) await plain.run(feeds);
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) await plain.run(feeds);
  const plainMs = (performance.now() - t0) / runs;
  await plain.release();

  const profiled = await ort.InferenceSession.create(model, { ...options, enableProfiling: true });
  for (let i = 0; i < runs; i++) await profiled.run(feeds);
  captured = [];
  profiled.endProfiling();
  const text = captured.join('\n');
  captured = null;
  await profiled.release();

  const events = [...text.matchAll(/\{"cat" : "Node".*\}\}/g)]
    .map((m) => JSON.parse(m[0]) as KernelEvent)
    .filter((e) => e.name.endsWith('_kernel_time'));
  if (events.length === 0) throw new Error(`no kernel events in ORT's profile output (${text.length} characters)`);
  const groups = new Map<string, { us: number; macs: number; nodes: number }>();
  for (const e of events) {
    const { group, macs } = classify(e);
    const g = groups.get(group) ?? { us: 0, macs: 0, nodes: 0 };
    g.us += e.dur;
    g.macs += macs;
    g.nodes++;
    groups.set(group, g);
  }
  const totalUs = [...groups.values()].reduce((a, g) => a + g.us, 0);
  console.log(`\n${name} (${net.file}, ${JSON.stringify(net.inputs)}): ${plainMs.toFixed(2)} ms/run unprofiled; profiled kernels ${(totalUs / runs / 1000).toFixed(2)} ms/run`);
  console.log(`  ${'group'.padEnd(22)} ${'ms/run'.padStart(7)} ${'share'.padStart(6)} ${'nodes'.padStart(5)} ${'MMAC'.padStart(7)} ${'MAC/us'.padStart(7)}`);
  for (const [group, g] of [...groups].sort((a, b) => b[1].us - a[1].us)) {
    const macs = g.macs / runs;
    console.log(`  ${group.padEnd(22)} ${(g.us / runs / 1000).toFixed(2).padStart(7)} ${((100 * g.us) / totalUs).toFixed(1).padStart(5)}% ${String(g.nodes / runs).padStart(5)} ${macs ? (macs / 1e6).toFixed(1).padStart(7) : ''.padStart(7)} ${macs ? (macs / (g.us / runs)).toFixed(0).padStart(7) : ''}`);
  }
}
