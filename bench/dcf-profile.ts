/**
 * dcf on the nine development sequences: success AUC, P@20, fps and the time split
 * (crop / network / FFT filter), for each speed variant. Not a test: run by hand,
 *   npx tsx bench/dcf-profile.ts [--variant name|json[,...]] [--seq David,Girl] [--frames N]
 * Each sequence is decoded once (ffmpeg) and the frames are held in memory, so decode
 * time is not counted. The machine is shared: besides wall time, the stage split is measured
 * in process CPU time (process.cpuUsage: the onnxruntime thread while the net runs, the JS
 * thread for crop and filter), which other processes inflate far less than wall time.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { Box } from '../common/box';
import { TRACKING_PIXEL_FORMAT, type Frame } from '../common/frame';
import { scoreSequence } from '../common/metrics';
import { MODELS } from '../models/manifest';
import { nodeEngine } from '../main/ort-node';
import { loadSequence as loadSequenceFolder } from '../main/eval/sequence';
import { streamFrames } from '../main/video/frames';
import { createDcfTracker, type DcfConfig } from '../workers/trackers/dcf';

const SEQUENCES_DIR = resolve(import.meta.dirname, '..', '..', 'shared', 'sequences');
const MODELS_DIR = resolve(import.meta.dirname, '..', '..', 'shared', 'models');
const ALL = ['Couple', 'Crossing', 'David', 'Deer', 'FaceOcc1', 'Girl', 'MotorRolling', 'Surfing06', 'bag'];

const VARIANTS: Record<string, Partial<DcfConfig>> = {
  // DCFNet as published: 125 crop, 3 scales each frame, new crop + net run for the update
  published: { cropSize: 125, scaleInterval: 1, updateFrom: 'recrop', subPixel: false },
  'c125-search': { cropSize: 125, scaleInterval: 1, updateFrom: 'search' },
  'c64-recrop': { cropSize: 64, scaleInterval: 1, updateFrom: 'recrop' },
  'c64-search': { cropSize: 64, scaleInterval: 1, updateFrom: 'search' },
  'c64-phase': { cropSize: 64, scaleInterval: 1, updateFrom: 'search-phase' },
  'c64-scale5': { cropSize: 64, scaleInterval: 5, updateFrom: 'search' },
  'c64-single': { cropSize: 64, scaleInterval: 0 },
  'c64-int': { cropSize: 64, scaleInterval: 1, updateFrom: 'search', subPixel: false },
  'c48-search': { cropSize: 48, scaleInterval: 1, updateFrom: 'search' },
  'c96-search': { cropSize: 96, scaleInterval: 1, updateFrom: 'search' },
  'c32-search': { cropSize: 32, scaleInterval: 1, updateFrom: 'search' },
};

/** Process CPU time in ms (all threads). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function loadSequence(name: string, maxFrames?: number): Promise<{ frames: Frame[]; gt: Box[] }> {
  const seq = await loadSequenceFolder(join(SEQUENCES_DIR, name));
  const frames: Frame[] = [];
  for await (const f of streamFrames(seq.videoPath, { count: maxFrames, pixelFormat: TRACKING_PIXEL_FORMAT })) frames.push(f);
  return { frames, gt: seq.groundTruth };
}

function row(wall: number, cpu: number, crop: number, net: number, filter: number, frames: number): string {
  const f = (v: number, w: number, d = 1) => (v / frames).toFixed(d).padStart(w);
  return `${f(wall, 9)} (${((1000 * frames) / wall).toFixed(1).padStart(5)})  ${f(cpu, 14)}  ${f(crop, 5, 2)}  ${f(net, 5, 2)}  ${f(filter, 6, 2)}`;
}

async function main(): Promise<void> {
  const variants = (arg('variant') ?? 'published,c64-search,c64-scale5,c64-single').split(/,(?![^{]*})/);
  const seqs = (arg('seq') ?? ALL.join(',')).split(',');
  const maxFrames = arg('frames') ? Number(arg('frames')) : undefined;
  const model = new Uint8Array(readFileSync(join(MODELS_DIR, MODELS.dcfnet.files.feature.path)));
  const engine = nodeEngine();
  const data = new Map<string, { frames: Frame[]; gt: Box[] }>();
  for (const s of seqs) data.set(s, await loadSequence(s, maxFrames));
  for (const v of variants) {
    // a variant is a name from VARIANTS or inline JSON, e.g. '{"cropSize":64,"lambda":2e-4}'
    const config = v.startsWith('{') ? (JSON.parse(v) as Partial<DcfConfig>) : VARIANTS[v];
    if (!config) throw new Error(`unknown variant ${v} (known: ${Object.keys(VARIANTS).join(', ')})`);
    console.log(`\n== ${v} ${JSON.stringify(config)}`);
    console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log('sequence       AUC    P@20   wall ms/f (fps)   cpu ms/f: all   crop   net    filter  psr(med)');
    const aucs: number[] = [];
    let totalMs = 0, totalCpu = 0, totalFrames = 0, crop = 0, net = 0, filt = 0;
    for (const s of seqs) {
      const { frames, gt } = data.get(s)!;
      const tracker = await createDcfTracker(engine, model, config, cpuMs);
      const predicted: Box[] = [gt[0]];
      const psrs: number[] = [];
      await tracker.init(frames[0], gt[0]);
      const p0 = { ...tracker.profile };
      const t0 = performance.now();
      const cpu0 = cpuMs();
      for (let i = 1; i < frames.length; i++) {
        const r = await tracker.track(frames[i]);
        predicted.push(r.box);
        psrs.push(r.psr);
      }
      const ms = performance.now() - t0;
      const cpu = cpuMs() - cpu0;
      const n = frames.length - 1;
      const score = scoreSequence(predicted, gt);
      const pr = tracker.profile;
      const [c, ne, f] = [pr.cropMs - p0.cropMs, pr.netMs - p0.netMs, pr.filterMs - p0.filterMs];
      psrs.sort((a, b) => a - b);
      console.log(`${s.padEnd(14)} ${score.auc.toFixed(3)}  ${score.p20.toFixed(3)}  ${row(ms, cpu, c, ne, f, n)}  ${psrs[Math.floor(psrs.length / 2)].toFixed(1)}`);
      aucs.push(score.auc);
      totalMs += ms; totalCpu += cpu; totalFrames += n; crop += c; net += ne; filt += f;
      await tracker.dispose();
    }
    const mean = aucs.reduce((a, b) => a + b, 0) / aucs.length;
    console.log(`${'MEAN'.padEnd(14)} ${mean.toFixed(3)}         ${row(totalMs, totalCpu, crop, net, filt, totalFrames)}`);
    console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  }
}

await main();
