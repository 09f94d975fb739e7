/**
 * The browser host's side of the bridge: one WebSocket, JSON requests with an id, binary
 * replies (common/wire.ts) whose byte arrays are views into the received buffer. Frame reads
 * go over `POST /rpc` instead (main/host/server.ts): Chromium receives a 720p frame faster by
 * fetch, and a seek's frame never queues behind prefetched ones on the socket. Tracking reads runs
 * of frames from one streamed response (frameStream): several times less CPU per frame here.
 */
import { FRAME_STREAM_PATH, type Channel, type Envelope, type FramePayload, type FrameStreamRequest, type Response as Reply } from '../common/contract';
import { readWireMessages, unpackMessage, WireStreamCutError, WireStreamReader } from '../common/wire';
import { unwrap, type Bridge } from './bridge-types';

/** Channels whose (large, binary) replies come by HTTP. */
const HTTP_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['video:frame']);

interface Pending {
  channel: Channel;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export interface ConnectOptions {
  /** Read frame streams through a BYOB reader where the browser offers one (default true; false: chunk by chunk). */
  byteReads?: boolean;
}

/** A BYOB reader of a fetch body, or null where the body is not a byte stream (older browsers). */
function byobReaderOf(body: ReadableStream<Uint8Array>): ReadableStreamBYOBReader | null {
  try {
    return body.getReader({ mode: 'byob' });
  } catch {
    return null;
  }
}

export async function connectHost(loc: Pick<Location, 'host' | 'search' | 'protocol'>, opts: ConnectOptions = {}): Promise<Bridge> {
  const token = new URLSearchParams(loc.search).get('token');
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  const ws = new WebSocket(`${scheme}://${loc.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`);
  ws.binaryType = 'arraybuffer';
  const pending = new Map<number, Pending>();
  const disconnectListeners: ((reason: string) => void)[] = [];
  let nextId = 1;
  let closedReason: string | null = null;

  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = () => reject(new Error('cannot reach the tracker host: is `npm run serve` still running, and was the page opened with its ?token= URL?'));
  });

  ws.onmessage = (ev: MessageEvent) => {
    if (!(ev.data instanceof ArrayBuffer)) return;
    let msg: Envelope<unknown> & { id?: number };
    try {
      msg = unpackMessage(ev.data) as typeof msg;
    } catch {
      return;
    }
    const p = typeof msg.id === 'number' ? pending.get(msg.id) : undefined;
    if (!p) return;
    pending.delete(msg.id as number);
    try {
      p.resolve(unwrap(p.channel, msg));
    } catch (e) {
      p.reject(e instanceof Error ? e : new Error(String(e)));
    }
  };
  ws.onclose = (ev: CloseEvent) => {
    closedReason = `the connection to the tracker host closed${ev.reason ? ` (${ev.reason})` : ''}; restart \`npm run serve\` and reload`;
    for (const p of pending.values()) p.reject(new Error(closedReason));
    pending.clear();
    for (const l of disconnectListeners) l(closedReason);
  };

  const rpcUrl = `${loc.protocol}//${loc.host}/rpc${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  async function viaHttp<C extends Channel>(channel: C, request: unknown): Promise<Reply<C>> {
    const res = await fetch(rpcUrl, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ channel, request }), cache: 'no-store',
    }).catch(() => { throw new Error(closedReason ?? 'cannot reach the tracker host: is `npm run serve` still running?'); });
    if (!res.ok) throw new Error(`the tracker host refused the request (${res.status}: ${(await res.text()).trim()})`);
    return unwrap(channel, unpackMessage(await res.arrayBuffer()) as Envelope<unknown>) as Reply<C>;
  }

  const streamUrl = `${loc.protocol}//${loc.host}${FRAME_STREAM_PATH}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  async function* frameStream(request: FrameStreamRequest, signal: AbortSignal): AsyncGenerator<FramePayload> {
    if (closedReason) throw new Error(closedReason);
    const res = await fetch(streamUrl, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request), cache: 'no-store', signal,
    }).catch((e: unknown) => {
      throw signal.aborted ? e : new Error(closedReason ?? 'cannot reach the tracker host: is `npm run serve` still running?');
    });
    if (!res.ok || !res.body) throw new Error(`the tracker host refused the frame stream (${res.status}: ${(await res.text()).trim()})`);
    const body = res.body;
    const byob = opts.byteReads !== false ? byobReaderOf(body) : null;
    const reader = byob ?? body.getReader();
    try {
      if (byob) {
        // Each frame is read straight into a buffer of its own: no chunk buffers to copy out of.
        const source = async (into: Uint8Array) => {
          const { done, value } = await byob.read(into);
          return done || !value ? null : value;
        };
        for await (const msg of readWireMessages(source)) yield unwrap('video:frame', msg as Envelope<unknown>);
        return;
      }
      const chunks = reader as ReadableStreamDefaultReader<Uint8Array>;
      const wire = new WireStreamReader();
      for (;;) {
        const { done, value } = await chunks.read();
        if (done) break;
        // Stop pulling while the caller holds off: the host then waits for the socket to drain.
        for (const msg of wire.push(value)) yield unwrap('video:frame', msg as Envelope<unknown>);
      }
      if (wire.midMessage) throw new WireStreamCutError();
    } catch (e) {
      throw e instanceof WireStreamCutError ? new Error('the frame stream from the tracker host ended inside a frame') : e;
    } finally {
      reader.cancel().catch(() => undefined);
    }
  }

  return {
    shell: 'browser',
    frameStream,
    invoke(channel, request) {
      if (closedReason) return Promise.reject(new Error(closedReason));
      if (HTTP_CHANNELS.has(channel)) return viaHttp(channel, request);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { channel, resolve: resolve as (v: unknown) => void, reject });
        ws.send(JSON.stringify({ id, channel, request }));
      });
    },
    onMenu: () => () => undefined,
    pathForFile: () => null,
    onDisconnect: (l) => { disconnectListeners.push(l); },
  };
}
