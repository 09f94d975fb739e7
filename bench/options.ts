import { parseArgs } from 'node:util';

/** What `npm run bench -- ...` was asked to do. */
export interface BenchOptions {
  /** Trackers to run (default: every registered tracker). */
  trackers: string[];
  /** Sequence folder names under ../shared/sequences for the full pass (default: all nine). */
  sequences: string[];
  /** Full passes (accuracy + fps on every sequence); fps figures are the median over passes. */
  repeat: number;
  /** Interleaved repeats of the short timing ratios (ours vs CSRT, WASM, end-to-end vs ffmpeg). */
  timingRepeat: number;
  /** Sequences of the short tracking-only ratios (ours vs CSRT, WASM vs node). */
  timingSequences: string[];
  /** Sequences of the WASM timing (a subset: WASM is several times slower). */
  wasmSequences: string[];
  /** The sequence of the end-to-end vs plain ffmpeg ratio (720p). */
  e2eSequence: string;
  /** Output folder for results.json, results.md, success.svg. */
  out: string;
  /** cv2.setNumThreads for the peer run; null leaves OpenCV's default. */
  peerThreads: number | null;
  /** Skip the OpenCV CSRT peer run. */
  noPeer: boolean;
  /** Skip the onnxruntime-web (WASM) timing. */
  noWasm: boolean;
  help: boolean;
}

export const USAGE = `npm run bench -- [options]

  --trackers a,b         trackers to run (default: all registered)
  --sequences a,b        sequences of the full pass (default: all nine in ../shared/sequences)
  --repeat N             full passes; fps is the median over passes (default 1)
  --timing-repeat N      interleaved repeats of the short timing ratios (default 3)
  --timing-sequences a,b sequences of the short tracking-only ratios (default Crossing,Deer)
  --wasm-sequences a,b   sequences of the WASM timing (default Crossing)
  --e2e-sequence NAME    sequence of the end-to-end vs plain ffmpeg ratio (default Surfing06)
  --out DIR              where results.json, results.md and success.svg go (default bench-results)
  --peer-threads N       cv2.setNumThreads(N) before peer_baseline.py (default: OpenCV's own choice)
  --no-peer              skip OpenCV's CSRT
  --no-wasm              skip the onnxruntime-web (WASM) timing
  -h, --help             this text
`;

const list = (text: string, what: string): string[] => {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (!items.length) throw new Error(`${what} is an empty list`);
  return items;
};

const positive = (text: string, what: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be a positive integer, got "${text}"`);
  return n;
};

/** Parse the command line; unknown trackers/sequences are checked later against what exists. */
export function parseBenchArgs(argv: string[], defaults: { trackers: string[]; sequences: string[] }): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      trackers: { type: 'string' },
      sequences: { type: 'string' },
      repeat: { type: 'string' },
      'timing-repeat': { type: 'string' },
      'timing-sequences': { type: 'string' },
      'wasm-sequences': { type: 'string' },
      'e2e-sequence': { type: 'string' },
      out: { type: 'string' },
      'peer-threads': { type: 'string' },
      'no-peer': { type: 'boolean' },
      'no-wasm': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  return {
    trackers: values.trackers !== undefined ? list(values.trackers, '--trackers') : defaults.trackers,
    sequences: values.sequences !== undefined ? list(values.sequences, '--sequences') : defaults.sequences,
    repeat: values.repeat !== undefined ? positive(values.repeat, '--repeat') : 1,
    timingRepeat: values['timing-repeat'] !== undefined ? positive(values['timing-repeat'], '--timing-repeat') : 3,
    timingSequences: values['timing-sequences'] !== undefined ? list(values['timing-sequences'], '--timing-sequences') : ['Crossing', 'Deer'],
    wasmSequences: values['wasm-sequences'] !== undefined ? list(values['wasm-sequences'], '--wasm-sequences') : ['Crossing'],
    e2eSequence: values['e2e-sequence'] ?? 'Surfing06',
    out: values.out ?? 'bench-results',
    peerThreads: values['peer-threads'] !== undefined ? positive(values['peer-threads'], '--peer-threads') : null,
    noPeer: values['no-peer'] ?? false,
    noWasm: values['no-wasm'] ?? false,
    help: values.help ?? false,
  };
}
