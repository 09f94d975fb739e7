import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../bench/options';

const defaults = { trackers: ['nanotrack', 'dcf'], sequences: ['David', 'Girl'] };

describe('parseBenchArgs', () => {
  it('defaults: every tracker and sequence, one full pass, three timing repeats, bench-results/', () => {
    expect(parseBenchArgs([], defaults)).toEqual({
      trackers: ['nanotrack', 'dcf'], sequences: ['David', 'Girl'], repeat: 1, timingRepeat: 3,
      timingSequences: ['Crossing', 'Deer'], wasmSequences: ['Crossing'], e2eSequence: 'Surfing06', out: 'bench-results',
      peerThreads: null, noPeer: false, noWasm: false, help: false,
    });
  });

  it('reads the lists and numbers', () => {
    const o = parseBenchArgs(['--trackers', 'dcf, fusion', '--sequences=Girl', '--repeat', '2', '--timing-repeat', '5',
      '--out', '/tmp/x', '--peer-threads', '1', '--no-wasm', '--wasm-sequences', 'Deer'], defaults);
    expect(o).toMatchObject({ trackers: ['dcf', 'fusion'], sequences: ['Girl'], repeat: 2, timingRepeat: 5, out: '/tmp/x',
      peerThreads: 1, noWasm: true, wasmSequences: ['Deer'] });
  });

  it('refuses bad values and unknown options', () => {
    expect(() => parseBenchArgs(['--repeat', '0'], defaults)).toThrow(/--repeat must be a positive integer/);
    expect(() => parseBenchArgs(['--repeat', '1.5'], defaults)).toThrow(/positive integer/);
    expect(() => parseBenchArgs(['--trackers', ','], defaults)).toThrow(/--trackers is an empty list/);
    expect(() => parseBenchArgs(['--frobnicate'], defaults)).toThrow(/frobnicate/);
  });
});
