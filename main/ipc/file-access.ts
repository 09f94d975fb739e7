/**
 * Which files the renderer may open and write. The browser host confines it to the folders it
 * was started with (--root); Electron lets it touch what the user picked in a native dialog
 * and the folder of the video it opened. Every path is canonicalised (realpath) before the
 * check, so "..", symlinks and odd spellings cannot lead outside.
 */
import { realpathSync, existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export class AccessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccessError';
  }
}

export interface FileAccess {
  /** Canonical path of an existing file or folder the renderer may read; throws AccessError. */
  readable(path: string): string;
  /** Canonical path where the renderer may create or replace a file; throws AccessError. */
  writable(path: string): string;
  /** Folders shown at the top of the in-page file browser. */
  roots(): string[];
  /** Let the renderer read and write this file and its folder (a dialog choice, an opened video). */
  grant(path: string): void;
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('..'));
}

function checkSpelling(path: string): void {
  if (path.includes('\0')) throw new AccessError('path contains a NUL byte');
  // A literal ".." segment is refused outright, even where it would resolve back inside.
  if (path.split(/[\\/]+/).includes('..')) throw new AccessError(`path "${path}" contains ".."`);
}

/** Canonical form of an existing path, or of a new file's path through its existing parent folder. */
function canonical(path: string, forWrite: boolean): string {
  if (existsSync(path)) return realpathSync(path);
  if (!forWrite) throw new AccessError(`no such file or folder: ${path}`);
  const parent = dirname(path);
  if (!existsSync(parent)) throw new AccessError(`folder does not exist: ${parent}`);
  return join(realpathSync(parent), basename(path));
}

/**
 * Confined to `roots` (read and write) and `readOnlyRoots` (read only), each canonicalised once;
 * relative paths resolve against the first root.
 */
export function rootedAccess(rootDirs: readonly string[], readOnlyDirs: readonly string[] = []): FileAccess {
  if (rootDirs.length + readOnlyDirs.length === 0) throw new Error('at least one root folder is needed');
  const canon = (r: string) => {
    if (!existsSync(r)) throw new Error(`root folder does not exist: ${r}`);
    return realpathSync(r);
  };
  const writableRoots = rootDirs.map(canon);
  const readOnlyRoots = readOnlyDirs.map(canon);
  const allRoots = [...writableRoots, ...readOnlyRoots];
  const granted: string[] = [];
  const check = (path: string, forWrite: boolean): string => {
    checkSpelling(path);
    const full = canonical(isAbsolute(path) ? path : resolve(allRoots[0], path), forWrite);
    const inside = (dirs: string[]) => dirs.some((r) => isInside(full, r));
    if (forWrite && !inside([...writableRoots, ...granted]) && inside(readOnlyRoots)) {
      throw new AccessError(`"${path}" is in a read-only folder of this host; save somewhere else`);
    }
    if (!inside(forWrite ? [...writableRoots, ...granted] : [...allRoots, ...granted])) {
      throw new AccessError(`"${path}" is outside the folders this host may use`);
    }
    return full;
  };
  return {
    readable: (p) => check(p, false),
    writable: (p) => check(p, true),
    roots: () => [...allRoots],
    // Only main grants (e.g. the generated sample clip's folder); the renderer has no way to.
    grant(path: string) {
      checkSpelling(path);
      granted.push(dirname(canonical(path, true)));
    },
  };
}

/** Electron: only what the user chose (dialog results, opened videos and their folders). */
export function grantedAccess(): FileAccess {
  const files = new Set<string>();
  const folders = new Set<string>();
  const allowed = (full: string) => files.has(full) || [...folders].some((f) => isInside(full, f));
  const check = (path: string, forWrite: boolean): string => {
    checkSpelling(path);
    if (!isAbsolute(path)) throw new AccessError(`"${path}" is not an absolute path`);
    const full = canonical(path, forWrite);
    if (!allowed(full)) throw new AccessError(`"${path}" was not chosen in a dialog; open or save it from the menu`);
    return full;
  };
  return {
    readable: (p) => check(p, false),
    writable: (p) => check(p, true),
    roots: () => [...folders],
    grant(path: string) {
      checkSpelling(path);
      if (!isAbsolute(path)) throw new AccessError(`"${path}" is not an absolute path`);
      const full = canonical(path, true);
      files.add(full);
      folders.add(dirname(full));
    },
  };
}
