/**
 * `npm run serve`: the browser host. Serves the built renderer (out/renderer) and the main
 * services on 127.0.0.1 and prints the one URL (with its per-run token) to open.
 *
 *   node out/main/host.js [--root DIR]... [--port N] [--static DIR] [--data DIR]
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { defaultDataDir } from '../ipc/app-data';
import { projectRoot } from '../project-root';
import { serve } from './serve';

async function main() {
  const program = new Command('serve')
    .description('Serve the tracker app to a browser on this machine (127.0.0.1 only)')
    .option('--root <dir>', 'folder the app may open and write files in (repeatable; default: the current folder)',
      (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--read-root <dir>', 'folder the app may open files in but never write (repeatable)',
      (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--port <n>', 'port (default: any free one)', (v) => Number.parseInt(v, 10), 0)
    .option('--static <dir>', 'built renderer folder', resolve(projectRoot(), 'out', 'renderer'))
    .option('--data <dir>', 'folder for autosaves, recent files and the sample clip', defaultDataDir())
    .parse();
  const o = program.opts<{ root: string[]; readRoot: string[]; port: number; static: string; data: string }>();
  const roots = (o.root.length || o.readRoot.length ? o.root : [process.cwd()]).map((r) => resolve(r));
  const readOnlyRoots = o.readRoot.map((r) => resolve(r));
  const { host, handlers } = await serve({ roots, readOnlyRoots, port: o.port, staticDir: resolve(o.static), dataDir: resolve(o.data) });
  const listed = [...roots, ...readOnlyRoots.map((r) => `${r} (read-only)`)];
  process.stderr.write(`tracker host: serving ${listed.join(', ')} (Ctrl+C to stop). Open:\n`);
  process.stdout.write(`${host.url}\n`);
  const stop = async () => {
    await handlers.closeAll();
    await host.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  process.stderr.write(`tracker host: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
