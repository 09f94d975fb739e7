/**
 * Just enough of protobuf's wire format to edit a message without its schema: split it into
 * fields (kept as byte spans, so anything not edited is copied verbatim) and encode new
 * length-delimited fields. Used to rewrite one node of an ONNX graph (onnx-graph.ts).
 */
import { concatBytes } from '../../common/bytes';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

export interface WireField {
  field: number;
  wire: number;
  /** The whole field (tag included) within the message. */
  start: number;
  end: number;
  /** The payload: a varint's bytes, the fixed bytes, or a length-delimited field's content. */
  dataStart: number;
  dataEnd: number;
}

/** A varint at `pos` as a number (exact below 2^53, ample for lengths and ONNX's small ints). */
export function readVarint(buf: Uint8Array, pos: number): [value: number, next: number] {
  let value = 0;
  let factor = 1;
  for (let i = pos; i < buf.length && i < pos + 10; i++) {
    const b = buf[i];
    value += (b & 0x7f) * factor;
    if (!(b & 0x80)) return [value, i + 1];
    factor *= 128;
  }
  throw new Error(`protobuf: unterminated varint at byte ${pos}`);
}

/** The top-level fields of a message, in order. Throws on a malformed or truncated message. */
export function parseMessage(buf: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const start = pos;
    const [tag, afterTag] = readVarint(buf, pos);
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (field < 1) throw new Error(`protobuf: field number 0 at byte ${start}`);
    let dataStart = afterTag;
    let dataEnd: number;
    if (wire === WIRE_VARINT) dataEnd = readVarint(buf, afterTag)[1];
    else if (wire === WIRE_FIXED64) dataEnd = afterTag + 8;
    else if (wire === WIRE_FIXED32) dataEnd = afterTag + 4;
    else if (wire === WIRE_LEN) {
      const [length, afterLength] = readVarint(buf, afterTag);
      dataStart = afterLength;
      dataEnd = afterLength + length;
    } else throw new Error(`protobuf: unsupported wire type ${wire} at byte ${start}`);
    if (dataEnd > buf.length) throw new Error(`protobuf: field ${field} runs past the end (${dataEnd} > ${buf.length})`);
    fields.push({ field, wire, start, end: dataEnd, dataStart, dataEnd });
    pos = dataEnd;
  }
  return fields;
}

export function encodeVarint(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`protobuf: cannot encode ${value} as a varint`);
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Uint8Array.from(out);
}

/** A varint field: tag, value. */
export function varintField(field: number, value: number): Uint8Array {
  return concatBytes([encodeVarint(field * 8 + WIRE_VARINT), encodeVarint(value)]);
}

/** A length-delimited field: tag, length, payload. */
export function lengthDelimited(field: number, payload: Uint8Array): Uint8Array {
  return concatBytes([encodeVarint(field * 8 + WIRE_LEN), encodeVarint(payload.length), payload]);
}

export function stringField(field: number, text: string): Uint8Array {
  return lengthDelimited(field, utf8Encode(text));
}

export function fieldString(buf: Uint8Array, f: WireField): string {
  return utf8Decode(buf.subarray(f.dataStart, f.dataEnd));
}

/** The message with the fields for which `replace` returns bytes swapped for those bytes (others kept as they are). */
export function rewriteFields(buf: Uint8Array, fields: readonly WireField[], replace: (f: WireField) => Uint8Array | undefined): Uint8Array {
  return concatBytes(fields.map((f) => replace(f) ?? buf.subarray(f.start, f.end)));
}

// UTF-8 by hand: the core's TypeScript lib has no TextEncoder (it is a web and Node global, not ECMAScript).
export function utf8Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

export function utf8Decode(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    const extra = b < 0x80 ? 0 : b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : 1;
    let c = extra === 0 ? b : b & (0x3f >> extra);
    for (let k = 1; k <= extra; k++) c = (c << 6) | ((bytes[i + k] ?? 0) & 63);
    text += String.fromCodePoint(c);
    i += extra + 1;
  }
  return text;
}
