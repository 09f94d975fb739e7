/** The speed targets the bench checks, from the interleaved timing ratios. */
import type { Target, TimingRatios } from './results';

export const FUSION = 'fusion';
export const TARGETS = { fusionVsCsrt: 3, wasmFps: 60, e2eVsFfmpeg: 0.5 } as const;

/** Which trackers the WASM timing covers: the default one and fusion, when they are run. */
export function wasmTrackers(trackers: readonly string[], defaultTracker: string): string[] {
  return [...new Set([defaultTracker, FUSION])].filter((n) => trackers.includes(n));
}

export function buildTargets(t: TimingRatios, trackers: readonly string[], defaultTracker: string, registered: readonly string[]): Target[] {
  const absent = (name: string) => (registered.includes(name) ? `${name} not in --trackers` : `${name} is not registered yet`);
  const out: Target[] = [];

  const fusion = t.trackOnly.trackers[FUSION];
  const csrtSkipped = 'skipped' in t.trackOnly.csrt ? t.trackOnly.csrt.skipped : null;
  out.push({
    label: `${FUSION} tracking-only fps / CSRT fps (onnxruntime-node, 1 thread)`,
    value: fusion?.vsCsrt?.median ?? null,
    atLeast: TARGETS.fusionVsCsrt,
    unit: 'x',
    note: !fusion ? absent(FUSION) : csrtSkipped ? `CSRT skipped: ${csrtSkipped}` : undefined,
  });

  for (const name of [...new Set([defaultTracker, FUSION])]) {
    const w = 'skipped' in t.wasm ? null : t.wasm.trackers[name];
    out.push({
      label: `${name} tracking-only fps on onnxruntime-web WASM in Node (1 thread)`,
      value: w?.webFps.median ?? null,
      atLeast: TARGETS.wasmFps,
      unit: 'fps',
      note: 'skipped' in t.wasm ? `WASM skipped: ${t.wasm.skipped}` : !trackers.includes(name) ? absent(name) : undefined,
    });
  }

  for (const name of trackers) {
    const e = t.e2e.trackers[name];
    out.push({
      label: `${name} end-to-end fps / plain ffmpeg fps on ${t.e2e.sequence}`,
      value: e?.vsFfmpeg.median ?? null,
      atLeast: TARGETS.e2eVsFfmpeg,
      unit: 'x',
    });
  }
  return out;
}
