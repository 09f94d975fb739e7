import { describe, expect, it } from 'vitest';
import { buildEvalReport, formatEvalTable } from '../../../main/eval/report';
import type { EvalResult, SequenceResult } from '../../../main/eval/run';

const seq = (name: string, auc: number, p20: number, fps: number, frames: number): SequenceResult => ({
  name, frames, auc, p20, fps, e2eFps: fps / 2, successCurve: Array(21).fill(0), trackSeconds: 1, wallSeconds: 2, rows: [],
});

const result: EvalResult = {
  tracker: 'nanotrack',
  sequences: [seq('David', 0.612345, 0.8, 120.456, 471), seq('bag', 0.4, 0.333333, 99.5, 196), seq('David', 0.1, 0.2, 50, 10)],
  mean: { auc: 0.37078166, p20: 0.44444433, fps: 89.98533, e2eFps: 45, successCurve: Array(21).fill(0) },
};

describe('eval report', () => {
  it('has the --json shape, rounded, and keeps two sequences of the same name', () => {
    expect(buildEvalReport(result)).toEqual({
      tracker: 'nanotrack',
      sequences: {
        David: { auc: 0.6123, p20: 0.8, fps: 120.46, frames: 471 },
        bag: { auc: 0.4, p20: 0.3333, fps: 99.5, frames: 196 },
        'David (2)': { auc: 0.1, p20: 0.2, fps: 50, frames: 10 },
      },
      mean: { auc: 0.3708, p20: 0.4444, fps: 89.99 },
    });
    expect(Object.keys(JSON.parse(JSON.stringify(buildEvalReport(result))))).toEqual(['tracker', 'sequences', 'mean']);
  });

  it('prints one aligned line per sequence, then the means', () => {
    const lines = formatEvalTable(buildEvalReport(result)).trimEnd().split('\n');
    expect(lines).toEqual([
      'tracker: nanotrack',
      'sequence   frames     AUC    P@20       fps',
      'David         471   0.612   0.800     120.5',
      'bag           196   0.400   0.333      99.5',
      'David (2)      10   0.100   0.200      50.0',
      '-------------------------------------------',
      'mean of 3           0.371   0.444      90.0',
    ]);
  });
});
