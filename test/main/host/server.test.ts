/** The browser host's front door: token, Host, Origin, static paths, headers, and the binary WebSocket bridge. */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type WebSocketType from 'ws';
import { unpackMessage, WireStreamReader } from '../../../common/wire';
import { createHandlers, type OpenedSource } from '../../../main/ipc';
import { AppData } from '../../../main/ipc/app-data';
import { rootedAccess } from '../../../main/ipc/file-access';
import { MAX_RPC_BODY, MAX_WS_MESSAGE, startHost, type RunningHost } from '../../../main/host/server';
import { openRawWebSocket } from './raw-websocket';

let host: RunningHost;
let root: string;
let base: string;
// ws's Node build by path: the test runner resolves ws to its browser stub (see main/host/server.ts).
const req = createRequire(import.meta.url);
const WebSocket = req(join(dirname(req.resolve('ws/package.json')), 'index.js')) as typeof WebSocketType;
type WebSocket = WebSocketType;

/** A synthetic 4x2 video of 3 frames whose pixels are the frame number. */
async function fakeSource(): Promise<OpenedSource> {
  return {
    width: 4, height: 2, fps: 10, frameCount: 3, durationS: 0.3,
    async *frames(start) {
      for (let i = start; i < 3; i++) yield { width: 4, height: 2, data: new Uint8Array(32).fill(i + 1), index: i, timeS: i / 10 };
    },
    close: async () => undefined,
  };
}

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers: { host: `127.0.0.1:${host.port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(opts: { token?: string; origin?: string; path?: string }): Promise<WebSocket> {
  const url = `ws://127.0.0.1:${host.port}${opts.path ?? '/ws'}${opts.token ? `?token=${opts.token}` : ''}`;
  const ws = new WebSocket(url, { origin: opts.origin ?? `http://127.0.0.1:${host.port}` });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, id: number, channel: string, req: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const msg = unpackMessage(new Uint8Array(data)) as Record<string, unknown>;
      if (msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, channel, request: req }));
  });
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'host-'));
  const site = join(base, 'site');
  root = join(base, 'root');
  mkdirSync(join(site, 'assets'), { recursive: true });
  mkdirSync(root);
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(site, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'secret');
  symlinkSync(join(base, 'secret.txt'), join(site, 'assets', 'leak.js'));
  writeFileSync(join(root, 'clip.mp4'), 'x');
  const handlers = createHandlers({
    shell: 'browser', version: '1.0.0', access: rootedAccess([root]), appData: new AppData(join(base, 'data')),
    openSource: fakeSource, samplePath: async () => join(root, 'clip.mp4'), loadModels: () => ({}),
  });
  host = await startHost({ staticDir: site, handlers });
});
afterAll(() => host?.close());

