import { describe, expect, it } from 'vitest';
import type { InferenceEngine, TensorData } from '../../../workers/core/engine';
import { timedEngine } from '../../../workers/core/timed-engine';

/** A fake engine whose run() advances a fake clock by `cost` ms. */
function fakeEngine(clock: { t: number }, cost: number): InferenceEngine {
  return {
    backend: 'fake',
    async createSession() {
      return {
        inputNames: ['input'],
        outputNames: ['output'],
        async run(feeds: Record<string, TensorData>) {
          clock.t += cost;
          if (feeds.input.data[0] < 0) throw new Error('bad input');
          return { output: feeds.input };
        },
        release: async () => undefined,
      };
    },
  };
}

describe('timedEngine', () => {
  it('adds up the time spent in run() across sessions and resets on take', async () => {
    const clock = { t: 0 };
    const timed = timedEngine(fakeEngine(clock, 4), () => clock.t);
    expect(timed.engine.backend).toBe('fake');
    const a = await timed.engine.createSession(new Uint8Array());
    const b = await timed.engine.createSession(new Uint8Array());
    const x = { data: new Float32Array([1, 2]), dims: [2] };
    expect((await a.run({ input: x })).output).toBe(x);
    await b.run({ input: x });
    clock.t += 100; // time outside run() is not counted
    expect(timed.takeMs()).toBe(8);
    expect(timed.takeMs()).toBe(0);
  });

  it('counts a run that throws', async () => {
    const clock = { t: 0 };
    const timed = timedEngine(fakeEngine(clock, 3), () => clock.t);
    const s = await timed.engine.createSession(new Uint8Array());
    await expect(s.run({ input: { data: new Float32Array([-1]), dims: [1] } })).rejects.toThrow(/bad input/);
    expect(timed.takeMs()).toBe(3);
  });
});
