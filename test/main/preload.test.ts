/** The preload script with Electron's modules stubbed (no Electron binary here). */
import { beforeAll, describe, expect, it, vi } from 'vitest';

const exposed: Record<string, unknown> = {};
const invoked: [string, unknown][] = [];
const listeners = new Map<string, (e: unknown, ...a: unknown[]) => void>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => { exposed[key] = api; } },
  ipcRenderer: {
    invoke: async (channel: string, req: unknown) => { invoked.push([channel, req]); return { ok: true, value: 'pong' }; },
    on: (channel: string, fn: (e: unknown, ...a: unknown[]) => void) => { listeners.set(channel, fn); },
    removeListener: (channel: string) => { listeners.delete(channel); },
  },
  webUtils: { getPathForFile: () => '/dropped/clip.mp4' },
}));

interface Api {
  invoke(channel: string, req: unknown): Promise<unknown>;
  onMenu(l: (c: string) => void): () => void;
  pathForFile(f: unknown): string;
}

beforeAll(async () => {
  await import('../../main/preload');
});

describe('preload API', () => {
  it('exposes one small object, window.tracker', () => {
    expect(Object.keys(exposed)).toEqual(['tracker']);
    expect(Object.keys(exposed.tracker as object).sort()).toEqual(['invoke', 'onMenu', 'pathForFile']);
  });

  it('forwards contract channels and refuses any other', async () => {
    const api = exposed.tracker as Api;
    expect(await api.invoke('app:info', {})).toEqual({ ok: true, value: 'pong' });
    expect(await api.invoke('shell:openExternal', { url: 'x' })).toEqual({ ok: false, error: 'unknown channel shell:openExternal' });
    expect(invoked).toEqual([['app:info', {}]]);
  });

  it('passes only known menu commands on, and can unsubscribe', () => {
    const api = exposed.tracker as Api;
    const got: string[] = [];
    const off = api.onMenu((c) => got.push(c));
    const fire = listeners.get('menu:command')!;
    fire({}, 'export-csv');
    fire({}, 'format-disk');
    expect(got).toEqual(['export-csv']);
    off();
    expect(listeners.has('menu:command')).toBe(false);
    expect(api.pathForFile({})).toBe('/dropped/clip.mp4');
  });
});
