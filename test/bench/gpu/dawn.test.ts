import { describe, expect, it } from 'vitest';
import { copySharedWrites, type QueueLike } from '../../../bench/gpu/dawn';

/** A queue that records what reaches Dawn's writeBuffer, and rejects shared memory as Dawn for Node does. */
function fakeQueue() {
  const calls: { bytes: number[]; dataOffset?: number; size?: number; shared: boolean }[] = [];
  class Queue implements QueueLike {
    writeBuffer(_buffer: unknown, _offset: number, data: ArrayBufferView | ArrayBufferLike, dataOffset?: number, size?: number): void {
      const view = ArrayBuffer.isView(data) ? data : new Uint8Array(data);
      const shared = view.buffer instanceof SharedArrayBuffer;
      if (shared) throw new Error('Invalid argument');
      calls.push({ bytes: [...new Uint8Array(view.buffer, view.byteOffset, view.byteLength)], dataOffset, size, shared });
    }
  }
  copySharedWrites(Queue);
  return { queue: new Queue(), calls };
}

describe('copySharedWrites', () => {
  it('copies the written range of a SharedArrayBuffer view into plain memory', () => {
    const { queue, calls } = fakeQueue();
    const heap = new Uint8Array(new SharedArrayBuffer(16));
    heap.forEach((_, i) => (heap[i] = i));
    // ORT's call: a subarray of the WASM heap, dataOffset 0, size in bytes.
    queue.writeBuffer({}, 0, heap.subarray(4, 12), 0, 8);
    // Offsets and sizes of a typed array count elements, not bytes.
    const floats = new Float32Array(heap.buffer, 0, 4);
    queue.writeBuffer({}, 0, floats, 1, 2);
    queue.writeBuffer({}, 0, floats, 3);
    expect(calls.map((c) => c.bytes)).toEqual([[4, 5, 6, 7, 8, 9, 10, 11], [4, 5, 6, 7, 8, 9, 10, 11], [12, 13, 14, 15]]);
    expect(calls.every((c) => c.dataOffset === 0 && c.size === c.bytes.length)).toBe(true);
  });

  it('passes other data through untouched', () => {
    const { queue, calls } = fakeQueue();
    queue.writeBuffer({}, 0, new Uint8Array([1, 2, 3, 4]), 1, 2);
    expect(calls).toEqual([{ bytes: [1, 2, 3, 4], dataOffset: 1, size: 2, shared: false }]);
  });
});
