/** The Electron main process with Electron's modules stubbed: IPC sender checks, lock-down, app:// serving. */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../common/contract';

type Handler = (event: unknown, payload?: unknown) => Promise<unknown>;
const e = vi.hoisted(() => ({
  privileged: [] as unknown[],
  ipc: new Map<string, (event: unknown, payload?: unknown) => Promise<unknown>>(),
  appEvents: new Map<string, (...a: unknown[]) => unknown>(),
  protocolHandler: null as null | ((req: Request) => Promise<Response>),
  permissionRequest: null as null | ((wc: unknown, perm: string, cb: (ok: boolean) => void) => void),
  permissionCheck: null as null | ((...a: unknown[]) => boolean),
  windows: [] as { options: unknown; webContents: { mainFrame: object }; url?: string }[],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { mainFrame: {}, send: () => undefined };
    constructor(public options: unknown) { e.windows.push(this as never); }
    once() { return this; }
    on() { return this; }
    async loadURL(url: string) { (this as unknown as { url: string }).url = url; }
  }
  return {
    app: {
      whenReady: async () => undefined, isPackaged: false, getVersion: () => '0.0.1', getPath: () => '/tmp/siamtrack-test-userdata',
      on: (name: string, fn: (...a: unknown[]) => unknown) => { e.appEvents.set(name, fn); }, quit: () => undefined, exit: () => undefined,
    },
    BrowserWindow,
    dialog: { showErrorBox: (t: string, m: string) => { throw new Error(`${t}: ${m}`); } },
    ipcMain: { handle: (channel: string, fn: Handler) => { e.ipc.set(channel, fn); } },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => undefined },
    protocol: {
      registerSchemesAsPrivileged: (list: unknown[]) => { e.privileged.push(...list); },
      handle: (_scheme: string, fn: (req: Request) => Promise<Response>) => { e.protocolHandler = fn; },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: typeof e.permissionRequest) => { e.permissionRequest = fn; },
        setPermissionCheckHandler: (fn: typeof e.permissionCheck) => { e.permissionCheck = fn; },
      },
    },
  };
});

beforeAll(async () => {
  delete process.env.ELECTRON_RENDERER_URL;
  await import('../../main/index');
  await vi.waitFor(() => expect(e.windows).toHaveLength(1));
});

describe('Electron main process', () => {
  it('opens one sandboxed window on app://', () => {
    expect(e.privileged).toEqual([expect.objectContaining({ scheme: 'app' })]);
    const w = e.windows[0];
    expect((w.options as { webPreferences: { sandbox: boolean } }).webPreferences.sandbox).toBe(true);
    expect(w.url).toBe('app://bundle/index.html');
  });

  it('handles every contract channel and checks who sent each message', async () => {
    expect([...e.ipc.keys()].sort()).toEqual([...CHANNELS].sort());
    const w = e.windows[0];
    const info = e.ipc.get('app:info')!;
    const trusted = { sender: w.webContents, senderFrame: w.webContents.mainFrame };
    (w.webContents.mainFrame as { url: string }).url = 'app://bundle/index.html';
    expect(await info(trusted, {})).toMatchObject({ ok: true, value: { shell: 'electron' } });
    const refused = { ok: false, error: 'request refused: it did not come from the app window' };
    expect(await info({ sender: {}, senderFrame: w.webContents.mainFrame }, {})).toEqual(refused);
    expect(await info({ sender: w.webContents, senderFrame: { url: 'app://bundle/index.html' } }, {})).toEqual(refused); // a sub-frame
    (w.webContents.mainFrame as { url: string }).url = 'https://evil.example/';
    expect(await info(trusted, {})).toEqual(refused);
  });

  it('denies permissions, navigation away and new windows', () => {
    let granted: boolean | null = null;
    e.permissionRequest!({}, 'media', (ok) => { granted = ok; });
    expect(granted).toBe(false);
    expect(e.permissionCheck!({}, 'geolocation')).toBe(false);
    const events = new Map<string, (ev: { preventDefault(): void }, url?: string) => void>();
    let openHandler: (() => unknown) | null = null;
    e.appEvents.get('web-contents-created')!({}, {
      on: (name: string, fn: (ev: { preventDefault(): void }, url?: string) => void) => events.set(name, fn),
      setWindowOpenHandler: (fn: () => unknown) => { openHandler = fn; },
    });
    const prevented = (name: string, url?: string) => {
      let p = false;
      events.get(name)!({ preventDefault: () => { p = true; } }, url);
      return p;
    };
    expect(prevented('will-navigate', 'https://example.com/')).toBe(true);
    expect(prevented('will-navigate', 'app://bundle/index.html')).toBe(false);
    expect(prevented('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(prevented('will-attach-webview')).toBe(true);
    expect(openHandler!()).toEqual({ action: 'deny' });
  });

  it('serves the renderer from app:// with isolation headers, and nothing outside it', async () => {
    const ok = await e.protocolHandler!(new Request('app://bundle/index.html'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(ok.headers.get('content-security-policy')).toContain("'wasm-unsafe-eval'");
    for (const url of ['app://bundle/..%2f..%2fpackage.json', 'app://other/index.html', 'app://bundle/missing.js']) {
      expect((await e.protocolHandler!(new Request(url))).status, url).toBe(404);
    }
  });
});
