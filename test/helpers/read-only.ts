import { spawnSync } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Make `folder` refuse new files: chmod for a normal user; root ignores modes, so there the folder
 * is made immutable (chattr +i) when the file system allows. Returns an undo function, or null
 * when neither works here (the caller then skips, never fakes, its test).
 */
export function makeReadOnly(folder: string): (() => void) | null {
  const refuses = () => {
    try {
      writeFileSync(join(folder, '.probe'), 'x');
      rmSync(join(folder, '.probe'));
      return false;
    } catch {
      return true;
    }
  };
  chmodSync(folder, 0o555);
  if (refuses()) return () => chmodSync(folder, 0o755);
  if (spawnSync('chattr', ['+i', folder]).status === 0 && refuses()) {
    return () => {
      spawnSync('chattr', ['-i', folder]);
      chmodSync(folder, 0o755);
    };
  }
  chmodSync(folder, 0o755);
  return null;
}
