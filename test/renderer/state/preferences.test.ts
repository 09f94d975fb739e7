import { describe, expect, it } from 'vitest';
import { loadBackendSetting, saveBackendSetting } from '../../../renderer/state/preferences';

function memoryStorage() {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), items };
}

describe('backend preference', () => {
  it('round-trips a setting and defaults to auto', () => {
    const s = memoryStorage();
    expect(loadBackendSetting(s)).toBe('auto');
    saveBackendSetting('webgpu', s);
    expect(loadBackendSetting(s)).toBe('webgpu');
  });

  it('falls back to auto on a stored value it does not know, or a storage that throws', () => {
    const s = memoryStorage();
    s.items.set('siamtrack.backend', 'cuda');
    expect(loadBackendSetting(s)).toBe('auto');
    const broken = { getItem: () => { throw new Error('SecurityError'); }, setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(loadBackendSetting(broken)).toBe('auto');
    expect(() => saveBackendSetting('wasm', broken)).not.toThrow();
    expect(loadBackendSetting(undefined)).toBe('auto');
  });
});
