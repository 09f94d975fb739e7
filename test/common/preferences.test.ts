import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, readPreferences } from '../../common/preferences';

describe('preferences', () => {
  it('reads valid stored values and defaults the rest', () => {
    expect(readPreferences({ backend: 'webgpu' })).toEqual({ backend: 'webgpu' });
    expect(readPreferences({})).toEqual(DEFAULT_PREFERENCES);
    expect(DEFAULT_PREFERENCES.backend).toBe('auto');
  });

  it('never fails on a damaged or newer file: unknown values fall back to the defaults', () => {
    expect(readPreferences({ backend: 'cuda', later: true })).toEqual({ backend: 'auto' });
    expect(readPreferences(null)).toEqual({ backend: 'auto' });
    expect(readPreferences('wasm')).toEqual({ backend: 'auto' });
    expect(readPreferences([1, 2])).toEqual({ backend: 'auto' });
  });
});
