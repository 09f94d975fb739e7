/**
 * `bench.ts --diagnose default|custom`: why onnxruntime-web's WebGPU EP fails on an adapter, in a
 * process of its own (a failed WebGPU session leaves ORT's module unable to create another one:
 * "another WebGPU EP inference session is being created").
 * - What the adapter offers (features, the limits ORT asks for) and which device requests it grants.
 * - `default`: ORT requests the device itself from env.webgpu.adapter, as the app's worker does.
 * - `custom`: we request a plain device (no required features or limits) and hand it to ORT in the
 *   execution provider's options.
 * Each then creates the NanoTrack backbone session and runs it once on a test pattern.
 */
import type { BackendOrtModule, GpuAdapterLike, GpuLike } from '../../workers/backend';
import { testPattern } from '../../workers/backend';

const LIMITS = [
  'maxBufferSize', 'maxStorageBufferBindingSize', 'maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX', 'maxComputeWorkgroupSizeY', 'maxComputeWorkgroupSizeZ', 'maxComputeWorkgroupsPerDimension',
];

interface DawnAdapter extends GpuAdapterLike {
  features: Iterable<string>;
  limits: Record<string, number>;
  requestDevice(desc?: Record<string, unknown>): Promise<{ destroy(): void }>;
}

const describe = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e));

/** A fresh adapter for every device request: an adapter grants one device ("consumed" after it). */
export async function diagnoseWebGpu(ort: BackendOrtModule, gpu: GpuLike, backbone: Uint8Array, mode: string): Promise<boolean> {
  const fresh = async () => (await gpu.requestAdapter({ powerPreference: 'high-performance' })) as DawnAdapter;
  const adapter = await fresh();
  const features = [...adapter.features];
  console.log(`adapter features: ${features.join(' ') || '(none)'}`);
  console.log(`adapter limits: ${LIMITS.map((n) => `${n}=${adapter.limits[n]}`).join(' ')}`);
  const requests: [string, Record<string, unknown> | undefined][] = [
    ['plain', undefined],
    ['all features', { requiredFeatures: features }],
    ['ORT limits', { requiredLimits: Object.fromEntries(LIMITS.map((n) => [n, adapter.limits[n]])) }],
  ];
  for (const [label, desc] of requests) {
    try {
      (await (await fresh()).requestDevice(desc)).destroy();
      console.log(`requestDevice (${label}): ok`);
    } catch (e) {
      console.log(`requestDevice (${label}) failed: ${describe(e)}`);
    }
  }

  (ort.env as { logLevel?: string }).logLevel = 'verbose';
  ort.env.wasm.numThreads = 1; // the bundled loader cannot start pthread workers in Node
  let ep: unknown = 'webgpu';
  if (mode === 'custom') {
    ep = { name: 'webgpu', device: await (await fresh()).requestDevice() };
  } else if (ort.env.webgpu) {
    ort.env.webgpu.adapter = await fresh();
  }
  try {
    const session = await ort.InferenceSession.create(backbone, { executionProviders: [ep], graphOptimizationLevel: 'all' });
    const input = testPattern([1, 3, 255, 255]);
    const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', input.data, input.dims) };
    const t0 = performance.now();
    await session.run(feeds);
    const first = performance.now() - t0;
    const t1 = performance.now();
    for (let i = 0; i < 10; i++) await session.run(feeds);
    console.log(`WebGPU session (${mode} device): ok, backbone first run ${first.toFixed(1)} ms, then ${((performance.now() - t1) / 10).toFixed(2)} ms/run`);
    await session.release();
    return true;
  } catch (e) {
    console.log(`WebGPU session (${mode} device) failed: ${describe(e)}`);
    return false;
  }
}
