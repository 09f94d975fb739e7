import { describe, expect, it } from 'vitest';
import { DCFNET_PARAMS } from '../../../models/manifest';
import { DCF_DEFAULTS, scoreFromPsr } from '../../../workers/trackers/dcf-config';

describe('dcf config', () => {
  it('keeps the published DCFNet hyper-parameters and defaults to the fast path', () => {
    const { cropSize, ...published } = DCFNET_PARAMS;
    expect(DCF_DEFAULTS).toMatchObject(published);
    expect(cropSize).toBe(125);
    expect(DCF_DEFAULTS.cropSize).toBe(64);
    expect(DCF_DEFAULTS.updateFrom).toBe('search');
  });

  it('maps PSR to a score in [0,1], 0.5 at psrMid, increasing', () => {
    expect(scoreFromPsr(DCF_DEFAULTS.psrMid)).toBeCloseTo(0.5, 12);
    expect(scoreFromPsr(8)).toBeLessThan(0.2);
    expect(scoreFromPsr(20)).toBeGreaterThan(0.85);
    let last = -1;
    for (let psr = -10; psr <= 200; psr += 0.5) {
      const s = scoreFromPsr(psr);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
      expect(s).toBeGreaterThanOrEqual(last);
      last = s;
    }
  });
});
