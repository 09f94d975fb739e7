import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../../common/bytes';
import {
  encodeVarint, fieldString, lengthDelimited, parseMessage, readVarint, rewriteFields, stringField,
  utf8Decode, utf8Encode, varintField, WIRE_FIXED32, WIRE_LEN, WIRE_VARINT,
} from '../../../workers/core/protobuf-wire';

describe('varints', () => {
  it('encode as protobuf does and read back', () => {
    expect([...encodeVarint(0)]).toEqual([0]);
    expect([...encodeVarint(1)]).toEqual([1]);
    expect([...encodeVarint(127)]).toEqual([127]);
    expect([...encodeVarint(128)]).toEqual([0x80, 0x01]);
    expect([...encodeVarint(300)]).toEqual([0xac, 0x02]);
    for (const v of [0, 1, 127, 128, 300, 16383, 16384, 2 ** 31, 2 ** 35 + 7, Number.MAX_SAFE_INTEGER]) {
      const bytes = encodeVarint(v);
      expect(readVarint(bytes, 0)).toEqual([v, bytes.length]);
    }
  });
  it('refuses what it cannot encode and an unterminated varint', () => {
    expect(() => encodeVarint(-1)).toThrow(/varint/);
    expect(() => encodeVarint(1.5)).toThrow(/varint/);
    expect(() => readVarint(Uint8Array.of(0x80, 0x80), 0)).toThrow(/unterminated/);
  });
});

describe('messages', () => {
  // field 1 = 150 (varint), field 2 = "testing", field 3 = fixed32 1.5
  const fixed = new Uint8Array(4);
  new DataView(fixed.buffer).setFloat32(0, 1.5, true);
  const message = concatBytes([varintField(1, 150), stringField(2, 'testing'), Uint8Array.of((3 << 3) | WIRE_FIXED32), fixed]);

  it('splits into fields with their payloads (the canonical example from the protobuf docs)', () => {
    expect([...message.subarray(0, 3)]).toEqual([0x08, 0x96, 0x01]);
    expect([...message.subarray(3, 5)]).toEqual([0x12, 0x07]);
    const fields = parseMessage(message);
    expect(fields.map((f) => [f.field, f.wire])).toEqual([[1, WIRE_VARINT], [2, WIRE_LEN], [3, WIRE_FIXED32]]);
    expect(readVarint(message, fields[0].dataStart)[0]).toBe(150);
    expect(fieldString(message, fields[1])).toBe('testing');
    expect(new DataView(message.buffer, fields[2].dataStart, 4).getFloat32(0, true)).toBe(1.5);
    expect(fields.at(-1)!.end).toBe(message.length);
  });
  it('refuses a truncated message', () => {
    expect(() => parseMessage(message.subarray(0, message.length - 1))).toThrow(/past the end/);
    expect(() => parseMessage(Uint8Array.of(0x12, 0x05, 0x61))).toThrow(/past the end/);
    expect(() => parseMessage(Uint8Array.of(0x0b))).toThrow(/wire type 3/);
  });
  it('rewrites chosen fields and copies the rest byte for byte', () => {
    const fields = parseMessage(message);
    const out = rewriteFields(message, fields, (f) => (f.field === 2 ? lengthDelimited(2, utf8Encode('longer text here')) : undefined));
    const back = parseMessage(out);
    expect(fieldString(out, back[1])).toBe('longer text here');
    expect(out.subarray(0, 3)).toEqual(message.subarray(0, 3));
    expect(out.subarray(back[2].start)).toEqual(message.subarray(fields[2].start));
    expect(rewriteFields(message, fields, () => undefined)).toEqual(message);
  });
});

describe('UTF-8', () => {
  it('matches the platform encoder on ASCII, accents, CJK and astral characters', () => {
    for (const text of ['', 'feature', 'caméra', '追踪器', 'box 📦 end']) {
      expect([...utf8Encode(text)]).toEqual([...Buffer.from(text, 'utf8')]);
      expect(utf8Decode(new Uint8Array(Buffer.from(text, 'utf8')))).toBe(text);
    }
  });
});
