/**
 * Security-relevant settings of the desktop window and of every response that serves the
 * renderer, as pure functions: main/index.ts (Electron) and main/host/ (browser) apply them,
 * and tests assert them without an Electron binary.
 */

/** The privileged scheme the renderer is served from under Electron (app://bundle/index.html). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export interface WindowOptionsInput {
  preloadPath: string;
  title?: string;
}

/** BrowserWindow constructor options (a plain object: Electron's type is structurally the same). */
export function windowOptions(input: WindowOptionsInput) {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#15171c',
    title: input.title ?? 'SiamTrack',
    autoHideMenuBar: false,
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  } as const;
}

/** Privileges for registerSchemesAsPrivileged: a standard secure origin that fetch can read. */
export function appSchemePrivileges() {
  return {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
  } as const;
}

/**
 * Content Security Policy for the renderer. Scripts only from the app itself;
 * 'wasm-unsafe-eval' is the single relaxation, for onnxruntime-web's WebAssembly.
 * `connect` lists extra origins the page may talk to (the browser host's WebSocket).
 */
export function contentSecurityPolicy(connect: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    `connect-src 'self' ${connect.join(' ')}`.trim(),
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers on every renderer response: cross-origin isolation (WASM threads) and hardening. */
export function rendererHeaders(connect: readonly string[] = []): Record<string, string> {
  return {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Content-Security-Policy': contentSecurityPolicy(connect),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
  };
}

/** Navigation is allowed only within the app's own origin. */
export function isAllowedNavigation(url: string, appOrigin = APP_ORIGIN): boolean {
  try {
    return new URL(url).origin === appOrigin || url.startsWith(`${appOrigin}/`);
  } catch {
    return false;
  }
}

/** An IPC message is trusted only from the app's own top frame. */
export function isTrustedSender(frameUrl: string | undefined, appOrigin = APP_ORIGIN): boolean {
  return typeof frameUrl === 'string' && frameUrl.startsWith(`${appOrigin}/`);
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export function mimeType(path: string): string {
  const dot = path.lastIndexOf('.');
  return (dot >= 0 && MIME[path.slice(dot).toLowerCase()]) || 'application/octet-stream';
}
