/**
 * An InferenceEngine that adds up the time its sessions spend in run(): the "network ms per
 * frame" the status bar shows, measured the same way for every tracker and backend (reading a
 * run's outputs waits for the GPU, so WebGPU time is counted in full). `now` is injected because
 * this core has no clock of its own (performance.now in workers and Node).
 */
import type { InferenceEngine, NetSession } from './engine';

export interface TimedEngine {
  engine: InferenceEngine;
  /** ms spent in run() since the last call (and resets the count). */
  takeMs(): number;
}

export function timedEngine(inner: InferenceEngine, now: () => number): TimedEngine {
  let spent = 0;
  const wrap = (s: NetSession): NetSession => ({
    inputNames: s.inputNames,
    outputNames: s.outputNames,
    async run(feeds) {
      const t0 = now();
      try {
        return await s.run(feeds);
      } finally {
        spent += now() - t0;
      }
    },
    release: () => s.release(),
  });
  return {
    engine: { backend: inner.backend, createSession: async (model) => wrap(await inner.createSession(model)) },
    takeMs() {
      const ms = spent;
      spent = 0;
      return ms;
    },
  };
}
