import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../common/bytes';

describe('concatBytes', () => {
  it('joins arrays in order into a new array, views included', () => {
    const base = Uint8Array.of(9, 1, 2, 3, 9);
    const out = concatBytes([Uint8Array.of(7), base.subarray(1, 4), new Uint8Array(0), Uint8Array.of(8)]);
    expect([...out]).toEqual([7, 1, 2, 3, 8]);
    expect(out.buffer).not.toBe(base.buffer);
    expect(concatBytes([]).length).toBe(0);
  });
});
