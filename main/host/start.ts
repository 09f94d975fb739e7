/**
 * `npm start`: the desktop app in Electron when its binary is installed; otherwise (CI,
 * offline installs with ELECTRON_SKIP_BINARY_DOWNLOAD) says so and serves the same app to a
 * browser instead (main/host/cli.ts, same arguments).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { projectRoot } from '../project-root';

/** Path of the Electron executable, or null when the npm package has no binary. */
export function electronBinary(): string | null {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null; // the package throws "Electron failed to install correctly" without its binary
  }
}

const bin = electronBinary();
if (bin) {
  const child = spawn(bin, [projectRoot(), ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stderr.write(
    'Electron\'s binary is not installed here (npm skipped its download), so the desktop window cannot open.\n'
    + 'Starting the browser host instead: open the URL below in Chrome/Chromium/Firefox.\n'
    + '(For the desktop app: `ELECTRON_SKIP_BINARY_DOWNLOAD= npm rebuild electron`, then `npm start`.)\n',
  );
  await import('./cli');
}
