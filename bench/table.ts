/** The bench's tables, as aligned text for the console and as Markdown for results.md. */
import type { BenchResults, Median, Target } from './results';
import { PLAIN_DECODE_PIX_FMT } from './decode-fps';

export type Align = 'l' | 'r';

const NA = 'n/a';

export const fixed = (v: number | null | undefined, digits: number): string =>
  v === null || v === undefined || !Number.isFinite(v) ? NA : v.toFixed(digits);
export const times = (v: number | null | undefined): string => (fixed(v, 2) === NA ? NA : `${fixed(v, 2)}x`);

/** Columns aligned with spaces (text) or a GitHub table (markdown); numbers right-aligned by default. */
export function renderTable(headers: string[], rows: string[][], opts: { markdown?: boolean; align?: Align[] } = {}): string {
  for (const r of rows) {
    if (r.length !== headers.length) throw new Error(`table row has ${r.length} cells, header has ${headers.length}`);
  }
  const align = headers.map((_, i) => opts.align?.[i] ?? (i === 0 ? 'l' : 'r'));
  if (opts.markdown) {
    const cell = (s: string) => s.replace(/\|/g, '\\|');
    const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
    const rule = `|${align.map((a) => (a === 'r' ? '---:' : ':---')).join('|')}|`;
    return [line(headers), rule, ...rows.map(line)].join('\n') + '\n';
  }
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

export function targetStatus(t: Target): string {
  if (t.value === null) return 'not measured';
  return t.value >= t.atLeast ? 'met' : 'MISSED';
}

export function targetLine(t: Target): string {
  const value = t.unit === 'x' ? times(t.value) : `${fixed(t.value, 1)} fps`;
  const goal = t.unit === 'x' ? `>= ${t.atLeast}x` : `>= ${t.atLeast} fps`;
  return `${t.label}: ${value} (target ${goal}) ${targetStatus(t)}${t.note ? ` - ${t.note}` : ''}`;
}

const med = (m: Median | null | undefined) => (m ? m.median : null);
const isSkipped = (x: object): x is { skipped: string } => 'skipped' in x;

/** Full pass: accuracy, tracking-only and end-to-end fps per tracker, CSRT beside them. */
export function fullPassTable(r: BenchResults): { headers: string[]; rows: string[][] } {
  const fp = r.fullPass;
  const peer = isSkipped(fp.peer) ? null : fp.peer;
  const headers = ['tracker', 'AUC', 'P@20', 'track fps', 'e2e fps', 'track fps / CSRT'];
  const rows = Object.entries(fp.trackers).map(([name, t]) => [
    name, fixed(t.auc, 3), fixed(t.p20, 3), fixed(t.fps, 1), fixed(t.e2eFps, 1),
    peer?.fps ? times(t.fps / peer.fps) : NA,
  ]);
  if (peer) rows.push([`${peer.name} (OpenCV ${peer.opencv}, ${peer.threads} thr)`, fixed(peer.auc, 3), fixed(peer.p20, 3), fixed(peer.fps, 1), NA, '1.00x']);
  rows.push(['plain ffmpeg decode > /dev/null', NA, NA, NA, fixed(fp.ffmpeg.fps, 1), NA]);
  return { headers, rows };
}

/** The short interleaved timing ratios (medians of repeats). */
export function timingTable(r: BenchResults): { headers: string[]; rows: string[][] } {
  const t = r.timing;
  const wasm = isSkipped(t.wasm) ? null : t.wasm;
  const on = (names: string[]) => names.join(',');
  const headers = ['tracker', `track fps ${on(t.trackOnly.sequences)}`, 'CSRT fps', 'ours/CSRT',
    `WASM fps ${wasm ? on(wasm.sequences) : ''}`.trim(), 'WASM/node',
    `e2e fps ${t.e2e.sequence}`, 'ffmpeg fps', 'e2e/ffmpeg'];
  const csrt = isSkipped(t.trackOnly.csrt) ? null : t.trackOnly.csrt;
  const rows = Object.entries(t.trackOnly.trackers).map(([name, k]) => {
    const w = wasm?.trackers[name];
    const e = t.e2e.trackers[name];
    return [
      name, fixed(k.fps.median, 1), fixed(med(csrt), 1), times(med(k.vsCsrt)),
      fixed(med(w?.webFps), 1), times(med(w?.webVsNode)),
      fixed(med(e?.e2eFps), 1), fixed(t.e2e.ffmpegFps.median, 1), times(med(e?.vsFfmpeg)),
    ];
  });
  return { headers, rows };
}

/** Per-sequence figures: AUC and tracking fps of each tracker, CSRT's, and the plain decode fps. */
export function perSequenceTable(r: BenchResults): { headers: string[]; rows: string[][] } {
  const fp = r.fullPass;
  const peer = isSkipped(fp.peer) ? null : fp.peer;
  const names = Object.keys(fp.trackers);
  const headers = ['sequence', ...names.flatMap((n) => [`${n} AUC`, `${n} fps`]),
    ...(peer ? ['CSRT AUC', 'CSRT fps'] : []), 'ffmpeg fps'];
  const rows = fp.sequences.map((s) => [
    s,
    ...names.flatMap((n) => [fixed(fp.trackers[n].perSequence[s]?.auc, 3), fixed(fp.trackers[n].perSequence[s]?.fps, 1)]),
    ...(peer ? [fixed(peer.perSequence[s]?.auc, 3), fixed(peer.perSequence[s]?.fps, 1)] : []),
    fixed(fp.ffmpeg.perSequence[s], 1),
  ]);
  return { headers, rows };
}

function notes(r: BenchResults): string[] {
  const fp = r.fullPass;
  const t = r.timing;
  const out = [
    `Full pass: ${fp.sequences.length} sequences (${fp.sequences.join(', ')}), ${fp.passes} pass(es), fps = median over passes of the mean over sequences; `
      + `our trackers on ${r.meta.engines.node}; track fps = (frames - 1) / time in init + track (decode excluded, as peer_baseline.py counts); `
      + 'e2e fps = frames / wall time of decode + track through the video service; '
      + 'its "track fps / CSRT" compares runs made minutes apart (CSRT after all our trackers): the targets use the interleaved ratios below.',
    `Timing ratios: median of ${t.repeats} interleaved run(s); tracking-only on ${t.trackOnly.sequences.join(', ')} (frames decoded beforehand); `
      + `WASM = ${r.meta.engines.web} in Node${isSkipped(t.wasm) ? ` (skipped: ${t.wasm.skipped})` : ` on ${t.wasm.sequences.join(', ')}`}; `
      + `e2e on ${t.e2e.sequence} (${t.e2e.width}x${t.e2e.height}) against \`ffmpeg -i video.mp4 -f rawvideo -pix_fmt ${PLAIN_DECODE_PIX_FMT} -\` > /dev/null.`,
  ];
  if (isSkipped(fp.peer)) out.push(`OpenCV CSRT skipped: ${fp.peer.skipped}`);
  if (isSkipped(t.trackOnly.csrt) && !isSkipped(fp.peer)) out.push(`CSRT timing runs skipped: ${t.trackOnly.csrt.skipped}`);
  out.push(`ffmpeg: ${r.meta.ffmpeg} (${r.meta.ffmpegVersion}); load average ${r.meta.loadAverageStart.map((l) => l.toFixed(2)).join(' ')} at start, `
    + `${r.meta.loadAverageEnd.map((l) => l.toFixed(2)).join(' ')} at end on ${r.meta.cpus} CPU(s): compare ratios from the same run, not absolute fps across runs.`);
  return out;
}

/** The whole summary: console text (markdown=false) or results.md (markdown=true). */
export function formatSummary(r: BenchResults, markdown: boolean): string {
  const h = (title: string) => (markdown ? `## ${title}\n` : `\n== ${title} ==\n`);
  const table = (t: { headers: string[]; rows: string[][] }) => renderTable(t.headers, t.rows, { markdown });
  const list = (lines: string[]) => (lines.length ? lines : ['(none)']).map((l) => (markdown ? `- ${l}` : `  ${l}`)).join('\n') + '\n';
  const parts = [
    markdown ? `# Benchmark results (${r.meta.date})\n\n\`${r.meta.command}\` - ${r.meta.wallSeconds.toFixed(0)} s\n` : '',
    h('Full pass'), table(fullPassTable(r)),
    h(`Timing ratios (median of ${r.timing.repeats})`), table(timingTable(r)),
    h('Targets'), list(r.targets.map(targetLine)),
    h('Notes'), list(notes(r)),
  ];
  if (markdown) parts.push(h('Per sequence'), table(perSequenceTable(r)));
  return parts.join(markdown ? '\n' : '');
}
