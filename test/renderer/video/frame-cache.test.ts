import { describe, expect, it } from 'vitest';
import { FrameCache } from '../../../renderer/video/frame-cache';

const frame = (index: number, bytes = 100) => ({ index, timeS: index / 30, width: 5, height: bytes / 20, data: new Uint8Array(bytes) });

describe('frame cache', () => {
  it('drops the least recently used frames once over budget', () => {
    const c = new FrameCache(300);
    c.put(frame(1));
    c.put(frame(2));
    c.put(frame(3));
    c.get(1); // 1 becomes the most recent
    c.put(frame(4));
    expect([1, 2, 3, 4].map((i) => c.has(i))).toEqual([true, false, true, true]);
    expect(c.usedBytes).toBe(300);
  });

  it('hands a frame out for transfer and ignores detached buffers', () => {
    const c = new FrameCache(1000);
    const f = frame(7);
    c.put(f);
    expect(c.take(7)).toBe(f);
    expect(c.has(7)).toBe(false);
    expect(c.usedBytes).toBe(0);
    c.put({ ...f, data: new Uint8Array(0) });
    expect(c.has(7)).toBe(false);
    c.put(f);
    c.put(f); // replacing does not double-count
    expect(c.usedBytes).toBe(100);
  });
});
