/**
 * The full pass: every tracker one-pass on every sequence through the real pipeline
 * (video service -> tracker on onnxruntime-node), plain ffmpeg decode of the same files,
 * and OpenCV's CSRT on the same folders; --repeat passes, fps medians over passes.
 */
import { join } from 'node:path';
import { SUCCESS_THRESHOLDS } from '../common/metrics';
import { evaluateSequence, type SequenceResult } from '../main/eval/run';
import type { Sequence } from '../main/eval/sequence';
import type { Tracker } from '../workers/core/tracker';
import { plainDecodeSeconds } from './decode-fps';
import { peerMean, runPeer, type PeerResult, type PeerSetup } from './peer';
import type { FullPass, TrackerPass } from './results';
import { mean, median } from './timing';

export interface BenchContext {
  trackers: Map<string, Tracker>;
  peer: PeerSetup | { skip: string };
  ffmpeg: string;
  outDir: string;
  log: (line: string) => void;
}

/** Tracking-only fps as peer_baseline.py counts it: frames after the first / time in init + track. */
export const trackFps = (r: SequenceResult) => (r.frames - 1) / r.trackSeconds;

function summariseTracker(passes: SequenceResult[][], sequences: readonly Sequence[]): TrackerPass {
  const first = passes[0];
  const perSequence: TrackerPass['perSequence'] = {};
  sequences.forEach((s, i) => {
    perSequence[s.name] = {
      frames: first[i].frames, auc: first[i].auc, p20: first[i].p20,
      fps: median(passes.map((p) => trackFps(p[i]))),
      e2eFps: median(passes.map((p) => p[i].e2eFps)),
    };
  });
  const aucOf = (p: SequenceResult[]) => mean(p.map((r) => r.auc));
  const aucs = passes.map(aucOf);
  return {
    auc: aucs[0],
    p20: mean(first.map((r) => r.p20)),
    fps: median(passes.map((p) => mean(p.map(trackFps)))),
    e2eFps: median(passes.map((p) => mean(p.map((r) => r.e2eFps)))),
    successCurve: SUCCESS_THRESHOLDS.map((_, t) => mean(first.map((r) => r.successCurve[t]))),
    perSequence,
    aucSpread: Math.max(...aucs) - Math.min(...aucs),
  };
}

export async function runFullPass(ctx: BenchContext, sequences: readonly Sequence[], passes: number): Promise<FullPass> {
  const results = new Map<string, SequenceResult[][]>([...ctx.trackers.keys()].map((n) => [n, []]));
  const decodeSeconds: number[][] = sequences.map(() => []);
  const peerRuns: PeerResult[] = [];
  for (let pass = 1; pass <= passes; pass++) {
    const tag = passes > 1 ? `pass ${pass}/${passes} ` : '';
    for (const [name, tracker] of ctx.trackers) {
      const rows: SequenceResult[] = [];
      for (const seq of sequences) {
        const r = await evaluateSequence(tracker, seq);
        rows.push(r);
        ctx.log(`${tag}${name} ${seq.name}: AUC ${r.auc.toFixed(3)} P@20 ${r.p20.toFixed(3)} track ${trackFps(r).toFixed(1)} fps, e2e ${r.e2eFps.toFixed(1)} fps`);
      }
      results.get(name)!.push(rows);
    }
    for (const [i, seq] of sequences.entries()) decodeSeconds[i].push(await plainDecodeSeconds(ctx.ffmpeg, seq.videoPath));
    ctx.log(`${tag}plain ffmpeg decode: ${sequences.map((s, i) => `${s.name} ${(s.frames / decodeSeconds[i][pass - 1]).toFixed(0)}`).join(', ')} fps`);
    if ('script' in ctx.peer) {
      ctx.log(`${tag}OpenCV CSRT (peer_baseline.py) on ${sequences.length} sequences...`);
      peerRuns.push(await runPeer(ctx.peer, sequences.map((s) => s.dir), join(ctx.outDir, `peer-full-pass${pass}.json`), (l) => ctx.log(`  csrt ${l.trim()}`)));
    }
  }

  const names = sequences.map((s) => s.name);
  const ffmpegPerSequence = Object.fromEntries(sequences.map((s, i) => [s.name, s.frames / median(decodeSeconds[i])]));
  let peer: FullPass['peer'];
  if ('script' in ctx.peer) {
    const perSequence: PeerResult = {};
    for (const s of names) {
      const runs = peerRuns.map((p) => p[s]);
      if (runs.some((r) => !r)) throw new Error(`peer JSON has no result for ${s}`);
      const fps = runs.map((r) => r.fps);
      perSequence[s] = { ...runs[0], fps: fps.includes(null) ? null : median(fps as number[]) };
    }
    const fpsByPass = peerRuns.map((p) => peerMean(p, names).fps);
    const m = peerMean(perSequence, names);
    peer = {
      name: 'csrt', opencv: ctx.peer.opencv, threads: ctx.peer.threads,
      auc: m.auc, p20: m.p20, fps: fpsByPass.includes(null) ? null : median(fpsByPass as number[]),
      perSequence,
    };
  } else {
    peer = { skipped: ctx.peer.skip };
  }
  return {
    sequences: names,
    passes,
    trackers: Object.fromEntries([...results].map(([n, p]) => [n, summariseTracker(p, sequences)])),
    ffmpeg: { fps: mean(Object.values(ffmpegPerSequence)), perSequence: ffmpegPerSequence },
    peer,
  };
}
