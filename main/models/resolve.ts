import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MODELS, type LoadedModels, type ModelId } from '../../models/manifest';
import { projectRoot } from '../project-root';

export class ModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelError';
  }
}

/**
 * Where weights are looked for, in order: $TRACKER_MODELS_DIR, the project's own
 * git-ignored weights/ folder, then ../shared/models beside the project (development default).
 */
export function modelSearchDirs(env: NodeJS.ProcessEnv = process.env, root = projectRoot()): string[] {
  const dirs: string[] = [];
  if (env.TRACKER_MODELS_DIR) dirs.push(resolve(env.TRACKER_MODELS_DIR));
  dirs.push(join(root, 'weights'));
  dirs.push(resolve(root, '..', 'shared', 'models'));
  return dirs;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Find one model's folder: the first search dir that holds its files. A folder holding only some of
 * them is an error (a broken install should not be silently replaced by weights from elsewhere).
 */
export function locateModel(id: ModelId, dirs = modelSearchDirs()): string {
  const files = Object.values(MODELS[id].files);
  for (const dir of dirs) {
    const missing = files.filter((f) => !existsSync(join(dir, f.path)));
    if (missing.length === 0) return dir;
    if (missing.length < files.length) {
      throw new ModelError(`model "${id}" in ${dir} is incomplete: missing ${missing.map((f) => f.path).join(', ')}`);
    }
  }
  const wanted = files.map((f) => f.path).join(', ');
  throw new ModelError(`model "${id}" not found (${wanted}); looked in: ${dirs.join(', ')}. Set TRACKER_MODELS_DIR to a folder that holds it.`);
}

/** Read and verify (sha256) every file of the given models. */
export function loadModels(ids: readonly ModelId[], dirs = modelSearchDirs()): LoadedModels {
  const loaded: LoadedModels = {};
  for (const id of ids) {
    const dir = locateModel(id, dirs);
    const files: Record<string, Uint8Array> = {};
    for (const [role, file] of Object.entries(MODELS[id].files)) {
      const full = join(dir, file.path);
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(readFileSync(full));
      } catch (err) {
        throw new ModelError(`cannot read model file ${full}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      const digest = sha256(bytes);
      if (digest !== file.sha256) {
        throw new ModelError(`model file ${full} is corrupted or the wrong version (sha256 ${digest.slice(0, 12)}…, expected ${file.sha256.slice(0, 12)}…)`);
      }
      files[role] = bytes;
    }
    loaded[id] = files;
  }
  return loaded;
}
