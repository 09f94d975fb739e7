import { describe, expect, it } from 'vitest';
import { fixed, formatSummary, fullPassTable, perSequenceTable, renderTable, targetLine, timingTable, times } from '../../bench/table';
import { sampleResults } from './fixture';

describe('renderTable', () => {
  it('aligns text columns: first left, numbers right', () => {
    const text = renderTable(['tracker', 'fps'], [['nanotrack', '90.0'], ['dcf', '120.5']]);
    expect(text).toBe(
      'tracker      fps\n'
      + '---------  -----\n'
      + 'nanotrack   90.0\n'
      + 'dcf        120.5\n',
    );
  });

  it('writes a GitHub Markdown table, escaping pipes', () => {
    const md = renderTable(['tracker', 'AUC'], [['a|b', '0.700']], { markdown: true });
    expect(md).toBe('| tracker | AUC |\n|:---|---:|\n| a\\|b | 0.700 |\n');
  });

  it('refuses a row of the wrong width', () => {
    expect(() => renderTable(['a', 'b'], [['1']])).toThrow(/1 cells, header has 2/);
  });
});

describe('number formats', () => {
  it('shows n/a for missing or non-finite values', () => {
    expect(fixed(1.23456, 3)).toBe('1.235');
    expect(fixed(null, 1)).toBe('n/a');
    expect(fixed(Infinity, 1)).toBe('n/a');
    expect(times(3.14159)).toBe('3.14x');
    expect(times(undefined)).toBe('n/a');
  });
});

describe('bench tables', () => {
  it('full pass: one row per tracker with its ratio to CSRT, then CSRT and the plain decode', () => {
    const t = fullPassTable(sampleResults());
    expect(t.headers).toEqual(['tracker', 'AUC', 'P@20', 'track fps', 'e2e fps', 'track fps / CSRT']);
    expect(t.rows).toEqual([
      ['nanotrack', '0.700', '0.950', '90.0', '60.0', '3.00x'],
      ['dcf', '0.600', '0.900', '20.0', '15.0', '0.67x'],
      ['csrt (OpenCV 4.6.0, 2 thr)', '0.630', '1.000', '30.0', 'n/a', '1.00x'],
      ['plain ffmpeg decode > /dev/null', 'n/a', 'n/a', 'n/a', '500.0', 'n/a'],
    ]);
  });

  it('full pass without CSRT: no ratio, no CSRT row', () => {
    const r = sampleResults();
    r.fullPass.peer = { skipped: 'python3-opencv is not installed' };
    const t = fullPassTable(r);
    expect(t.rows.map((row) => row[0])).toEqual(['nanotrack', 'dcf', 'plain ffmpeg decode > /dev/null']);
    expect(t.rows[0][5]).toBe('n/a');
    expect(formatSummary(r, false)).toContain('OpenCV CSRT skipped: python3-opencv is not installed');
  });

  it('timing ratios: medians, WASM only where measured', () => {
    const t = timingTable(sampleResults());
    expect(t.headers).toEqual(['tracker', 'track fps Crossing,Deer', 'CSRT fps', 'ours/CSRT', 'WASM fps Crossing', 'WASM/node',
      'e2e fps Surfing06', 'ffmpeg fps', 'e2e/ffmpeg']);
    expect(t.rows).toEqual([
      ['nanotrack', '126.0', '42.0', '3.00x', '25.0', '0.20x', '45.0', '95.0', '0.47x'],
      ['dcf', '21.0', '42.0', '0.50x', 'n/a', 'n/a', '22.0', '95.0', '0.22x'],
    ]);
  });

  it('per sequence: AUC and fps of each tracker, CSRT and ffmpeg', () => {
    const t = perSequenceTable(sampleResults());
    expect(t.headers).toEqual(['sequence', 'nanotrack AUC', 'nanotrack fps', 'dcf AUC', 'dcf fps', 'CSRT AUC', 'CSRT fps', 'ffmpeg fps']);
    expect(t.rows[1]).toEqual(['Surfing06', '0.660', '80.0', '0.500', '18.0', '0.540', '20.0', '100.0']);
  });

  it('targets read as met, MISSED or not measured', () => {
    expect(targetLine({ label: 'fusion / CSRT', value: 3.2, atLeast: 3, unit: 'x' })).toBe('fusion / CSRT: 3.20x (target >= 3x) met');
    expect(targetLine({ label: 'WASM', value: 25.04, atLeast: 60, unit: 'fps' })).toBe('WASM: 25.0 fps (target >= 60 fps) MISSED');
    expect(targetLine({ label: 'fusion', value: null, atLeast: 3, unit: 'x', note: 'fusion is not registered yet' }))
      .toBe('fusion: n/a (target >= 3x) not measured - fusion is not registered yet');
  });

  it('results.md holds the command, every section and the per-sequence table', () => {
    const md = formatSummary(sampleResults(), true);
    expect(md).toMatch(/^# Benchmark results \(2025-01-01T00:00:00.000Z\)\n\n`npm run bench -- --sequences David,Surfing06` - 100 s/);
    for (const h of ['## Full pass', '## Timing ratios (median of 3)', '## Targets', '## Notes', '## Per sequence']) expect(md).toContain(h);
    expect(md).toContain('| nanotrack | 0.700 | 0.950 | 90.0 | 60.0 | 3.00x |');
    expect(md).not.toMatch(/\n\n\n/);
    const text = formatSummary(sampleResults(), false);
    expect(text).not.toContain('| ');
    expect(text).toContain('== Targets ==');
  });
});
