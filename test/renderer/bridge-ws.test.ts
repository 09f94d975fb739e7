/** The renderer's WebSocket bridge against the real host server (ws's client stands in for the browser's WebSocket). */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, type OpenedSource } from '../../main/ipc';
import { AppData } from '../../main/ipc/app-data';
import { rootedAccess } from '../../main/ipc/file-access';
import { startHost, type RunningHost } from '../../main/host/server';
import { connectHost } from '../../renderer/bridge-ws';

const req = createRequire(import.meta.url);
const WS = req(join(dirname(req.resolve('ws/package.json')), 'index.js')) as typeof WebSocket;
let host: RunningHost;
let root: string;

beforeAll(async () => {
  (globalThis as { WebSocket?: unknown }).WebSocket = class extends (WS as unknown as new (url: string, opts: object) => WebSocket) {
    constructor(url: string) {
      super(url, { origin: `http://127.0.0.1:${host.port}` }); // a browser sends the page's origin
    }
  };
  const nodeFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => nodeFetch(input, { ...init, headers: { ...(init?.headers as object), origin: `http://127.0.0.1:${host.port}` } }); // as the page's fetch would
  const base = mkdtempSync(join(tmpdir(), 'bridge-'));
  root = join(base, 'root');
  mkdirSync(root);
  mkdirSync(join(base, 'site'));
  writeFileSync(join(base, 'site', 'index.html'), '');
  writeFileSync(join(root, 'clip.mp4'), '');
  const source: OpenedSource = {
    width: 2, height: 1, fps: 25, frameCount: 2, durationS: 0.08, close: async () => undefined,
    async *frames(start) { for (let i = start; i < 2; i++) yield { width: 2, height: 1, data: new Uint8Array(8).fill(9 + i), index: i, timeS: i / 25 }; },
  };
  const handlers = createHandlers({
    shell: 'browser', version: '1', access: rootedAccess([root]), appData: new AppData(join(base, 'data')),
    openSource: async () => source, samplePath: async () => '', loadModels: () => ({}),
  });
  host = await startHost({ staticDir: join(base, 'site'), handlers });
});
const realFetch = globalThis.fetch;
afterAll(async () => {
  globalThis.fetch = realFetch;
  delete (globalThis as { WebSocket?: unknown }).WebSocket;
  await host?.close();
});

describe('browser-host bridge', () => {
  it('invokes channels and gets validated, typed replies with bytes as Uint8Array', async () => {
    const bridge = await connectHost({ host: `127.0.0.1:${host.port}`, search: `?token=${host.token}`, protocol: 'http:' });
    expect(bridge.shell).toBe('browser');
    const info = await bridge.invoke('video:open', { path: join(root, 'clip.mp4') });
    expect(info.fps).toBe(25);
    const [a, b] = await Promise.all([
      bridge.invoke('video:frame', { videoId: info.videoId, index: 1 }),
      bridge.invoke('video:frame', { videoId: info.videoId, index: 0 }),
    ]);
    expect([...a.data]).toEqual(new Array(8).fill(10));
    expect([...b.data]).toEqual(new Array(8).fill(9));
    await expect(bridge.invoke('fs:read-text', { path: '/etc/passwd' })).rejects.toThrow(/outside the folders/);
  });

  it.each([
    ['into buffers of their own (BYOB reads)', true],
    ['chunk by chunk (bodies that are not byte streams)', false],
  ])('streams runs of frames as validated payloads, read %s, and passes the host\'s error on', async (_how, byteReads) => {
    const bridge = await connectHost({ host: `127.0.0.1:${host.port}`, search: `?token=${host.token}`, protocol: 'http:' }, { byteReads });
    const info = await bridge.invoke('video:open', { path: join(root, 'clip.mp4') });
    const got: number[][] = [];
    for await (const f of bridge.frameStream!({ videoId: info.videoId, from: 0, count: 2 }, new AbortController().signal)) {
      expect(f.data.buffer.byteLength).toBe(8); // transferable to the worker without its neighbours
      got.push([f.index, ...f.data]);
    }
    expect(got).toEqual([[0, ...new Array(8).fill(9)], [1, ...new Array(8).fill(10)]]);
    const past = async () => {
      for await (const f of bridge.frameStream!({ videoId: info.videoId, from: 1, count: 3 }, new AbortController().signal)) expect(f.index).toBe(1);
    };
    await expect(past()).rejects.toThrow(/frame 2 is outside the video/);
  });

  it('fails with a readable message without the token', async () => {
    await expect(connectHost({ host: `127.0.0.1:${host.port}`, search: '', protocol: 'http:' })).rejects.toThrow(/cannot reach the tracker host/);
  });

  it('reports a closed connection to every pending and later call', async () => {
    const bridge = await connectHost({ host: `127.0.0.1:${host.port}`, search: `?token=${host.token}`, protocol: 'http:' });
    const reasons: string[] = [];
    bridge.onDisconnect((r) => reasons.push(r));
    await host.close();
    await expect.poll(() => reasons.length, { timeout: 5000 }).toBe(1);
    await expect(bridge.invoke('app:info', {})).rejects.toThrow(/restart `npm run serve`/);
    await expect(bridge.invoke('video:frame', { videoId: 'v1', index: 0 })).rejects.toThrow(/restart `npm run serve`/);
  });
});
