/**
 * Binary framing for one message that mixes JSON values and byte arrays (the browser host's
 * WebSocket replies). Layout: [u32 LE header length][header: ASCII JSON][part 0][part 1]...
 * Each Uint8Array in the value is replaced in the header by {"$bin": i, "n": byteLength} and
 * its bytes follow the header, so pixels never pass through JSON or base64. Unpacking
 * returns views into the received buffer (no copy); WireStreamReader reads messages sent back to
 * back on one stream.
 */
import { concatBytes } from './bytes';

const BIN = '$bin';

/**
 * The message as its pieces, [length + header, part 0, part 1, ...], whose concatenation is the
 * message: a sender can write them as fragments of one WebSocket message without copying pixels.
 */
export function packMessageParts(value: unknown): Uint8Array[] {
  const parts: Uint8Array[] = [];
  const header = JSON.stringify(value, function replacer(this: Record<string, unknown>, key, v: unknown) {
    // Read the holder, not `v`: Node's Buffer has a toJSON that would already have expanded it.
    const raw = this[key];
    if (raw instanceof Uint8Array) {
      parts.push(raw);
      return { [BIN]: parts.length - 1, n: raw.byteLength };
    }
    return v;
  });
  const headerBytes = asciiBytes(header);
  const head = new Uint8Array(4 + headerBytes.byteLength);
  new DataView(head.buffer).setUint32(0, headerBytes.byteLength, true);
  head.set(headerBytes, 4);
  return [head, ...parts];
}

/** The whole message in one buffer. */
export function packMessage(value: unknown): Uint8Array {
  return concatBytes(packMessageParts(value));
}

export function unpackMessage(buffer: ArrayBuffer | Uint8Array): unknown {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  if (bytes.byteLength < 4) throw new Error('wire message too short');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  if (4 + headerLength > bytes.byteLength) throw new Error('wire message header overruns the buffer');
  const { parsed, sizes } = parseHeader(bytes.subarray(4, 4 + headerLength));
  const offsets: number[] = [];
  let offset = 4 + headerLength;
  for (const size of sizes) {
    offsets.push(offset);
    offset += size;
  }
  if (offset !== bytes.byteLength) throw new Error(`wire message holds ${bytes.byteLength} bytes, header describes ${offset}`);
  return revive(parsed, (i) => bytes.subarray(offsets[i], offsets[i] + sizes[i]));
}

/**
 * Messages of a byte stream that carries them back to back (the browser host's frame stream),
 * fed in whatever chunks the transport delivers. Each byte part is copied once, into a buffer of
 * its own (a frame can be transferred to a worker without its neighbours).
 */
export class WireStreamReader {
  private readonly chunks: Uint8Array[] = [];
  /** Read position inside chunks[0]. */
  private offset = 0;
  private buffered = 0;
  private header: { parsed: unknown; sizes: number[]; bytes: number } | null = null;

  /** Add a chunk; returns the messages it completed, in order. */
  push(chunk: Uint8Array): unknown[] {
    if (chunk.byteLength > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.byteLength;
    }
    const messages: unknown[] = [];
    for (;;) {
      if (!this.header) {
        if (this.buffered < 4) break;
        const length = new DataView(this.take(4, true).buffer).getUint32(0, true);
        if (this.buffered < 4 + length) break;
        this.take(4); // the length just read
        const { parsed, sizes } = parseHeader(this.take(length));
        this.header = { parsed, sizes, bytes: sizes.reduce((a, b) => a + b, 0) };
      }
      if (this.buffered < this.header.bytes) break;
      const parts = this.header.sizes.map((n) => this.take(n));
      messages.push(revive(this.header.parsed, (i) => parts[i]));
      this.header = null;
    }
    return messages;
  }

  /** True when the bytes so far end inside a message (at the end of a stream: it was cut short). */
  get midMessage(): boolean {
    return this.header !== null || this.buffered > 0;
  }

  /** The next n buffered bytes in a new buffer; `peek` leaves them buffered. */
  private take(n: number, peek = false): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    let chunk = 0;
    let offset = this.offset;
    while (filled < n) {
      const c = this.chunks[chunk];
      const m = Math.min(n - filled, c.byteLength - offset);
      out.set(c.subarray(offset, offset + m), filled);
      filled += m;
      offset += m;
      if (offset === c.byteLength) {
        chunk++;
        offset = 0;
      }
    }
    if (!peek) this.consume(chunk, offset, n);
    return out;
  }

  private consume(chunks: number, offset: number, bytes: number): void {
    this.chunks.splice(0, chunks);
    this.offset = offset;
    this.buffered -= bytes;
  }
}

