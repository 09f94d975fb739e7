/** The shape of bench-results/results.json (also what the tables are built from). */

export interface Median {
  /** Median of runs. */
  median: number;
  runs: number[];
}

export interface TrackerPass {
  /** Unweighted means over the full-pass sequences (OTB convention); fps are medians over passes. */
  auc: number;
  p20: number;
  /** Tracking only: (frames - 1) / seconds in init + track, as peer_baseline.py counts; mean over sequences. */
  fps: number;
  /** Decode + track: frames / wall seconds from starting the decoder to the last result; mean over sequences. */
  e2eFps: number;
  successCurve: number[];
  perSequence: Record<string, { frames: number; auc: number; p20: number; fps: number; e2eFps: number }>;
  /** Largest AUC difference between passes (0 when the runtime is deterministic). */
  aucSpread: number;
}

export interface PeerSummary {
  name: string;
  opencv: string;
  threads: number;
  auc: number;
  p20: number;
  fps: number | null;
  perSequence: Record<string, { auc: number; p20: number; fps: number | null; frames: number }>;
}

export interface FullPass {
  sequences: string[];
  passes: number;
  trackers: Record<string, TrackerPass>;
  /** Plain ffmpeg decode to /dev/null: frames / wall seconds per sequence (median over passes) and their mean. */
  ffmpeg: { fps: number; perSequence: Record<string, number> };
  peer: PeerSummary | { skipped: string };
}

export interface TimingRatios {
  repeats: number;
  /** Tracking only on frames decoded beforehand, interleaved with the CSRT runs. */
  trackOnly: {
    sequences: string[];
    csrt: Median | { skipped: string };
    trackers: Record<string, { fps: Median; vsCsrt: Median | null }>;
  };
  /** onnxruntime-web WASM (1 thread) in Node against onnxruntime-node (1 thread), same frames, interleaved. */
  wasm: {
    sequences: string[];
    trackers: Record<string, { webFps: Median; nodeFps: Median; webVsNode: Median }>;
  } | { skipped: string };
  /** Decode + track through the video service against plain ffmpeg to /dev/null, interleaved. */
  e2e: {
    sequence: string;
    width: number;
    height: number;
    ffmpegFps: Median;
    trackers: Record<string, { e2eFps: Median; vsFfmpeg: Median }>;
  };
}

export interface Target {
  label: string;
  /** null: not measured (see note). */
  value: number | null;
  atLeast: number;
  unit: 'x' | 'fps';
  note?: string;
}

export interface BenchResults {
  meta: {
    date: string;
    command: string;
    node: string;
    cpus: number;
    cpuModel: string;
    loadAverageStart: number[];
    loadAverageEnd: number[];
    wallSeconds: number;
    ffmpeg: string;
    ffmpegVersion: string;
    engines: { node: string; web: string };
    defaultTracker: string;
  };
  fullPass: FullPass;
  timing: TimingRatios;
  targets: Target[];
}
