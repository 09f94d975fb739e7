import type { BenchResults } from '../../bench/results';

const m = (runs: number[]) => ({ median: [...runs].sort((a, b) => a - b)[runs.length >> 1], runs });
const curve = (auc: number) => Array.from({ length: 21 }, (_, i) => Math.max(0, Math.min(1, 2 * auc - i / 20)));

/** A small, hand-made result: two trackers, two sequences, CSRT present. */
export function sampleResults(): BenchResults {
  return {
    meta: {
      date: '2025-01-01T00:00:00.000Z', command: 'npm run bench -- --sequences David,Surfing06', node: 'v20.20.2',
      cpus: 2, cpuModel: 'test', loadAverageStart: [1, 1, 1], loadAverageEnd: [2, 2, 2], wallSeconds: 100,
      ffmpeg: '/usr/bin/ffmpeg', ffmpegVersion: 'ffmpeg version 5.1',
      engines: { node: 'onnxruntime-node 1.30.0 cpu, 1 intra-op thread', web: 'onnxruntime-web 1.30.0 wasm, numThreads 1' },
      defaultTracker: 'nanotrack',
    },
    fullPass: {
      sequences: ['David', 'Surfing06'],
      passes: 1,
      trackers: {
        nanotrack: {
          auc: 0.7, p20: 0.95, fps: 90, e2eFps: 60, successCurve: curve(0.7), aucSpread: 0,
          perSequence: {
            David: { frames: 471, auc: 0.74, p20: 1, fps: 100, e2eFps: 80 },
            Surfing06: { frames: 106, auc: 0.66, p20: 0.9, fps: 80, e2eFps: 40 },
          },
        },
        dcf: {
          auc: 0.6, p20: 0.9, fps: 20, e2eFps: 15, successCurve: curve(0.6), aucSpread: 0,
          perSequence: {
            David: { frames: 471, auc: 0.7, p20: 1, fps: 22, e2eFps: 18 },
            Surfing06: { frames: 106, auc: 0.5, p20: 0.8, fps: 18, e2eFps: 12 },
          },
        },
      },
      ffmpeg: { fps: 500, perSequence: { David: 900, Surfing06: 100 } },
      peer: {
        name: 'csrt', opencv: '4.6.0', threads: 2, auc: 0.63, p20: 1, fps: 30,
        perSequence: { David: { auc: 0.72, p20: 1, fps: 40, frames: 471 }, Surfing06: { auc: 0.54, p20: 1, fps: 20, frames: 106 } },
      },
    },
    timing: {
      repeats: 3,
      trackOnly: {
        sequences: ['Crossing', 'Deer'],
        csrt: m([40, 42, 44]),
        trackers: {
          nanotrack: { fps: m([120, 126, 130]), vsCsrt: m([3, 3.1, 2.9]) },
          dcf: { fps: m([20, 21, 22]), vsCsrt: m([0.5, 0.5, 0.5]) },
        },
      },
      wasm: { sequences: ['Crossing'], trackers: { nanotrack: { webFps: m([25, 26, 24]), nodeFps: m([120, 125, 130]), webVsNode: m([0.2, 0.21, 0.19]) } } },
      e2e: {
        sequence: 'Surfing06', width: 1280, height: 720, ffmpegFps: m([90, 100, 95]),
        trackers: { nanotrack: { e2eFps: m([40, 45, 50]), vsFfmpeg: m([0.45, 0.47, 0.52]) }, dcf: { e2eFps: m([20, 22, 24]), vsFfmpeg: m([0.2, 0.22, 0.25]) } },
      },
    },
    targets: [],
  };
}