/**
 * Fills `into` (a view on a buffer it may take over, as a BYOB stream reader does) with the next
 * bytes of a stream: resolves to the view of the bytes written, at least one, or null at the end.
 */
export type ByteSource = (into: Uint8Array) => Promise<Uint8Array | null>;

/** A header describes byte parts and a few fields: far below this. */
const MAX_WIRE_HEADER = 1 << 20;

/** Thrown by readWireMessages when the stream ends inside a message. */
export class WireStreamCutError extends Error {
  constructor() {
    super('the stream ended inside a wire message');
  }
}

/**
 * Messages of a byte stream read straight into their own buffers (BYOB: no chunk buffers, no
 * copy out of them, unlike WireStreamReader): each byte part is read into a buffer of exactly
 * its size. Ends quietly at the end of the stream, with WireStreamCutError inside a message.
 */
export async function* readWireMessages(source: ByteSource): AsyncGenerator<unknown> {
  for (;;) {
    const length = await readExactly(source, 4, true);
    if (!length) return;
    const headerLength = new DataView(length.buffer).getUint32(0, true);
    // The buffer is allocated before its bytes arrive: a garbled length must not allocate gigabytes.
    if (headerLength > MAX_WIRE_HEADER) throw new Error(`wire message header of ${headerLength} bytes (at most ${MAX_WIRE_HEADER})`);
    const { parsed, sizes } = parseHeader(await readExactly(source, headerLength));
    const parts: Uint8Array[] = [];
    for (const size of sizes) parts.push(await readExactly(source, size));
    yield revive(parsed, (i) => parts[i]);
  }
}

/** n bytes in a new buffer; null when the stream ends before the first of them and `mayEnd`. */
async function readExactly(source: ByteSource, n: number, mayEnd: true): Promise<Uint8Array | null>;
async function readExactly(source: ByteSource, n: number): Promise<Uint8Array>;
async function readExactly(source: ByteSource, n: number, mayEnd = false): Promise<Uint8Array | null> {
  let buffer = new ArrayBuffer(n);
  let filled = 0;
  while (filled < n) {
    const got = await source(new Uint8Array(buffer, filled, n - filled));
    if (!got || got.byteLength === 0) {
      if (filled === 0 && mayEnd) return null;
      throw new WireStreamCutError();
    }
    filled += got.byteLength;
    buffer = got.buffer as ArrayBuffer; // a BYOB read hands the memory back in a new ArrayBuffer
  }
  return new Uint8Array(buffer);
}

function parseHeader(headerBytes: Uint8Array): { parsed: unknown; sizes: number[] } {
  const sizes: number[] = [];
  // A plain parse and a walk for the byte-part references: a reviver is called for every value,
  // and made the 2 MB header of an hour-long video's 108,000 frame times parse in 97-100 ms, not 12-13.
  const parsed: unknown = JSON.parse(asciiText(headerBytes));
  findParts(parsed, sizes);
  for (let i = 0; i < sizes.length; i++) if (sizes[i] === undefined) throw new Error(`wire message is missing part ${i}`);
  return { parsed, sizes };
}

function findParts(v: unknown, sizes: number[]): void {
  if (typeof v !== 'object' || v === null) return;
  if (isBinRef(v)) {
    sizes[v[BIN]] = v.n;
    return;
  }
  for (const x of Array.isArray(v) ? v : Object.values(v)) findParts(x, sizes);
}

/**
 * The header is JSON with every non-ASCII character escaped (\uXXXX), so it is plain ASCII:
 * one byte per character, written without a text codec (the types of common/ have none).
 */
function asciiBytes(json: string): Uint8Array {
  const ascii = json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const out = new Uint8Array(ascii.length);
  for (let i = 0; i < ascii.length; i++) out[i] = ascii.charCodeAt(i);
  return out;
}

function asciiText(bytes: Uint8Array): string {
  // Every runtime we run in has TextDecoder (2.3-2.5 ms against 138 on a 2 MB header, in Node);
  // the types of common/ do not, so it is looked up, with the portable loop as a fallback.
  const Decoder = (globalThis as { TextDecoder?: new () => { decode(b: Uint8Array): string } }).TextDecoder;
  if (Decoder) return new Decoder().decode(bytes);
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return text;
}

function isBinRef(v: unknown): v is { [BIN]: number; n: number } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 2
    && Number.isInteger((v as Record<string, unknown>)[BIN]) && Number.isInteger((v as Record<string, unknown>).n)
    && (v as Record<string, number>).n >= 0;
}

function revive(v: unknown, part: (i: number) => Uint8Array): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (isBinRef(v)) return part(v[BIN]);
  if (Array.isArray(v)) return v.map((x) => revive(x, part));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = revive(x, part);
  return out;
}
