/**
 * One-pass evaluation of our trackers on WebGPU and on WASM through the real video service, for
 * bench/gpu/bench.ts `--eval`: AUC, P@20 and fps per backend, and how far the two backends' boxes
 * drift apart (the same networks on a real GPU must track like the CPU kernels they replace).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { iou, type Box } from '../../common/box';
import type { InferenceEngine } from '../../workers/core/engine';
import { getTrackerSpec } from '../../workers/trackers/registry';
import { evaluateSequence, type SequenceResult } from '../../main/eval/run';
import { loadSequence } from '../../main/eval/sequence';
import { loadModels } from '../../main/models/resolve';

export interface EvalRun {
  backend: string;
  tracker: string;
  sequence: string;
  frames: number;
  auc: number;
  p20: number;
  fps: number;
  e2eFps: number;
}

export interface Agreement {
  tracker: string;
  sequence: string;
  /** Mean IoU between the two backends' boxes over frames both tracked, and the smallest. */
  meanIou: number;
  minIou: number;
  /** Frames whose tracked/lost state differs. */
  stateDiffers: number;
}

const boxesOf = (r: SequenceResult): (Box | null)[] => r.rows.map((row) => row.box);

export function agreement(tracker: string, a: SequenceResult, b: SequenceResult): Agreement {
  const pa = boxesOf(a);
  const pb = boxesOf(b);
  const ious: number[] = [];
  let stateDiffers = 0;
  for (let i = 1; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (!x !== !y) stateDiffers++;
    else if (x && y) ious.push(iou(x, y));
  }
  return {
    tracker, sequence: a.name,
    meanIou: ious.reduce((s, v) => s + v, 0) / Math.max(1, ious.length),
    minIou: ious.length ? Math.min(...ious) : 0,
    stateDiffers,
  };
}

/** Sequence folders under `dir` (each holding video.mp4 and groundtruth.txt), or only `names`. */
export function sequenceDirs(dir: string, names: string[] | 'all'): string[] {
  const all = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  return (names === 'all' ? all : names.filter((n) => all.includes(n))).map((n) => join(dir, n));
}

/**
 * Every (tracker, sequence) on each backend in `engines`; trackers named in `crossCheck` also run on
 * every backend so their boxes can be compared, the others run on `engines[0]` only.
 */
export async function evaluateBackends(opts: {
  engines: { name: string; engine: InferenceEngine }[];
  trackers: string[];
  crossCheck: string[];
  sequenceDirs: string[];
  modelsDir: string;
  log: (line: string) => void;
}): Promise<{ runs: EvalRun[]; agreements: Agreement[] }> {
  const runs: EvalRun[] = [];
  const agreements: Agreement[] = [];
  const specs = opts.trackers.map((name) => {
    const spec = getTrackerSpec(name);
    return { name, spec, models: loadModels(spec.models, [opts.modelsDir]) };
  });
  for (const dir of opts.sequenceDirs) {
    const seq = await loadSequence(dir);
    for (const { name: trackerName, spec, models } of specs) {
      const on = opts.crossCheck.includes(trackerName) ? opts.engines : opts.engines.slice(0, 1);
      const results: SequenceResult[] = [];
      for (const { name, engine } of on) {
        const tracker = await spec.create({ engine, models });
        try {
          const r = await evaluateSequence(tracker, seq);
          results.push(r);
          runs.push({ backend: name, tracker: trackerName, sequence: seq.name, frames: r.frames, auc: r.auc, p20: r.p20, fps: r.fps, e2eFps: r.e2eFps });
          opts.log(`  ${seq.name} ${trackerName} on ${name}: AUC ${r.auc.toFixed(3)}, P@20 ${r.p20.toFixed(3)}, track ${r.fps.toFixed(1)} fps, e2e ${r.e2eFps.toFixed(1)} fps (${r.frames} frames)`);
        } finally {
          await tracker.dispose();
        }
      }
      if (results.length === 2) {
        const a = agreement(trackerName, results[0], results[1]);
        agreements.push(a);
        opts.log(`  ${seq.name} ${trackerName} ${on[0].name} vs ${on[1].name}: box IoU mean ${a.meanIou.toFixed(4)}, min ${a.minIou.toFixed(3)}, state differs on ${a.stateDiffers} frames`);
      }
    }
  }
  return { runs, agreements };
}

/** Unweighted means over sequences per (tracker, backend), as `tracker eval` reports them. */
export function meansByRun(runs: readonly EvalRun[]): { tracker: string; backend: string; sequences: number; auc: number; p20: number; fps: number; e2eFps: number }[] {
  const keys = [...new Set(runs.map((r) => `${r.tracker}\t${r.backend}`))];
  return keys.map((k) => {
    const [tracker, backend] = k.split('\t');
    const rs = runs.filter((r) => r.tracker === tracker && r.backend === backend);
    const mean = (f: (r: EvalRun) => number) => rs.reduce((s, r) => s + f(r), 0) / rs.length;
    return { tracker, backend, sequences: rs.length, auc: mean((r) => r.auc), p20: mean((r) => r.p20), fps: mean((r) => r.fps), e2eFps: mean((r) => r.e2eFps) };
  });
}
