/**
 * The browser host: serves the built renderer over HTTP and the main-process services over a
 * WebSocket (JSON requests in, binary replies out: common/wire.ts), on 127.0.0.1 only. The same
 * calls are answered at `POST /rpc` too, for the renderer's frame reads: Chromium receives a 720p
 * frame by fetch in ~53 ms here against ~85 ms as a WebSocket message, and one frame no longer
 * waits behind another reply on the one socket.
 * Every HTTP and WebSocket request must carry the per-run token (in the URL once, then the
 * cookie the first page load sets); the Host header and the WebSocket Origin must name this
 * very server (no DNS rebinding, no other page driving it).
 */
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { WebSocket, WebSocketServer as WebSocketServerType } from 'ws';
import { FRAME_STREAM_PATH, parseFrameStreamRequest, type FrameStreamRequest } from '../../common/contract';
import { packMessage, packMessageParts } from '../../common/wire';
import { dispatch, type Handlers } from '../ipc';
import { mimeType, rendererHeaders } from '../window-options';
import { resolveStatic } from './static';
import { cookieName, cookieValue, newToken, tokensMatch } from './token';

export interface HostOptions {
  staticDir: string;
  handlers: Handlers;
  /** 0 (default) picks a free port. */
  port?: number;
  token?: string;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** The largest `POST /rpc` body (frame requests are a few dozen bytes; big writes use the WebSocket). */
export const MAX_RPC_BODY = 64 * 1024;

/** The largest request the host reads (a project or CSV text of up to 256 MiB, JSON-escaped); larger closes the connection. */
export const MAX_WS_MESSAGE = 300 * 1024 * 1024;

// ws's Node entry by file path on purpose: test runners that add the "browser" export condition
// (Solid's Vite plugin does, in test mode) would otherwise resolve ws to its browser stub.
const requireHere = createRequire(import.meta.url);
const { WebSocketServer } = requireHere(join(dirname(requireHere.resolve('ws/package.json')), 'index.js')) as {
  WebSocketServer: typeof WebSocketServerType;
};

export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const token = opts.token ?? newToken();
  let port = 0;
  const selfOrigins = () => [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  const hostAllowed = (req: IncomingMessage) => req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;
  const tokenOf = (req: IncomingMessage) => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams.get('token');
    return { query, cookie: cookieValue(req.headers.cookie, cookieName(port)) };
  };
  const authorised = (req: IncomingMessage) => {
    const t = tokenOf(req);
    return tokensMatch(token, t.query) || tokensMatch(token, t.cookie);
  };

