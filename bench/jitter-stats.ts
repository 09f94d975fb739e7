/**
 * Pure helpers of bench/jitter.ts: where the start box is moved, and how the AUCs of the jittered
 * runs are summarised. One-pass AUC on these sequences swings with sub-pixel changes (MotorRolling
 * 0.42-0.51 under 0.02-0.05 px shifts, bench/README.md), so a change is judged on the mean over
 * several start boxes, sequence by sequence, against a reference in the same run.
 */
import type { Box } from '../common/box';
import { mean } from './timing';

/**
 * Start-box offsets in pixels: (0, 0) first, then the 8 neighbours of a grid of step `step`
 * (axes before diagonals), so the first n are the same set whatever n is.
 */
export function jitterOffsets(count: number, step: number): [number, number][] {
  if (!Number.isInteger(count) || count < 1 || count > 9) throw new Error(`jitter count must be an integer 1..9, got ${count}`);
  if (!(step > 0)) throw new Error(`jitter step must be > 0 px, got ${step}`);
  const grid: [number, number][] = [[0, 0], [1, 0], [0, 1], [-1, 0], [0, -1], [1, 1], [-1, -1], [1, -1], [-1, 1]];
  return grid.slice(0, count).map(([dx, dy]) => [dx * step, dy * step]);
}

/** A comma-separated list whose items may be name:JSON: commas inside braces do not split. */
export function splitEntries(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i <= list.length; i++) {
    const ch = list[i];
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if ((ch === ',' && depth === 0) || i === list.length) {
      if (i > from) out.push(list.slice(from, i));
      from = i + 1;
    }
  }
  if (depth !== 0) throw new Error(`unbalanced braces in "${list}"`);
  return out;
}

export function shiftBox(box: Box, [dx, dy]: [number, number]): Box {
  return { ...box, x: box.x + dx, y: box.y + dy };
}

export interface JitterSummary {
  /** Per sequence, the mean AUC over the jittered starts. */
  perSequence: number[];
  /** Mean of perSequence (the figure a one-pass run reports, averaged over starts). */
  mean: number;
  /** Spread of the nine-sequence mean across starts (max - min of the per-start means). */
  startRange: number;
}

/** aucs[s][j]: AUC of sequence s from start j (every sequence has the same starts). */
export function summarise(aucs: readonly (readonly number[])[]): JitterSummary {
  if (!aucs.length || !aucs[0].length) throw new Error('no runs to summarise');
  const starts = aucs[0].length;
  if (aucs.some((a) => a.length !== starts)) throw new Error('every sequence needs the same number of starts');
  const perSequence = aucs.map((a) => mean(a));
  const perStart = Array.from({ length: starts }, (_, j) => mean(aucs.map((a) => a[j])));
  return { perSequence, mean: mean(perSequence), startRange: Math.max(...perStart) - Math.min(...perStart) };
}

export interface PairedDifference {
  /** candidate - reference, per sequence (means over starts). */
  perSequence: number[];
  mean: number;
  /** Sequences where the candidate is higher / lower by more than `tie`. */
  better: number;
  worse: number;
}

export function pairedDifference(candidate: JitterSummary, reference: JitterSummary, tie = 0.005): PairedDifference {
  if (candidate.perSequence.length !== reference.perSequence.length) throw new Error('summaries cover different sequences');
  const perSequence = candidate.perSequence.map((c, i) => c - reference.perSequence[i]);
  return {
    perSequence,
    mean: mean(perSequence),
    better: perSequence.filter((d) => d > tie).length,
    worse: perSequence.filter((d) => d < -tie).length,
  };
}
