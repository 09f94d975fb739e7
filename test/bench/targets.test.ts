import { describe, expect, it } from 'vitest';
import { buildTargets, wasmTrackers } from '../../bench/targets';
import { targetStatus } from '../../bench/table';
import { sampleResults } from './fixture';

describe('wasmTrackers', () => {
  it('is the default tracker and fusion, when they run', () => {
    expect(wasmTrackers(['nanotrack', 'dcf'], 'nanotrack')).toEqual(['nanotrack']);
    expect(wasmTrackers(['nanotrack', 'dcf', 'fusion'], 'nanotrack')).toEqual(['nanotrack', 'fusion']);
    expect(wasmTrackers(['fusion'], 'fusion')).toEqual(['fusion']);
    expect(wasmTrackers(['dcf'], 'nanotrack')).toEqual([]);
  });
});

describe('buildTargets', () => {
  it('without fusion: its targets are not measured, with the reason', () => {
    const t = buildTargets(sampleResults().timing, ['nanotrack', 'dcf'], 'nanotrack', ['nanotrack', 'dcf']);
    expect(t.map((x) => [x.label, x.value, targetStatus(x), x.note])).toEqual([
      ['fusion tracking-only fps / CSRT fps (onnxruntime-node, 1 thread)', null, 'not measured', 'fusion is not registered yet'],
      ['nanotrack tracking-only fps on onnxruntime-web WASM in Node (1 thread)', 25, 'MISSED', undefined],
      ['fusion tracking-only fps on onnxruntime-web WASM in Node (1 thread)', null, 'not measured', 'fusion is not registered yet'],
      ['nanotrack end-to-end fps / plain ffmpeg fps on Surfing06', 0.47, 'MISSED', undefined],
      ['dcf end-to-end fps / plain ffmpeg fps on Surfing06', 0.22, 'MISSED', undefined],
    ]);
  });

  it('with fusion: the ratio to CSRT is checked against 3x', () => {
    const timing = sampleResults().timing;
    const m = (v: number) => ({ median: v, runs: [v] });
    timing.trackOnly.trackers.fusion = { fps: m(140), vsCsrt: m(3.3) };
    timing.e2e.trackers.fusion = { e2eFps: m(50), vsFfmpeg: m(0.55) };
    if ('skipped' in timing.wasm) throw new Error('fixture has WASM');
    timing.wasm.trackers.fusion = { webFps: m(61), nodeFps: m(140), webVsNode: m(0.44) };
    const t = buildTargets(timing, ['nanotrack', 'dcf', 'fusion'], 'nanotrack', ['nanotrack', 'dcf', 'fusion']);
    expect(t[0]).toMatchObject({ value: 3.3, atLeast: 3, unit: 'x' });
    expect(targetStatus(t[0])).toBe('met');
    expect(targetStatus(t[2])).toBe('met');
    expect(t.at(-1)).toMatchObject({ label: 'fusion end-to-end fps / plain ffmpeg fps on Surfing06', value: 0.55 });
  });

  it('a registered tracker left out by --trackers says so; skipped CSRT is named', () => {
    const timing = sampleResults().timing;
    timing.trackOnly.csrt = { skipped: 'python3-opencv is not installed' };
    const t = buildTargets(timing, ['nanotrack'], 'nanotrack', ['nanotrack', 'fusion']);
    expect(t[0].note).toBe('fusion not in --trackers');
    const m = (v: number) => ({ median: v, runs: [v] });
    timing.trackOnly.trackers.fusion = { fps: m(140), vsCsrt: null };
    expect(buildTargets(timing, ['fusion'], 'nanotrack', ['nanotrack', 'fusion'])[0].note).toBe('CSRT skipped: python3-opencv is not installed');
  });
});
