import type { EvalResult } from './run';

/** `tracker eval --json`: per-sequence and mean scores, rounded for reading (AUC/P@20 to 1e-4, fps to 0.01). */
export interface EvalReport {
  tracker: string;
  sequences: Record<string, { auc: number; p20: number; fps: number; frames: number }>;
  mean: { auc: number; p20: number; fps: number };
}

const round = (v: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

export function buildEvalReport(result: EvalResult): EvalReport {
  const sequences: EvalReport['sequences'] = {};
  for (const s of result.sequences) {
    // Two folders with the same name (from different parents) keep both entries.
    let key = s.name;
    for (let n = 2; key in sequences; n++) key = `${s.name} (${n})`;
    sequences[key] = { auc: round(s.auc, 4), p20: round(s.p20, 4), fps: round(s.fps, 2), frames: s.frames };
  }
  const { auc, p20, fps } = result.mean;
  return { tracker: result.tracker, sequences, mean: { auc: round(auc, 4), p20: round(p20, 4), fps: round(fps, 2) } };
}

/** The report as a plain-text table: one line per sequence, then the means. */
export function formatEvalTable(report: EvalReport): string {
  const names = Object.keys(report.sequences);
  const meanLabel = `mean of ${names.length}`;
  const nameW = Math.max(8, meanLabel.length, ...names.map((n) => n.length));
  const line = (name: string, frames: string, auc: string, p20: string, fps: string) =>
    `${name.padEnd(nameW)}  ${frames.padStart(6)}  ${auc.padStart(6)}  ${p20.padStart(6)}  ${fps.padStart(8)}`;
  const rows = [
    `tracker: ${report.tracker}`,
    line('sequence', 'frames', 'AUC', 'P@20', 'fps'),
    ...names.map((n) => {
      const s = report.sequences[n];
      return line(n, String(s.frames), s.auc.toFixed(3), s.p20.toFixed(3), s.fps.toFixed(1));
    }),
  ];
  rows.push('-'.repeat(rows[1].length));
  const m = report.mean;
  rows.push(line(meanLabel, '', m.auc.toFixed(3), m.p20.toFixed(3), m.fps.toFixed(1)));
  return `${rows.join('\n')}\n`;
}
