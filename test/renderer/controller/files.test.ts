import { describe, expect, it } from 'vitest';
import { autosaveSpacingMs } from '../../../renderer/controller/files';

describe('autosave spacing', () => {
  it('autosaves every 2 s while that costs little, and spaces huge projects out to stay under 2.5 % of the page', () => {
    expect(autosaveSpacingMs(0)).toBe(2000);
    expect(autosaveSpacingMs(20)).toBe(2000);
    expect(autosaveSpacingMs(150)).toBeCloseTo(6000);
    for (const cost of [1, 60, 400]) expect(cost / autosaveSpacingMs(cost)).toBeLessThanOrEqual(0.025);
  });
});
