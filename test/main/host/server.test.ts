/** The browser host's front door: token, Host, Origin, static paths, headers, and the binary WebSocket bridge. */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type WebSocketType from 'ws';
import { unpackMessage } from '../../../common/wire';
import { createHandlers, type OpenedSource } from '../../../main/ipc';
import { AppData } from '../../../main/ipc/app-data';
import { rootedAccess } from '../../../main/ipc/file-access';
import { startHost, type RunningHost } from '../../../main/host/server';

let host: RunningHost;
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
  const base = mkdtempSync(join(tmpdir(), 'host-'));
  const site = join(base, 'site');
  const root = join(base, 'root');
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
