import { describe, expect, it } from 'vitest';
import { packMessage, unpackMessage, WireStreamReader, readWireMessages, WireStreamCutError, type ByteSource } from '../../common/wire';
import { seededRandom } from '../helpers/random';

describe('wire framing', () => {
  it('round-trips JSON with several byte arrays as views, without copying them through JSON', () => {
    const a = Uint8Array.from([1, 2, 3]);
    const b = new Uint8Array(1000).fill(7);
    const packed = packMessage({ id: 4, ok: true, value: { frame: { data: a }, list: [b, { deep: new Uint8Array(0) }], name: 'ünïcødé ✓ 🎯' } });
    expect(packed.byteLength).toBeLessThan(1100 + 200); // bytes as bytes, not as JSON numbers
    const out = unpackMessage(packed.buffer as ArrayBuffer) as { id: number; value: { frame: { data: Uint8Array }; list: [Uint8Array, { deep: Uint8Array }]; name: string } };
    expect(out.id).toBe(4);
    expect([...out.value.frame.data]).toEqual([1, 2, 3]);
    expect(out.value.list[0].byteLength).toBe(1000);
    expect(out.value.list[0][999]).toBe(7);
    expect(out.value.list[1].deep.byteLength).toBe(0);
    expect(out.value.name).toBe('ünïcødé ✓ 🎯');
    expect(out.value.frame.data.buffer).toBe(packed.buffer); // a view, no copy
  });

  it('reads the same message where the runtime has no TextDecoder', () => {
    const message = { id: 9, value: { name: 'ünïcødé ✓ 🎯', times: Array.from({ length: 20_000 }, (_, i) => i / 3), parts: [new Uint8Array([5, 6])] } };
    const packed = packMessage(message);
    const withDecoder = unpackMessage(packed);
    const saved = globalThis.TextDecoder;
    try {
      Reflect.deleteProperty(globalThis, 'TextDecoder');
      expect(globalThis.TextDecoder).toBeUndefined();
      expect(unpackMessage(packed)).toEqual(withDecoder);
    } finally {
      globalThis.TextDecoder = saved;
    }
    expect(withDecoder).toEqual(message);
  });

  it('takes Node Buffers as bytes (not their toJSON form)', () => {
    const out = unpackMessage(packMessage({ data: Buffer.from('hello') })) as { data: Uint8Array };
    expect(Buffer.from(out.data).toString()).toBe('hello');
  });

  it('refuses truncated or inconsistent messages', () => {
    const packed = packMessage({ data: new Uint8Array(10) });
    expect(() => unpackMessage(packed.subarray(0, 2))).toThrow(/too short/);
    expect(() => unpackMessage(packed.subarray(0, packed.byteLength - 1))).toThrow(/holds/);
    const bad = packed.slice();
    new DataView(bad.buffer).setUint32(0, 1e6, true);
    expect(() => unpackMessage(bad)).toThrow(/overruns/);
  });
});

describe('wire pieces', () => {
  it('are the message, cut where the byte parts start', async () => {
    const { packMessageParts } = await import('../../common/wire');
    const value = { id: 1, data: Uint8Array.of(1, 2), more: [Uint8Array.of(3)] };
    const pieces = packMessageParts(value);
    expect(pieces).toHaveLength(3);
    expect(pieces[1]).toBe(value.data); // the caller's bytes, not a copy
    const joined = Buffer.concat(pieces);
    expect(Buffer.compare(joined, Buffer.from(packMessage(value)))).toBe(0);
  });
});

/** Messages sent back to back on one stream, as the browser host's frame stream sends them. */
const messages = [
  { ok: true, value: { index: 0, data: Uint8Array.from({ length: 3000 }, (_, i) => i & 255) } },
  { ok: false, error: 'frame 9 is outside the video — ünïcødé' },
  { ok: true, value: { index: 1, data: new Uint8Array(0), more: [Uint8Array.of(1, 2, 3), Uint8Array.of(4)] } },
  { ok: true, value: { index: 2, data: new Uint8Array(7_000).fill(9) } },
];
const stream = Buffer.concat(messages.map((m) => packMessage(m)));