  const server = createServer((req, res) => serveHttp(req, res));
  function serveHttp(req: IncomingMessage, res: ServerResponse) {
    const headers = rendererHeaders(selfOrigins().map((o) => o.replace('http', 'ws')));
    const refuse = (code: number, text: string) => {
      res.writeHead(code, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(text);
    };
    if (!hostAllowed(req)) return refuse(421, 'wrong Host header\n');
    if (!authorised(req)) return refuse(403, 'missing or wrong token: open the URL the host printed\n');
    const route = (req.url ?? '/').split('?')[0];
    if (route === '/rpc' || route === FRAME_STREAM_PATH) {
      // Only this server's own pages may call (the cookie alone would ride along on a cross-site form post).
      if (req.method !== 'POST') return refuse(405, 'method not allowed\n');
      if (!selfOrigins().includes(req.headers.origin ?? '')) return refuse(403, 'calls must come from the host\'s own page\n');
      return void (route === '/rpc' ? serveRpc : serveFrameStream)(req, res, opts.handlers, headers);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(405, 'method not allowed\n');
    const file = resolveStatic(opts.staticDir, route);
    if (!file) return refuse(404, 'not found\n');
    const extra: Record<string, string> = { 'Content-Type': mimeType(file), 'Cache-Control': 'no-cache' };
    if (tokensMatch(token, tokenOf(req).query)) {
      extra['Set-Cookie'] = `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
    }
    res.writeHead(200, { ...headers, ...extra });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE });
  server.on('upgrade', (req, socket, head) => {
    const origin = req.headers.origin;
    const ok = hostAllowed(req) && authorised(req) && typeof origin === 'string' && selfOrigins().includes(origin)
      && (req.url ?? '').split('?')[0] === '/ws';
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, opts.handlers));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** The request body, or null (read to the end and dropped) when it is larger than MAX_RPC_BODY. */
async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Past the bound the rest is read and dropped (memory stays bounded), so the client hears the 413.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_RPC_BODY) chunks.push(chunk);
  }
  return size > MAX_RPC_BODY ? null : Buffer.concat(chunks);
}

function refuseLarge(res: ServerResponse, headers: Record<string, string>): void {
  res.writeHead(413, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end('request too large\n');
}

/** `POST /rpc`: body JSON {channel, request}; reply packed binary {ok, value|error} (common/wire.ts). */
async function serveRpc(req: IncomingMessage, res: ServerResponse, handlers: Handlers, headers: Record<string, string>) {
  const body = await readBody(req);
  if (!body) return refuseLarge(res, headers);
  let reply: object;
  try {
    const msg = parseJson(body.toString());
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) throw new Error('a request must be a JSON object {channel, request}');
    const { channel, request } = msg as { channel?: unknown; request?: unknown };
    reply = await dispatch(handlers, channel, request);
  } catch (e) {
    reply = { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  const pieces = packMessageParts(reply);
  res.writeHead(200, {
    ...headers, 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-store',
    'Content-Length': String(pieces.reduce((n, p) => n + p.byteLength, 0)),
  });
  for (const piece of pieces) res.write(piece);
  res.end();
}

/**
 * `POST /frames` (FRAME_STREAM_PATH): body JSON FrameStreamRequest; the reply streams one packed
 * `video:frame` envelope per frame, read on by the video's one decoder, at the pace the page reads
 * (each frame waits for the socket to drain) and no further once the page hangs up. An error
 * envelope (bad request, frame past the end, decode failure) is the last message.
 */
async function serveFrameStream(req: IncomingMessage, res: ServerResponse, handlers: Handlers, headers: Record<string, string>) {
  const body = await readBody(req);
  if (!body) return refuseLarge(res, headers);
  let closed = false;
  res.on('close', () => { closed = true; });
  res.writeHead(200, { ...headers, 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-store' });
  const send = (reply: object): boolean => {
    let roomLeft = true;
    for (const piece of packMessageParts(reply)) roomLeft = res.write(piece) && roomLeft;
    return roomLeft;
  };
  let request: FrameStreamRequest;
  try {
    request = parseFrameStreamRequest(parseJson(body.toString()));
  } catch (e) {
    send({ ok: false, error: e instanceof Error ? e.message : String(e) });
    return void res.end();
  }
  for (let i = 0; i < request.count && !closed; i++) {
    const reply = await dispatch(handlers, 'video:frame', { videoId: request.videoId, index: request.from + i });
    if (closed) break;
    const roomLeft = send(reply);
    if (!reply.ok) break;
    if (!roomLeft) await drainedOrClosed(res);
  }
  res.end();
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Requests are JSON text {id, channel, request}; replies are packed binary {id, ok, value|error}. */
function serveSocket(ws: WebSocket, handlers: Handlers) {
  // ws is already closing this connection itself (1009 too big, 1007 bad UTF-8, a protocol error);
  // without a listener its 'error' event would be thrown and take the whole host down.
  ws.on('error', () => undefined);
  ws.on('message', async (data, isBinary) => {
    let id: unknown = null;
    try {
      if (isBinary) throw new Error('requests must be JSON text');
      const msg = parseJson(data.toString());
      if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) throw new Error('a request must be a JSON object {id, channel, request}');
      id = (msg as { id?: unknown }).id;
      if (!Number.isInteger(id)) throw new Error('request without an integer id');
      const { channel, request } = msg as { channel?: unknown; request?: unknown };
      const reply = await dispatch(handlers, channel, request);
      if (ws.readyState !== ws.OPEN) return;
      // One message sent as fragments (header, then each byte part): pixels are not copied into
      // a combined buffer. The sends happen in one tick, so replies never interleave.
      const pieces = packMessageParts({ id, ...reply });
      pieces.forEach((piece, i) => ws.send(piece, { binary: true, fin: i === pieces.length - 1 }));
    } catch (e) {
      if (ws.readyState === ws.OPEN) ws.send(packMessage({ id, ok: false, error: e instanceof Error ? e.message : String(e) }));
    }
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    // V8 quotes a piece of the input, newlines included: keep the message to one short line.
    const why = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').slice(0, 160);
    throw new Error(`request is not valid JSON (${why})`);
  }
}
