/**
 * The short timing ratios, each measured side by side in the same repeat and reported as the
 * median over repeats: ours vs CSRT (tracking only), onnxruntime-web WASM vs onnxruntime-node,
 * and decode + track vs plain ffmpeg decode on the 720p sequence.
 */
import { join } from 'node:path';
import type { Frame } from '../common/frame';
import { evaluateSequence } from '../main/eval/run';
import type { Sequence } from '../main/eval/sequence';
import type { Tracker } from '../workers/core/tracker';
import type { WebOrtModule } from '../workers/ort-web';
import { plainDecodeSeconds } from './decode-fps';
import type { BenchContext } from './full-pass';
import { peerMean, runPeer } from './peer';
import type { TimingRatios } from './results';
import { createWebTracker, decodeAll, mean, medianOf, trackOnly, WARM_UP_FRAMES } from './timing';

export interface RatioPlan {
  repeats: number;
  timingSequences: readonly Sequence[];
  /** Sequences of the WASM timing (WASM is several times slower: a subset); its node figure is measured on them too. */
  wasmSequences: readonly Sequence[];
  e2eSequence: Sequence;
  /** Trackers to time on WASM too (empty: none), and why WASM is skipped when it is. */
  wasmTrackers: readonly string[];
  wasmSkip?: string;
}

export async function runTimingRatios(ctx: BenchContext, plan: RatioPlan): Promise<TimingRatios> {
  const seqs = plan.timingSequences;
  const held = new Map<string, Frame[]>();
  for (const s of [...seqs, ...plan.wasmSequences]) if (!held.has(s.name)) held.set(s.name, await decodeAll(s));
  const meanTrackOnly = async (tracker: Tracker, on: readonly Sequence[]) => {
    const fps: number[] = [];
    for (const s of on) fps.push((await trackOnly(tracker, held.get(s.name)!, s.groundTruth)).fps);
    return mean(fps);
  };

  let ort: WebOrtModule | null = null;
  const web = new Map<string, Tracker>();
  if (plan.wasmTrackers.length && !plan.wasmSkip) {
    ort = (await import('onnxruntime-web')) as unknown as WebOrtModule;
    for (const n of plan.wasmTrackers) {
      const w = await createWebTracker(n, ort);
      web.set(n, w);
      const s = plan.wasmSequences[0];
      await trackOnly(w, held.get(s.name)!.slice(0, WARM_UP_FRAMES), s.groundTruth);
    }
  }

  const csrtRuns: number[] = [];
  let csrtSkip = 'script' in ctx.peer ? null : ctx.peer.skip;
  const ours = new Map<string, number[]>([...ctx.trackers.keys()].map((n) => [n, []]));
  const webRuns = new Map<string, number[]>([...web.keys()].map((n) => [n, []]));
  const nodeOnWasmSet = new Map<string, number[]>([...web.keys()].map((n) => [n, []]));
  const ffmpegRuns: number[] = [];
  const e2eRuns = new Map<string, number[]>([...ctx.trackers.keys()].map((n) => [n, []]));
  const names = seqs.map((s) => s.name).join(',');
  const wasmNames = plan.wasmSequences.map((s) => s.name).join(',');
  const sameSets = names === wasmNames;
  try {
    for (let r = 1; r <= plan.repeats; r++) {
      const tag = `timing ${r}/${plan.repeats}`;
      if ('script' in ctx.peer && !csrtSkip) {
        const p = await runPeer(ctx.peer, seqs.map((s) => s.dir), join(ctx.outDir, `peer-timing${r}.json`));
        const fps = peerMean(p, seqs.map((s) => s.name)).fps;
        if (fps === null) csrtSkip = 'peer_baseline.py measured no time (fps inf)';
        else csrtRuns.push(fps);
        ctx.log(`${tag} csrt on ${names}: ${fps?.toFixed(1)} fps`);
      }
      for (const [n, tracker] of ctx.trackers) {
        ours.get(n)!.push(await meanTrackOnly(tracker, seqs));
        ctx.log(`${tag} ${n} on ${names}: ${ours.get(n)!.at(-1)!.toFixed(1)} fps (onnxruntime-node)`);
        const w = web.get(n);
        if (w) {
          nodeOnWasmSet.get(n)!.push(sameSets ? ours.get(n)!.at(-1)! : await meanTrackOnly(tracker, plan.wasmSequences));
          webRuns.get(n)!.push(await meanTrackOnly(w, plan.wasmSequences));
          ctx.log(`${tag} ${n} on ${wasmNames}: ${webRuns.get(n)!.at(-1)!.toFixed(1)} fps (onnxruntime-web WASM), `
            + `${nodeOnWasmSet.get(n)!.at(-1)!.toFixed(1)} fps (onnxruntime-node)`);
        }
      }
      const e = plan.e2eSequence;
      ffmpegRuns.push(e.frames / (await plainDecodeSeconds(ctx.ffmpeg, e.videoPath)));
      for (const [n, tracker] of ctx.trackers) e2eRuns.get(n)!.push((await evaluateSequence(tracker, e)).e2eFps);
      ctx.log(`${tag} ${e.name}: plain ffmpeg ${ffmpegRuns.at(-1)!.toFixed(1)} fps, e2e ${[...e2eRuns].map(([n, v]) => `${n} ${v.at(-1)!.toFixed(1)}`).join(', ')} fps`);
    }
  } finally {
    for (const w of web.values()) await w.dispose();
  }

  const ratioRuns = (a: number[], b: number[]) => a.map((v, i) => v / b[i]);
  const csrtOk = !csrtSkip && csrtRuns.length === plan.repeats;
  return {
    repeats: plan.repeats,
    trackOnly: {
      sequences: seqs.map((s) => s.name),
      csrt: csrtOk ? medianOf(csrtRuns) : { skipped: csrtSkip ?? 'no CSRT runs' },
      trackers: Object.fromEntries([...ours].map(([n, runs]) => [n, {
        fps: medianOf(runs),
        vsCsrt: csrtOk ? medianOf(ratioRuns(runs, csrtRuns)) : null,
      }])),
    },
    wasm: plan.wasmSkip || !web.size
      ? { skipped: plan.wasmSkip ?? 'neither the default tracker nor fusion is in --trackers' }
      : {
        sequences: plan.wasmSequences.map((s) => s.name),
        trackers: Object.fromEntries([...webRuns].map(([n, runs]) => [n, {
          webFps: medianOf(runs), nodeFps: medianOf(nodeOnWasmSet.get(n)!), webVsNode: medianOf(ratioRuns(runs, nodeOnWasmSet.get(n)!)),
        }])),
      },
    e2e: {
      sequence: plan.e2eSequence.name,
      width: plan.e2eSequence.width,
      height: plan.e2eSequence.height,
      ffmpegFps: medianOf(ffmpegRuns),
      trackers: Object.fromEntries([...e2eRuns].map(([n, runs]) => [n, { e2eFps: medianOf(runs), vsFfmpeg: medianOf(ratioRuns(runs, ffmpegRuns)) }])),
    },
  };
}
