import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const SHARED_DIR = resolve(REPO_ROOT, '..', 'shared');
export const SEQUENCES_DIR = resolve(SHARED_DIR, 'sequences');
export const SHARED_MODELS_DIR = resolve(SHARED_DIR, 'models');
export const SEQUENCE_NAMES = ['Couple', 'Crossing', 'David', 'Deer', 'FaceOcc1', 'Girl', 'MotorRolling', 'Surfing06', 'bag'];

export function sequenceDir(name: string): string {
  return resolve(SEQUENCES_DIR, name);
}

export const HAVE_SHARED = existsSync(SEQUENCES_DIR);
