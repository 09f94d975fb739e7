import { describe, expect, it } from 'vitest';
import { packMessage, unpackMessage } from '../../common/wire';

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
