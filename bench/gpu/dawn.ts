/**
 * Dawn for Node (the `webgpu` npm package) as navigator.gpu for bench.ts: WebGPU in Node, on the
 * machine's Vulkan driver.
 */
import { createRequire } from 'node:module';
import type { GpuLike } from '../../workers/backend';

export interface QueueLike {
  writeBuffer(buffer: unknown, offset: number, data: ArrayBufferView | ArrayBufferLike, dataOffset?: number, size?: number): void;
}

/**
 * Dawn for Node rejects `queue.writeBuffer` from a view of a SharedArrayBuffer ("Invalid argument"),
 * which is what onnxruntime-web hands it: its threaded WASM build's memory is shared. Browsers accept
 * such views, so only this Node host copies them into a plain buffer first.
 */
export function copySharedWrites(queue: { prototype: QueueLike }): void {
  const write = queue.prototype.writeBuffer;
  queue.prototype.writeBuffer = function (buffer, offset, data, dataOffset = 0, size) {
    if (ArrayBuffer.isView(data) && typeof SharedArrayBuffer !== 'undefined' && data.buffer instanceof SharedArrayBuffer) {
      const unit = (data as Uint8Array).BYTES_PER_ELEMENT ?? 1;
      const count = size ?? data.byteLength / unit - dataOffset;
      const copy = new Uint8Array(data.buffer, data.byteOffset + dataOffset * unit, count * unit).slice();
      return write.call(this, buffer, offset, copy, 0, copy.byteLength);
    }
    return write.call(this, buffer, offset, data, dataOffset, size);
  };
}

/** Dawn's navigator.gpu, or why there is none. */
export function loadDawn(dawnModule?: string): { gpu: GpuLike | null; why: string } {
  const candidates = [dawnModule, 'webgpu'].filter((p): p is string => !!p);
  for (const path of candidates) {
    try {
      const require = createRequire(import.meta.url);
      // The package's index.js only wraps dawn.node; the .node file is what must load (it needs libvulkan.so.1).
      const dawn = require(path.endsWith('.node') ? path : `${path}/dist/${process.platform}-${process.arch}/dawn.node`) as {
        create(flags: string[]): GpuLike;
        globals: Record<string, unknown>;
      };
      Object.assign(globalThis, dawn.globals);
      copySharedWrites(dawn.globals.GPUQueue as { prototype: QueueLike });
      const gpu = dawn.create([]);
      (globalThis as { navigator?: unknown }).navigator = { gpu, hardwareConcurrency: 4 };
      return { gpu, why: `Dawn from ${path}` };
    } catch (e) {
      if (path === candidates[candidates.length - 1]) return { gpu: null, why: `Dawn not loadable: ${(e as Error).message.split('\n')[0]}` };
    }
  }
  return { gpu: null, why: 'no Dawn' };
}
