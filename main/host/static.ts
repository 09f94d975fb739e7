/**
 * Map a request path to a file of the built renderer, refusing anything that could leave its
 * folder: percent-encoded separators or dots, "..", backslashes, NUL, and symlinks out.
 * Shared by the browser host and Electron's app:// protocol handler.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

/** The file to serve, or null (404) when the path is unknown or not allowed. */
export function resolveStatic(rootDir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const root = realpathSync(rootDir);
  const candidate = segments.length === 0 ? join(root, 'index.html') : join(root, ...segments);
  if (!existsSync(candidate)) return null;
  const real = realpathSync(candidate);
  const rel = relative(root, real);
  if (rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return null;
  return statSync(real).isFile() ? real : null;
}
