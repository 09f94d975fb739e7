import { describe, expect, it } from 'vitest';
import { NANOTRACK_V2_PARAMS, NANOTRACK_V3_PARAMS } from '../../../models/manifest';
import { nanotrackConfig } from '../../../workers/trackers/nanotrack-config';

describe('nanotrackConfig', () => {
  it('defaults to the published V2 parameters', () => {
    expect(nanotrackConfig()).toEqual({ ...NANOTRACK_V2_PARAMS, version: 'v2', minSize: 10 });
  });
  it('takes V3 parameters for version v3 and applies overrides on top', () => {
    const c = nanotrackConfig({ version: 'v3', windowInfluence: 0.3 });
    expect(c).toEqual({ ...NANOTRACK_V3_PARAMS, version: 'v3', minSize: 10, windowInfluence: 0.3 });
  });
  it('rejects nonsense', () => {
    expect(() => nanotrackConfig({ version: 'v9' as 'v2' })).toThrow(/version/);
    expect(() => nanotrackConfig({ windowInfluence: 1.5 })).toThrow(/windowInfluence/);
    expect(() => nanotrackConfig({ lr: Number.NaN })).toThrow(/lr/);
    expect(() => nanotrackConfig({ scoreSize: 15.5 })).toThrow(/scoreSize/);
    expect(() => nanotrackConfig({ penaltyK: '0.1' as unknown as number })).toThrow(/penaltyK/);
  });
});