describe('wire stream reader', () => {
  it('reads messages sent back to back, however the stream is cut into chunks', () => {
    const random = seededRandom(7);
    for (const maxChunk of [1, 3, 4, 5, 17, 4096, stream.length]) {
      const reader = new WireStreamReader();
      const out: unknown[] = [];
      for (let at = 0; at < stream.length;) {
        const n = Math.max(1, Math.ceil(random() * maxChunk));
        out.push(...reader.push(new Uint8Array(stream.subarray(at, at + n))));
        at += n;
      }
      expect(out, `chunks up to ${maxChunk} bytes`).toEqual(messages);
      expect(reader.midMessage).toBe(false);
    }
  });

  it('gives each byte part a buffer of its own (transferable alone), not a view into a chunk', () => {
    const reader = new WireStreamReader();
    const [first, , third] = reader.push(new Uint8Array(stream)) as { value: { data: Uint8Array; more?: Uint8Array[] } }[];
    expect(first.value.data.byteOffset).toBe(0);
    expect(first.value.data.buffer.byteLength).toBe(3000);
    expect(third.value.more![0].buffer.byteLength).toBe(3);
    expect(first.value.data.buffer).not.toBe(stream.buffer);
  });

  it('tells a stream cut inside a message, and refuses a header that describes no part', () => {
    const cut = new WireStreamReader();
    expect(cut.push(new Uint8Array(stream.subarray(0, stream.length - 10)))).toHaveLength(3);
    expect(cut.midMessage).toBe(true);
    const headerOnly = new WireStreamReader();
    headerOnly.push(new Uint8Array(stream.subarray(0, 2)));
    expect(headerOnly.midMessage).toBe(true);
    const json = Buffer.from('{"data":{"$bin":1,"n":2}}');
    const bad = Buffer.concat([Buffer.from([json.length, 0, 0, 0]), json, Buffer.alloc(2)]);
    expect(() => new WireStreamReader().push(new Uint8Array(bad))).toThrow(/missing part 0/);
  });
});

describe('wire messages read into their own buffers (BYOB)', () => {
  /** A source that writes at most `maxChunk` bytes a read and, like a BYOB reader, takes the buffer over. */
  function chunkedSource(bytes: Uint8Array, maxChunk: number, random: () => number): ByteSource {
    let at = 0;
    return async (into) => {
      if (at >= bytes.length) return null;
      const n = Math.min(into.byteLength, bytes.length - at, Math.max(1, Math.ceil(random() * maxChunk)));
      into.set(bytes.subarray(at, at + n));
      at += n;
      const moved = structuredClone(into.buffer, { transfer: [into.buffer] }); // the old buffer is now detached
      return new Uint8Array(moved, into.byteOffset, n);
    };
  }

  const all = async (source: ByteSource) => {
    const out: unknown[] = [];
    for await (const m of readWireMessages(source)) out.push(m);
    return out;
  };

  it('reads messages sent back to back, however the reads are cut, each part in a buffer of exactly its size', async () => {
    const random = seededRandom(11);
    for (const maxChunk of [1, 3, 4, 5, 17, 4096, stream.length]) {
      const out = await all(chunkedSource(stream, maxChunk, random));
      expect(out, `reads up to ${maxChunk} bytes`).toEqual(messages);
      const first = out[0] as { value: { data: Uint8Array } };
      expect(first.value.data.byteOffset).toBe(0);
      expect(first.value.data.buffer.byteLength).toBe(3000);
    }
  });

  it('reads a real byte stream through its BYOB reader', async () => {
    let sent = 0;
    const body = new ReadableStream({
      type: 'bytes',
      pull(controller) {
        const n = Math.min(1000, stream.length - sent);
        if (n === 0) {
          controller.close();
          controller.byobRequest?.respond(0); // a read waiting at the end learns it is done
          return;
        }
        controller.enqueue(new Uint8Array(stream.subarray(sent, sent + n)));
        sent += n;
      },
    });
    const reader = body.getReader({ mode: 'byob' });
    const out = await all(async (into) => {
      const { done, value } = await reader.read(into);
      return done || !value ? null : value;
    });
    expect(out).toEqual(messages);
  }, 10_000);

  it('ends quietly between messages, and tells a stream cut inside one', async () => {
    expect(await all(chunkedSource(new Uint8Array(0), 10, Math.random))).toEqual([]);
    for (const cut of [2, 10, stream.length - 10]) {
      await expect(all(chunkedSource(stream.subarray(0, cut), 64, Math.random)), `cut at ${cut}`).rejects.toThrow(WireStreamCutError);
    }
    const garbled = Uint8Array.of(0xff, 0xff, 0xff, 0x7f, 1, 2, 3);
    await expect(all(chunkedSource(garbled, 64, Math.random))).rejects.toThrow(/header of 2147483647 bytes/);
  });
});
