import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppData } from '../../../main/ipc/app-data';

const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'app-data-'));
  dirs.push(d);
  return new AppData(d);
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('AppData preferences', () => {
  it('default to auto, persist a change, and survive a new instance on the same folder', () => {
    const a = fresh();
    expect(a.preferences()).toEqual({ backend: 'auto' });
    expect(a.setPreferences({ backend: 'webgpu' })).toEqual({ backend: 'webgpu' });
    expect(new AppData(a.dir).preferences()).toEqual({ backend: 'webgpu' });
    expect(JSON.parse(readFileSync(join(a.dir, 'preferences.json'), 'utf8'))).toEqual({ backend: 'webgpu' });
  });

  it('read a damaged file as the defaults, and a later change replaces it', () => {
    const a = fresh();
    writeFileSync(join(a.dir, 'preferences.json'), '{"backend": "web');
    expect(a.preferences()).toEqual({ backend: 'auto' });
    a.setPreferences({ backend: 'wasm' });
    expect(a.preferences()).toEqual({ backend: 'wasm' });
  });
});
