/**
 * One-pass evaluation averaged over sub-pixel shifts of the start box, for judging a tracker change
 * on the development sequences when single runs are too chaotic to tell (helpers: jitter-stats.ts).
 * Not a test: run by hand,
 *   npx tsx bench/jitter.ts [--trackers nanotrack,fusion] [--variants 'fusion:{"sureScore":0.9}',...]
 *                           [--seq Couple,David] [--starts 5] [--step 0.5]
 * Each entry is a registered tracker name, or name:JSON with config overrides (commas inside the JSON are fine). The first entry is the
 * reference: every other is reported as its per-sequence difference from it. Frames are decoded once
 * (the video service, i420) and held in memory; networks on onnxruntime-node, one thread. Lost frames
 * score as no box, as in `tracker eval`.
 */
import { join, resolve } from 'node:path';
import type { Box } from '../common/box';
import { scoreSequence } from '../common/metrics';
import { loadSequence } from '../main/eval/sequence';
import { createNodeTracker } from '../main/trackers/create';
import { jitterOffsets, pairedDifference, shiftBox, splitEntries, summarise, type JitterSummary } from './jitter-stats';
import { arg } from './script-args';
import { decodeAll } from './timing';

const SEQUENCES_DIR = resolve(import.meta.dirname, '..', '..', 'shared', 'sequences');
const ALL = 'Couple,Crossing,David,Deer,FaceOcc1,Girl,MotorRolling,Surfing06,bag';

function parseEntry(entry: string): { name: string; config?: Record<string, unknown> } {
  const colon = entry.indexOf(':');
  if (colon < 0) return { name: entry };
  return { name: entry.slice(0, colon), config: JSON.parse(entry.slice(colon + 1)) as Record<string, unknown> };
}

const entries = [...splitEntries(arg('trackers', 'nanotrack,fusion')), ...splitEntries(arg('variants', ''))];
const names = arg('seq', ALL).split(',');
const offsets = jitterOffsets(Number(arg('starts', '5')), Number(arg('step', '0.5')));

const sequences = [];
for (const n of names) {
  const seq = await loadSequence(join(SEQUENCES_DIR, n));
  sequences.push({ seq, frames: await decodeAll(seq) });
}
console.log(`${sequences.length} sequences, starts shifted by ${offsets.map(([x, y]) => `(${x},${y})`).join(' ')} px`);

const summaries: { entry: string; summary: JitterSummary; msPerFrame: number }[] = [];
for (const entry of entries) {
  const { name, config } = parseEntry(entry);
  const tracker = await createNodeTracker(name, config);
  const aucs: number[][] = sequences.map(() => []);
  let ms = 0;
  let frameCount = 0;
  try {
    for (const offset of offsets) {
      for (const [i, { seq, frames }] of sequences.entries()) {
        const boxes: (Box | null)[] = [seq.groundTruth[0]];
        const t0 = performance.now();
        await tracker.init(frames[0], shiftBox(seq.groundTruth[0], offset));
        for (let f = 1; f < frames.length; f++) {
          const r = await tracker.track(frames[f]);
          boxes.push(r.state === 'lost' ? null : r.box);
        }
        ms += performance.now() - t0;
        frameCount += frames.length;
        aucs[i].push(scoreSequence(boxes, seq.groundTruth).auc);
      }
    }
  } finally {
    await tracker.dispose();
  }
  const summary = summarise(aucs);
  summaries.push({ entry, summary, msPerFrame: ms / frameCount });
  console.log(`${entry}: mean AUC ${summary.mean.toFixed(4)} (per-start means span ${summary.startRange.toFixed(4)}), ${(ms / frameCount).toFixed(2)} ms a frame`);
}

const col = (s: string) => s.padStart(13);
console.log(`\n${'entry'.padEnd(40)}${names.map(col).join('')}${col('mean')}`);
const [reference] = summaries;
for (const { entry, summary } of summaries) {
  console.log(`${entry.slice(0, 39).padEnd(40)}${summary.perSequence.map((a) => col(a.toFixed(3))).join('')}${col(summary.mean.toFixed(4))}`);
}
for (const { entry, summary } of summaries.slice(1)) {
  const d = pairedDifference(summary, reference.summary);
  const sign = (x: number) => (x >= 0 ? '+' : '') + x.toFixed(3);
  console.log(`${`  - ${reference.entry}`.slice(0, 39).padEnd(40)}${d.perSequence.map((x) => col(sign(x))).join('')}${col(sign(d.mean))}`);
  console.log(`    ${entry}: higher on ${d.better}, lower on ${d.worse} of ${names.length} sequences (ties within 0.005)`);
}
