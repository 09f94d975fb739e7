/**
 * The Electron main process: one window serving the renderer from app:// (with COOP/COEP so
 * onnxruntime-web's WASM threads work), the services of main/ipc.ts on ipcMain (every
 * message's sender checked), native menus and dialogs. Navigation, new windows, webviews
 * and permission requests are all refused.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, type MenuItemConstructorOptions } from 'electron';
import { CHANNELS, MENU_EVENT, type MenuCommand } from '../common/contract';
import { createHandlers, dispatch, type Dialogs } from './ipc';
import { grantedAccess } from './ipc/file-access';
import { packagedResourceEnv, realServiceDeps } from './ipc/services';
import { resolveStatic } from './host/static';
import { menuTemplate } from './menu';
import {
  APP_HOST, APP_ORIGIN, APP_SCHEME, appSchemePrivileges, isAllowedNavigation, isTrustedSender, mimeType,
  rendererHeaders, windowOptions,
} from './window-options';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '..', 'renderer');
const preloadPath = join(here, '..', 'preload', 'preload.cjs');
/** electron-vite dev serves the renderer from its own server; production uses app://. */
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const rendererOrigin = devUrl ? new URL(devUrl).origin : APP_ORIGIN;

protocol.registerSchemesAsPrivileged([appSchemePrivileges()]);

let mainWindow: BrowserWindow | null = null;

function serveApp(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? resolveStatic(rendererDir, url.pathname) : null;
    if (!file) return new Response('not found', { status: 404, headers: rendererHeaders() });
    const body = await readFile(file);
    return new Response(body, { headers: { ...rendererHeaders(), 'Content-Type': mimeType(file) } });
  });
}

function nativeDialogs(): Dialogs {
  return {
    async open(req) {
      const r = await dialog.showOpenDialog(mainWindow!, { title: req.title, filters: req.filters, properties: ['openFile'] });
      return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0];
    },
    async save(req) {
      const r = await dialog.showSaveDialog(mainWindow!, { title: req.title, defaultPath: req.defaultPath, filters: req.filters });
      return r.canceled || !r.filePath ? null : r.filePath;
    },
  };
}

function lockDown(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url, rendererOrigin)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAllowedNavigation(url, rendererOrigin)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

async function main(): Promise<void> {
  if (app.isPackaged) Object.assign(process.env, packagedResourceEnv(process.resourcesPath, process.env));
  await app.whenReady();
  serveApp();
  lockDown();

  const deps = realServiceDeps({
    shell: 'electron', version: app.getVersion(), access: grantedAccess(), dataDir: app.getPath('userData'),
  });
  const handlers = createHandlers({ ...deps, dialogs: nativeDialogs() });
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, payload: unknown) => {
      const trusted = mainWindow !== null && event.sender === mainWindow.webContents
        && isTrustedSender(event.senderFrame?.url, rendererOrigin) && event.senderFrame === event.sender.mainFrame;
      if (!trusted) return { ok: false, error: 'request refused: it did not come from the app window' };
      return dispatch(handlers, channel, payload);
    });
  }

  const send = (command: MenuCommand) => mainWindow?.webContents.send(MENU_EVENT, command);
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(send) as MenuItemConstructorOptions[]));

  mainWindow = new BrowserWindow(windowOptions({ preloadPath }));
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => { mainWindow = null; });
  await mainWindow.loadURL(devUrl ?? `${APP_ORIGIN}/index.html`);

  app.on('window-all-closed', async () => {
    await handlers.closeAll();
    app.quit();
  });
}

main().catch((e: unknown) => {
  dialog.showErrorBox('SiamTrack could not start', e instanceof Error ? e.message : String(e));
  app.exit(1);
});
