import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// import.meta.url rather than __dirname: these helpers also run under tsx (ESM) in benchmarks.
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED_DIR = resolve(REPO_ROOT, '..', 'shared');
export const SEQUENCES_DIR = resolve(SHARED_DIR, 'sequences');
export const SHARED_MODELS_DIR = resolve(SHARED_DIR, 'models');
export const SEQUENCE_NAMES = ['Couple', 'Crossing', 'David', 'Deer', 'FaceOcc1', 'Girl', 'MotorRolling', 'Surfing06', 'bag'];

export function sequenceDir(name: string): string {
  return resolve(SEQUENCES_DIR, name);
}

export const HAVE_SHARED = existsSync(SEQUENCES_DIR);
