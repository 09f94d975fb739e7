import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN, appSchemePrivileges, contentSecurityPolicy, isAllowedNavigation, isTrustedSender, rendererHeaders, windowOptions,
} from '../../main/window-options';
import { menuTemplate, type MenuItemSpec } from '../../main/menu';

describe('desktop window security', () => {
  it('isolates and sandboxes the renderer, with no Node', () => {
    const w = windowOptions({ preloadPath: '/app/out/preload/preload.cjs' }).webPreferences;
    expect(w).toMatchObject({
      preload: '/app/out/preload/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false,
      nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false,
      webviewTag: false, navigateOnDragDrop: false,
    });
  });

  it('serves from a secure standard scheme that fetch can read', () => {
    expect(appSchemePrivileges()).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } });
  });

  it('sends cross-origin isolation and a strict CSP that allows only WASM compilation beyond self', () => {
    const h = rendererHeaders(['ws://127.0.0.1:9']);
    expect(h['Cross-Origin-Opener-Policy']).toBe('same-origin');
    expect(h['Cross-Origin-Embedder-Policy']).toBe('require-corp');
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toMatch(/'unsafe-eval'|script-src[^;]*'unsafe-inline'|\*/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(h['Content-Security-Policy']).toContain("connect-src 'self' ws://127.0.0.1:9");
  });

  it('trusts only its own origin for navigation and IPC', () => {
    expect(isAllowedNavigation(`${APP_ORIGIN}/index.html`)).toBe(true);
    expect(isAllowedNavigation('https://example.com/')).toBe(false);
    expect(isAllowedNavigation('app://bundle.evil/x')).toBe(false);
    expect(isAllowedNavigation('not a url')).toBe(false);
    expect(isTrustedSender(`${APP_ORIGIN}/index.html`)).toBe(true);
    expect(isTrustedSender('https://example.com/app://bundle/')).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
    expect(isTrustedSender('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
  });
});

describe('desktop menu', () => {
  it('sends each command to the renderer', () => {
    const sent: string[] = [];
    const items: MenuItemSpec[] = [];
    const walk = (list: MenuItemSpec[]) => list.forEach((i) => { items.push(i); if (i.submenu) walk(i.submenu); });
    walk(menuTemplate((c) => sent.push(c), false));
    items.filter((i) => i.click).forEach((i) => i.click!());
    expect(sent).toEqual(expect.arrayContaining(['open-video', 'save-project', 'export-csv', 'export-all-csv', 'export-mot', 'import-csv', 'help']));
    expect(items.find((i) => i.label === 'Save Project')?.accelerator).toBe('CmdOrCtrl+S');
  });
});
