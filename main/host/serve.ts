/** The browser host with the real services (video, models, files under --root folders). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createHandlers } from '../ipc';
import { rootedAccess } from '../ipc/file-access';
import { realServiceDeps } from '../ipc/services';
import { startHost } from './server';

export interface ServeOptions {
  roots: string[];
  /** Folders that may be opened but never written (e.g. shared data). */
  readOnlyRoots?: string[];
  port: number;
  staticDir: string;
  dataDir: string;
}

export async function serve(opts: ServeOptions) {
  if (!existsSync(resolve(opts.staticDir, 'index.html'))) {
    throw new Error(`no built renderer in ${opts.staticDir}: run \`npm run build\` first`);
  }
  const handlers = createHandlers(realServiceDeps({
    shell: 'browser', version: process.env.npm_package_version ?? '0.1.0',
    access: rootedAccess(opts.roots, opts.readOnlyRoots ?? []), dataDir: opts.dataDir,
  }));
  const host = await startHost({ staticDir: opts.staticDir, handlers, port: opts.port });
  return { host, handlers };
}