describe('browser host over HTTP', () => {
  it('binds 127.0.0.1 and prints a URL carrying a long random token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[\\w-]{32}$`));
  });

  it('refuses requests without the token or with a wrong one', async () => {
    expect((await get('/')).status).toBe(403);
    expect((await get(`/?token=${host.token}x`)).status).toBe(403);
    expect((await get('/', { cookie: `tracker_token_${host.port}=nope` })).status).toBe(403);
  });

  it('serves the app with the token, sets the cookie, and sends isolation and CSP headers', async () => {
    const r = await get(`/?token=${host.token}`);
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>app</title>');
    expect(r.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(r.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(r.headers['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(String(r.headers['set-cookie'])).toMatch(new RegExp(`tracker_token_${host.port}=${host.token}; Path=/; HttpOnly; SameSite=Strict`));
    const asset = await get('/assets/app.js', { cookie: `tracker_token_${host.port}=${host.token}` });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
  });

  it('refuses another Host (DNS rebinding) and paths that leave the app folder', async () => {
    const auth = { cookie: `tracker_token_${host.port}=${host.token}` };
    expect((await get('/', { ...auth, host: `evil.example:${host.port}` })).status).toBe(421);
    for (const p of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%5c..%5csecret.txt', '/assets/leak.js', '/assets/%00.js']) {
      expect((await get(p, auth)).status, p).toBe(404);
    }
  });

  it('refuses every spelling of a way out: encoded dots and separators, double encoding, backslashes, NUL', async () => {
    const auth = { cookie: `tracker_token_${host.port}=${host.token}` };
    const tricks = [
      '/assets/%2e%2e/%2e%2e/secret.txt', '/assets/%2E%2E%2F%2E%2E%2Fsecret.txt', '/%2e%2e%2fsecret.txt', '/.%2e/secret.txt',
      '/%252e%252e/secret.txt', '/%252e%252e%252fsecret.txt', '/assets%2f..%2f..%2fsecret.txt', '/%2fsecret.txt',
      '/assets/..\\..\\secret.txt', '/assets\\..\\..\\secret.txt', '/assets/app.js%00.txt', '/assets/app.js%00', '/%00/../secret.txt',
      '/assets/%c0%ae%c0%ae/secret.txt', '/%', '//etc/passwd', `/${'..%2f'.repeat(8)}etc/passwd`,
    ];
    for (const p of tricks) {
      const r = await get(p, auth);
      expect(r.status, p).toBe(404);
      expect(r.body, p).not.toMatch(/secret|root:/);
    }
    // The same file by its plain name is served: the refusals above are the walls, not a broken server.
    expect((await get('/assets/app.js', auth)).status).toBe(200);
  });
});

describe('browser host over WebSocket', () => {
  it('refuses a socket without the token, from another origin, or on another path', async () => {
    await expect(connect({})).rejects.toThrow(/403/);
    await expect(connect({ token: host.token, origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(connect({ token: host.token, path: '/other' })).rejects.toThrow(/403/);
  });

  it('answers requests with binary replies: frames as bytes, errors as messages', async () => {
    const ws = await connect({ token: host.token });
    const info = await call(ws, 1, 'video:open', { path: 'clip.mp4' });
    expect(info).toMatchObject({ id: 1, ok: true, value: { width: 4, height: 2, frameCount: 3 } });
    const videoId = (info.value as { videoId: string }).videoId;
    const frame = await call(ws, 2, 'video:frame', { videoId, index: 2 });
    const data = (frame.value as { data: Uint8Array }).data;
    expect(data).toBeInstanceOf(Uint8Array);
    expect([...data]).toEqual(new Array(32).fill(3));
    expect(await call(ws, 3, 'fs:read-text', { path: '/etc/passwd' })).toMatchObject({ id: 3, ok: false, error: expect.stringMatching(/outside/) });
    expect(await call(ws, 4, 'nope', {})).toMatchObject({ ok: false, error: expect.stringMatching(/unknown channel/) });
    ws.close();
  });
});

describe('browser host over HTTP calls (POST /rpc, used for frames)', () => {
  const rpc = (body: string, headers: Record<string, string> = {}, method = 'POST') => new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
    const r = request({
      host: '127.0.0.1', port: host.port, path: '/rpc', method,
      headers: { host: `127.0.0.1:${host.port}`, origin: `http://127.0.0.1:${host.port}`, cookie: `tracker_token_${host.port}=${host.token}`, 'content-type': 'application/json', ...headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    r.on('error', reject);
    r.end(method === 'POST' ? body : undefined);
  });
  const reply = (b: Buffer) => unpackMessage(new Uint8Array(b)) as Record<string, unknown>;

  it('answers a call with the same binary reply as the socket: frames as bytes, errors as messages', async () => {
    const opened = await rpc(JSON.stringify({ channel: 'video:open', request: { path: 'clip.mp4' } }));
    expect(opened.status).toBe(200);
    const videoId = (reply(opened.body).value as { videoId: string }).videoId;
    const frame = await rpc(JSON.stringify({ channel: 'video:frame', request: { videoId, index: 1 } }));
    const value = reply(frame.body).value as { index: number; data: Uint8Array };
    expect(value.index).toBe(1);
    expect([...value.data]).toEqual(new Array(32).fill(2));
    expect(reply((await rpc(JSON.stringify({ channel: 'fs:read-text', request: { path: '/etc/passwd' } }))).body)).toMatchObject({ ok: false, error: expect.stringMatching(/outside/) });
    expect(reply((await rpc('{not json')).body)).toMatchObject({ ok: false, error: expect.stringMatching(/not valid JSON/) });
    expect(reply((await rpc('[1]')).body)).toMatchObject({ ok: false, error: expect.stringMatching(/JSON object/) });
  });

  it('refuses calls without the token, from another origin or none, by GET, or too large', async () => {
    const call = JSON.stringify({ channel: 'app:info', request: {} });
    expect((await rpc(call)).status).toBe(200);
    expect((await rpc(call, { cookie: '' })).status).toBe(403);
    expect((await rpc(call, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await rpc(call, { origin: '' })).status).toBe(403);
    expect((await rpc(call, { host: `evil.example:${host.port}` })).status).toBe(421);
    expect((await rpc('', {}, 'GET')).status).toBe(405);
    expect((await rpc(' '.repeat(MAX_RPC_BODY + 1))).status).toBe(413);
  });
});

describe('browser host frame stream (POST /frames, used for tracking)', () => {
  /** POST /frames to `target`; the messages of the reply, or only the first `keep` chunks' worth before hanging up. */
  const stream = (target: RunningHost, body: string, headers: Record<string, string> = {}, hangUpAfterChunks = Infinity) =>
    new Promise<{ status: number; messages: Record<string, unknown>[]; midMessage: boolean }>((resolve, reject) => {
      const r = request({
        host: '127.0.0.1', port: target.port, path: '/frames', method: 'POST',
        headers: { host: `127.0.0.1:${target.port}`, origin: `http://127.0.0.1:${target.port}`, cookie: `tracker_token_${target.port}=${target.token}`, 'content-type': 'application/json', ...headers },
      }, (res) => {
        const wire = new WireStreamReader();
        const messages: Record<string, unknown>[] = [];
        let chunks = 0;
        const done = () => resolve({ status: res.statusCode ?? 0, messages, midMessage: wire.midMessage });
        res.on('data', (d: Buffer) => {
          if (res.statusCode === 200) messages.push(...(wire.push(new Uint8Array(d)) as Record<string, unknown>[]));
          if (++chunks >= hangUpAfterChunks) {
            res.destroy();
            done();
          }
        });
        res.on('end', done);
      });
      r.on('error', reject);
      r.end(body);
    });
  const open = async () => {
    const ws = await connect({ token: host.token });
    const opened = await call(ws, 1, 'video:open', { path: 'clip.mp4' });
    ws.close();
    return (opened.value as { videoId: string }).videoId;
  };

  it('sends the frames asked for, in order, as bytes, each the same as a call would give', async () => {
    const videoId = await open();
    const r = await stream(host, JSON.stringify({ videoId, from: 0, count: 3 }));
    expect(r.status).toBe(200);
    expect(r.midMessage).toBe(false);
    expect(r.messages.map((m) => m.ok)).toEqual([true, true, true]);
    const frames = r.messages.map((m) => m.value as { index: number; data: Uint8Array });
    expect(frames.map((f) => f.index)).toEqual([0, 1, 2]);
    frames.forEach((f, i) => expect([...f.data]).toEqual(new Array(32).fill(i + 1)));
    expect(frames[0].data.buffer).not.toBe(frames[1].data.buffer); // each frame owns its buffer
  });

  it('ends with a readable error: past the last frame, unknown video, malformed request', async () => {
    const videoId = await open();
    const past = await stream(host, JSON.stringify({ videoId, from: 1, count: 5 }));
    expect(past.messages.map((m) => m.ok)).toEqual([true, true, false]);
    expect(past.messages[2].error).toMatch(/outside the video/);
    const unknown = await stream(host, JSON.stringify({ videoId: 'nope', from: 0, count: 2 }));
    expect(unknown.messages).toEqual([{ ok: false, error: expect.stringMatching(/video/) }]);
    for (const bad of ['{not json', JSON.stringify({ videoId, from: 0, count: 0 }), JSON.stringify({ videoId, from: -1, count: 2 }), JSON.stringify({ videoId, from: 0, count: 2, extra: 1 })]) {
      const r = await stream(host, bad);
      expect(r.messages, bad).toEqual([{ ok: false, error: expect.stringMatching(/JSON|frame stream request/) }]);
    }
  });

  it('refuses streams without the token, from another origin, or too large a request', async () => {
    const body = JSON.stringify({ videoId: 'x', from: 0, count: 1 });
    expect((await stream(host, body, { cookie: '' })).status).toBe(403);
    expect((await stream(host, body, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await stream(host, ' '.repeat(MAX_RPC_BODY + 1))).status).toBe(413);
  });

  it('decodes no further than the reader reads, and stops when it hangs up', async () => {
    // 64 frames of 1 MiB: far more than the socket buffers hold.
    let decoded = 0;
    let finished = false;
    const bigSource = async (): Promise<OpenedSource> => ({
      width: 512, height: 512, fps: 30, frameCount: 64, durationS: 64 / 30,
      async *frames(start) {
        try {
          for (let i = start; i < 64; i++) {
            decoded++;
            yield { width: 512, height: 512, data: new Uint8Array(512 * 512 * 4).fill(i), index: i, timeS: i / 30 };
          }
        } finally {
          finished = true;
        }
      },
      close: async () => undefined,
    });
    const handlers = createHandlers({
      shell: 'browser', version: '1.0.0', access: rootedAccess([root]), appData: new AppData(join(base, 'data-big')),
      openSource: bigSource, samplePath: async () => join(root, 'clip.mp4'), loadModels: () => ({}),
    });
    const big = await startHost({ staticDir: join(base, 'site'), handlers });
    try {
      const opened = await handlers['video:open']({ path: 'clip.mp4' });
      const r = await stream(big, JSON.stringify({ videoId: opened.videoId, from: 0, count: 64 }), {}, 4);
      expect(r.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(decoded).toBeGreaterThan(0);
      expect(decoded).toBeLessThan(16); // back-pressure held the decoder near the reader
      const after = decoded;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(decoded).toBe(after); // and the hang-up stopped it
      await handlers.closeAll();
      expect(finished).toBe(true);
    } finally {
      await big.close();
    }
  });
});

/** The next reply on `ws` (for requests whose id the host cannot know). */
function nextReply(ws: WebSocket, raw: string | Buffer): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    ws.once('message', (data: Buffer) => resolve(unpackMessage(new Uint8Array(data)) as Record<string, unknown>));
    ws.send(raw);
  });
}

describe('browser host WebSocket walls', () => {
  it('reads no file outside its roots, however the path is spelt', async () => {
    writeFileSync(join(root, '..', 'outside.txt'), 'secret outside');
    const ws = await connect({ token: host.token });
    const paths = [
      `${root}/../outside.txt`, `${root}/%2e%2e/outside.txt`, `${root}/%252e%252e/outside.txt`, `${root}%2F..%2Foutside.txt`,
      `${root}\\..\\outside.txt`, `${root}/..\\outside.txt`, `${root}/clip.mp4\0/../../outside.txt`, '../outside.txt', join(base, 'outside.txt'),
    ];
    let id = 100;
    for (const path of paths) {
      for (const channel of ['fs:read-text', 'fs:list', 'video:open']) {
        const reply = await call(ws, ++id, channel, { path });
        expect(reply.ok, `${channel} ${path}`).toBe(false);
        expect(String(reply.error), path).toMatch(/outside the folders|contains "\.\."|no such file|NUL/);
        expect(JSON.stringify(reply)).not.toContain('secret outside');
      }
    }
    ws.close();
  });

  it('answers malformed or schema-invalid requests with a readable error and keeps the connection', async () => {
    const ws = await connect({ token: host.token });
    for (const [raw, message] of [
      ['{"id": 1, "channel": ', /not valid JSON/],
      [`{\n"id":\n x${'y'.repeat(5000)}`, /^request is not valid JSON \(.{1,160}\)$/],
      ['null', /JSON object/],
      ['[1, 2]', /JSON object/],
      ['"video:open"', /JSON object/],
      ['{"channel": "app:info"}', /integer id/],
      ['{"id": "7", "channel": "app:info"}', /integer id/],
      [Buffer.from([1, 2, 3]), /JSON text/],
    ] as const) {
      const reply = await nextReply(ws, raw);
      expect(reply.ok, String(raw)).toBe(false);
      expect(String(reply.error), String(raw)).toMatch(message);
      expect(String(reply.error)).not.toMatch(/\n/);
    }
    for (const [channel, request, message] of [
      ['video:frame', { videoId: 'v1', index: -1 }, /bad video:frame request: index/],
      ['video:frame', { videoId: 'v1', index: 'one' }, /bad video:frame request: index/],
      ['fs:read-text', { path: 'clip.mp4', extra: true }, /bad fs:read-text request/],
      ['fs:read-text', { path: 42 }, /bad fs:read-text request: path/],
      ['fs:read-text', { path: 'a\0b' }, /NUL/],
      ['video:open', null, /bad video:open request/],
    ] as const) {
      const reply = await call(ws, 9, channel, request);
      expect(reply, `${channel} ${JSON.stringify(request)}`).toMatchObject({ id: 9, ok: false, error: expect.stringMatching(message) });
    }
    expect(await call(ws, 10, 'app:info', {})).toMatchObject({ id: 10, ok: true, value: { shell: 'browser' } });
    ws.close();
  });

  it('closes a connection whose message is over the size bound (1009) and keeps serving the others', async () => {
    const other = await connect({ token: host.token });
    const raw = await openRawWebSocket(host.port, host.token);
    // Only the header claims the size: the host must refuse on the header, before buffering anything.
    raw.sendFrame(0x1, Buffer.from('{"id":1'), MAX_WS_MESSAGE + 1);
    expect(await raw.closeCode).toBe(1009);
    expect(MAX_WS_MESSAGE).toBeLessThanOrEqual(300 * 1024 * 1024);
    expect(await call(other, 1, 'app:info', {})).toMatchObject({ ok: true });
    const fresh = await connect({ token: host.token });
    expect(await call(fresh, 2, 'app:info', {})).toMatchObject({ ok: true });
    other.close();
    fresh.close();
  });

  it('closes a connection that sends invalid UTF-8 as text (1007) and keeps serving', async () => {
    const raw = await openRawWebSocket(host.port, host.token);
    raw.sendFrame(0x1, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    expect(await raw.closeCode).toBe(1007);
    const fresh = await connect({ token: host.token });
    expect(await call(fresh, 3, 'app:info', {})).toMatchObject({ ok: true });
    fresh.close();
  });
});
