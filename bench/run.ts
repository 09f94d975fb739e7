/**
 * `npm run bench`: our trackers against OpenCV's CSRT and plain ffmpeg decode, in one run, on the
 * nine ../shared/sequences. See bench/README.md for what each figure means and the targets.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { loadSequence, type Sequence } from '../main/eval/sequence';
import { successPlotSvg } from '../main/eval/plot';
import { writeTextFileAtomic } from '../main/export/csv';
import { createNodeTracker } from '../main/trackers/create';
import { ffmpegTools } from '../main/video/ffmpeg-path';
import type { Tracker } from '../workers/core/tracker';
import { DEFAULT_TRACKER, trackerNames } from '../workers/trackers/registry';
import { runFullPass, type BenchContext } from './full-pass';
import { parseBenchArgs, USAGE, type BenchOptions } from './options';
import { peerSetup } from './peer';
import { runTimingRatios } from './ratios';
import { decodeAll, trackOnly, WARM_UP_FRAMES } from './timing';
import type { BenchResults } from './results';
import { formatSummary } from './table';
import { buildTargets, wasmTrackers } from './targets';

const REPO = resolve(import.meta.dirname, '..');
const SHARED = resolve(REPO, '..', 'shared');
const SEQUENCES_DIR = join(SHARED, 'sequences');
const PEER_SCRIPT = join(SHARED, 'tools', 'peer_baseline.py');
const ALL_SEQUENCES = ['Couple', 'Crossing', 'David', 'Deer', 'FaceOcc1', 'Girl', 'MotorRolling', 'Surfing06', 'bag'];

const started = performance.now();
const log = (line: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

async function loadAll(names: readonly string[]): Promise<Sequence[]> {
  const out: Sequence[] = [];
  for (const n of names) out.push(await loadSequence(join(SEQUENCES_DIR, n)));
  return out;
}

async function bench(opts: BenchOptions): Promise<BenchResults> {
  const registered = trackerNames();
  const unknown = opts.trackers.filter((t) => !registered.includes(t));
  if (unknown.length) throw new Error(`unknown tracker(s) ${unknown.join(', ')} (registered: ${registered.join(', ')})`);
  const sequences = await loadAll(opts.sequences);
  const timingSequences = await loadAll(opts.timingSequences);
  const wasmSequences = await loadAll(opts.wasmSequences);
  const [e2eSequence] = await loadAll([opts.e2eSequence]);

  // The targets are for one intra-op thread; an inherited TRACKER_ORT_THREADS would change that.
  if (process.env.TRACKER_ORT_THREADS && process.env.TRACKER_ORT_THREADS !== '1') {
    log(`ignoring TRACKER_ORT_THREADS=${process.env.TRACKER_ORT_THREADS}: the bench runs onnxruntime-node with 1 intra-op thread`);
  }
  process.env.TRACKER_ORT_THREADS = '1';

  const tools = ffmpegTools();
  const peer = opts.noPeer ? { skip: '--no-peer' } : peerSetup(PEER_SCRIPT, opts.peerThreads);
  if ('skip' in peer) log(`OpenCV CSRT skipped: ${peer.skip}`);
  else log(`OpenCV ${peer.opencv} CSRT via ${peer.script} (${peer.threads} OpenCV thread(s))`);
  const outDir = resolve(opts.out);
  mkdirSync(outDir, { recursive: true });

  const trackers = new Map<string, Tracker>();
  const loadStart = loadavg();
  try {
    const warmUp = await decodeAll(sequences[0], WARM_UP_FRAMES);
    for (const n of opts.trackers) {
      const t = await createNodeTracker(n);
      trackers.set(n, t);
      await trackOnly(t, warmUp, sequences[0].groundTruth);
    }
    const ctx: BenchContext = { trackers, peer, ffmpeg: tools.ffmpeg, outDir, log };
    log(`full pass: ${opts.trackers.join(', ')} on ${sequences.length} sequences, ${opts.repeat} pass(es)`);
    const fullPass = await runFullPass(ctx, sequences, opts.repeat);
    const wasm = opts.noWasm ? [] : wasmTrackers(opts.trackers, DEFAULT_TRACKER);
    log(`timing ratios: ${opts.timingRepeat} interleaved repeat(s)`);
    const timing = await runTimingRatios(ctx, {
      repeats: opts.timingRepeat, timingSequences, wasmSequences, e2eSequence, wasmTrackers: wasm,
      wasmSkip: opts.noWasm ? '--no-wasm' : undefined,
    });
    return {
      meta: {
        date: new Date().toISOString(),
        command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
        node: process.version,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        loadAverageStart: loadStart,
        loadAverageEnd: loadavg(),
        wallSeconds: (performance.now() - started) / 1000,
        ffmpeg: tools.ffmpeg,
        ffmpegVersion: tools.ffmpegVersion,
        engines: {
          node: `onnxruntime-node ${packageVersion('onnxruntime-node')} cpu, 1 intra-op thread`,
          web: `onnxruntime-web ${packageVersion('onnxruntime-web')} wasm, numThreads 1`,
        },
        defaultTracker: DEFAULT_TRACKER,
      },
      fullPass,
      timing,
      targets: buildTargets(timing, opts.trackers, DEFAULT_TRACKER, registered),
    };
  } finally {
    for (const t of trackers.values()) await t.dispose();
  }
}

async function writeOutputs(r: BenchResults, outDir: string): Promise<void> {
  await writeTextFileAtomic(join(outDir, 'results.json'), `${JSON.stringify(r, null, 1)}\n`);
  await writeTextFileAtomic(join(outDir, 'results.md'), formatSummary(r, true));
  const peer = 'skipped' in r.fullPass.peer ? null : r.fullPass.peer;
  const curves = Object.entries(r.fullPass.trackers).map(([name, t]) => ({ name, successCurve: t.successCurve, auc: t.auc }));
  const subtitle = `${r.fullPass.sequences.length} sequences, one-pass (OTB)`
    + (peer ? `; OpenCV CSRT AUC ${peer.auc.toFixed(3)} (no curve from peer_baseline.py)` : '');
  await writeTextFileAtomic(join(outDir, 'success.svg'), successPlotSvg(curves, { subtitle }));
}

async function main(): Promise<void> {
  let opts: BenchOptions;
  try {
    opts = parseBenchArgs(process.argv.slice(2), { trackers: trackerNames(), sequences: ALL_SEQUENCES });
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (opts.help) {
    process.stdout.write(USAGE);
    return;
  }
  const results = await bench(opts);
  await writeOutputs(results, resolve(opts.out));
  process.stdout.write(formatSummary(results, false));
  process.stdout.write(`\nwrote ${['results.json', 'results.md', 'success.svg'].map((f) => join(resolve(opts.out), f)).join(', ')} `
    + `in ${results.meta.wallSeconds.toFixed(0)} s\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
