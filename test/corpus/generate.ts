/**
 * The reliability corpus: awkward and broken video files, GENERATED with the system's ffmpeg into a
 * folder outside the repository (never committed). Each entry says what the video service and the
 * CLI must do with it: refuse it with one line, or open it with the stated displayed size, frame
 * count and (where not uniform) presentation times, and track a box in its middle.
 *
 *   npx tsx test/corpus/generate.ts [folder]      # default: <os tmpdir>/siamtrack-corpus
 *
 * Tests import generateCorpus() and generate into a fresh folder once per file (about 20 s).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Box } from '../../common/box';

interface EntryBase {
  /** Short id, also used in test names. */
  name: string;
  /** What the file exercises, in words (the report's "kind" column). */
  kind: string;
  /** File name inside the corpus folder. */
  file: string;
}

export interface RefusedEntry extends EntryBase {
  expected: 'refused';
  /** What the one-line refusal must say. */
  reason: RegExp;
  /**
   * Where the refusal comes: 'open' (probe), or 'decode' when the index is intact but the frame data
   * is not: openVideo succeeds and reading every frame ends with the VideoError.
   */
  refusedAt: 'open' | 'decode';
}

export interface GoodEntry extends EntryBase {
  expected: 'good';
  /** Size as the user sees it (rotation applied). */
  width: number;
  height: number;
  frameCount: number;
  /** A box in the middle of the frame, for the CLI run. */
  box: Box;
  /** Intended presentation time of each frame from the first, when the rate is not constant. */
  timesS?: number[];
}

export type CorpusEntry = RefusedEntry | GoodEntry;
export type CorpusItem = CorpusEntry & { path: string };

interface Spec {
  entry: CorpusEntry;
  /** Write the file at `out`; `scratch` is a folder for intermediate files. */
  make: (out: string, scratch: string, ff: (args: string[]) => void) => void;
}

export const DEFAULT_CORPUS_DIR = join(tmpdir(), 'siamtrack-corpus');

/** A box a quarter of the frame's size, centred. */
function middleBox(width: number, height: number): Box {
  const w = Math.max(8, Math.round(width / 4));
  const h = Math.max(8, Math.round(height / 4));
  return { x: Math.round((width - w) / 2), y: Math.round((height - h) / 2), w, h };
}

function good(name: string, kind: string, file: string, width: number, height: number, frameCount: number, extra: Partial<GoodEntry> = {}): GoodEntry {
  return { name, kind, file, expected: 'good', width, height, frameCount, box: middleBox(width, height), ...extra };
}

/** lavfi test pattern: moving content, so trackers and seek comparisons see different frames. */
const pattern = (size: string, rate: number) => ['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}`];
const x264 = ['-c:v', 'libx264', '-preset', 'veryfast'];

/** Deterministic pseudo-random bytes (same file every run). */
function pseudoRandom(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

/** Byte range [start, end) of the first top-level box of `type` in an MP4. */
export function mp4BoxRange(bytes: Uint8Array, type: string): { start: number; end: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at + 8 <= bytes.length;) {
    const size = view.getUint32(at);
    const name = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (size < 8) break; // 0 (to end) or 1 (64-bit size): not produced by ffmpeg for our small files
    if (name === type) return { start: at + 8, end: at + size };
    at += size;
  }
  throw new Error(`no ${type} box in the MP4`);
}

/** Presentation times of the VFR clip: 30 fps, then frames 20..30 at 10 fps, then 30 fps again. */
const vfrTime = (n: number) => (n + 2 * (Math.min(Math.max(n, 20), 30) - 20)) / 30;
const VFR_FRAMES = 60;

/** A landscape clip tagged the way phones tag portrait video (ffmpeg 5.1 writes the tag as a display matrix on stream copy). */
function phoneClip(degrees: number): Spec['make'] {
  return (out, scratch, ff) => {
    const landscape = join(scratch, `phone-landscape-${degrees}.mp4`);
    ff([...pattern('320x176', 30), '-frames:v', '45', ...x264, '-pix_fmt', 'yuv420p', landscape]);
    ff(['-i', landscape, '-c', 'copy', '-metadata:s:v:0', `rotate=${degrees}`, out]);
  };
}

const SPECS: Spec[] = [
  // ---- refused ----
  {
    entry: { name: 'empty', kind: 'empty file', file: 'empty.mp4', expected: 'refused', refusedAt: 'open', reason: /empty/ },
    make: (out) => writeFileSync(out, ''),
  },
  {
    entry: { name: 'random-bytes', kind: '1 MiB of random bytes', file: 'random.mp4', expected: 'refused', refusedAt: 'open', reason: /not a readable video|no video stream/ },
    make: (out) => writeFileSync(out, pseudoRandom(1 << 20, 12345)),
  },
  {
    entry: { name: 'text-as-mp4', kind: 'text file named .mp4', file: 'notes.mp4', expected: 'refused', refusedAt: 'open', reason: /not a readable video/ },
    make: (out) => writeFileSync(out, 'Analyst notes\nThis is a text file with a video extension.\n'.repeat(200)),
  },
  {
    entry: { name: 'truncated-mp4', kind: 'MP4 cut in half (index at the end, lost)', file: 'truncated.mp4', expected: 'refused', refusedAt: 'open', reason: /moov atom not found/ },
    make: (out, scratch, ff) => {
      const whole = join(scratch, 'whole.mp4');
      ff([...pattern('320x240', 25), '-frames:v', '75', ...x264, '-pix_fmt', 'yuv420p', whole]);
      const bytes = readFileSync(whole);
      writeFileSync(out, bytes.subarray(0, Math.floor(bytes.length / 2)));
    },
  },
  {
    entry: {
      name: 'truncated-faststart', kind: 'MP4 with its index in front, cut in half (interrupted download)', file: 'truncated-faststart.mp4',
      expected: 'refused', refusedAt: 'decode', reason: /damaged or cut short: only \d+ of the \d+ frames|failed decoding/,
    },
    make: (out, scratch, ff) => {
      const whole = join(scratch, 'whole-faststart.mp4');
      ff([...pattern('320x240', 25), '-frames:v', '75', ...x264, '-pix_fmt', 'yuv420p', '-movflags', '+faststart', whole]);
      const bytes = readFileSync(whole);
      writeFileSync(out, bytes.subarray(0, Math.floor(bytes.length / 2)));
    },
  },
  {
    entry: {
      name: 'corrupted-mdat', kind: 'MP4 with 4 KiB of garbage in the middle of its frame data', file: 'corrupted.mp4',
      expected: 'refused', refusedAt: 'decode', reason: /damaged or cut short: only \d+ of the \d+ frames/,
    },
    make: (out, scratch, ff) => {
      const whole = join(scratch, 'whole-gop25.mp4');
      ff([...pattern('320x240', 25), '-frames:v', '75', ...x264, '-g', '25', '-pix_fmt', 'yuv420p', whole]);
      const bytes = new Uint8Array(readFileSync(whole));
      const mdat = mp4BoxRange(bytes, 'mdat');
      const middle = Math.floor((mdat.start + mdat.end) / 2);
      bytes.set(pseudoRandom(4096, 777), middle);
      writeFileSync(out, bytes);
    },
  },
  {
    entry: { name: 'audio-only', kind: 'audio only (AAC in .m4a)', file: 'audio-only.m4a', expected: 'refused', refusedAt: 'open', reason: /no video stream.*audio/ },
    make: (out, _scratch, ff) => ff(['-f', 'lavfi', '-i', 'sine=duration=2', '-c:a', 'aac', out]),
  },

  // ---- good ----
  {
    entry: good('odd-size', '321x241 H.264 4:4:4 (odd frame size)', 'odd-321x241.mp4', 321, 241, 50),
    // testsrc2 rounds sizes to even numbers; testsrc keeps 321x241.
    make: (out, _s, ff) => ff(['-f', 'lavfi', '-i', 'testsrc=size=321x241:rate=25', '-frames:v', '50', ...x264, '-pix_fmt', 'yuv444p', out]),
  },
  {
    entry: good('phone-rotated-90', 'phone clip: 320x176 coded, display matrix 90 degrees', 'phone-rot90.mp4', 176, 320, 45),
    make: phoneClip(90),
  },
  {
    entry: good('phone-rotated-270', 'phone clip: 320x176 coded, display matrix 270 degrees', 'phone-rot270.mp4', 176, 320, 45),
    make: phoneClip(270),
  },
  {
    entry: good('variable-rate', 'variable frame rate: 30 fps, 10 fps for frames 20-30, 30 fps', 'vfr.mp4', 160, 120, VFR_FRAMES,
      { timesS: Array.from({ length: VFR_FRAMES }, (_, n) => vfrTime(n)) }),
    make: (out, _s, ff) => ff([...pattern('160x120', 30), '-frames:v', String(VFR_FRAMES),
      '-vf', "setpts='(N+2*(clip(N,20,30)-20))/(30*TB)'", '-vsync', 'vfr', ...x264, '-bf', '2', '-g', '30', '-pix_fmt', 'yuv420p', out]),
  },
  {
    entry: good('avi-mpeg4', 'AVI, MPEG-4 Part 2 with B-frames (packed bitstream)', 'mpeg4.avi', 320, 240, 50),
    make: (out, _s, ff) => ff([...pattern('320x240', 25), '-frames:v', '50', '-c:v', 'mpeg4', '-q:v', '5', '-bf', '2', '-g', '25', out]),
  },
  {
    entry: good('webm-vp9', 'WebM, VP9', 'vp9.webm', 320, 240, 50),
    make: (out, _s, ff) => ff([...pattern('320x240', 25), '-frames:v', '50', '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8',
      '-b:v', '300k', '-g', '20', out]),
  },
  {
    entry: good('hevc', 'HEVC (libx265, open GOP, B-frames) in MP4', 'hevc.mp4', 320, 240, 60),
    make: (out, _s, ff) => ff([...pattern('320x240', 25), '-frames:v', '60', '-c:v', 'libx265', '-preset', 'ultrafast',
      '-x265-params', 'log-level=error:keyint=25:min-keyint=25:bframes=3:open-gop=1', '-tag:v', 'hvc1', '-pix_fmt', 'yuv420p', out]),
  },
  {
    entry: good('prores-mov', 'ProRes 422 Proxy (10-bit 4:2:2) in MOV', 'prores.mov', 320, 240, 25),
    make: (out, _s, ff) => ff([...pattern('320x240', 25), '-frames:v', '25', '-c:v', 'prores_ks', '-profile:v', '0', '-pix_fmt', 'yuv422p10le', out]),
  },
  {
    entry: good('uhd-4k', '3840x2160 H.264 (4K), a few frames', 'uhd-4k.mp4', 3840, 2160, 6),
    make: (out, _s, ff) => ff([...pattern('3840x2160', 30), '-frames:v', '6', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', out]),
  },
  {
    entry: good('tiny', '64x48 H.264', 'tiny-64x48.mp4', 64, 48, 50),
    make: (out, _s, ff) => ff([...pattern('64x48', 25), '-frames:v', '50', ...x264, '-pix_fmt', 'yuv420p', out]),
  },
  {
    entry: good('single-frame', 'a single frame', 'single-frame.mp4', 320, 240, 1),
    make: (out, _s, ff) => ff([...pattern('320x240', 25), '-frames:v', '1', ...x264, '-pix_fmt', 'yuv420p', out]),
  },
  {
    entry: good('h264-10bit', 'H.264 High 10 (yuv420p10le)', 'h264-10bit.mp4', 320, 240, 50),
    make: (out, _s, ff) => ff([...pattern('320x240', 25), '-frames:v', '50', ...x264, '-pix_fmt', 'yuv420p10le', out]),
  },
  {
    entry: good('long-gop', 'one keyframe in 90 frames, 3 B-frames with pyramid', 'long-gop.mp4', 320, 240, 90),
    make: (out, _s, ff) => ff([...pattern('320x240', 30), '-frames:v', '90', ...x264, '-g', '300', '-keyint_min', '300', '-sc_threshold', '0',
      '-bf', '3', '-b_strategy', '0', '-x264-params', 'b-pyramid=normal', '-pix_fmt', 'yuv420p', out]),
  },
  {
    entry: good('unicode-path', "file name with spaces, an apostrophe and non-ASCII letters", "vidéo d'essai 测试.mp4", 320, 240, 40),
    make: (out, _s, ff) => ff([...pattern('320x240', 25), '-frames:v', '40', ...x264, '-pix_fmt', 'yuv420p', out]),
  },
];

export const CORPUS: readonly CorpusEntry[] = SPECS.map((s) => s.entry);

export interface GenerateOptions {
  /** ffmpeg binary (default: `ffmpeg` on PATH, Debian's). */
  ffmpeg?: string;
  /** Only these entries (by name); default all. */
  only?: readonly string[];
}

/** Write the corpus into `dir` (created; files there of the same names are replaced). */
export function generateCorpus(dir = DEFAULT_CORPUS_DIR, opts: GenerateOptions = {}): CorpusItem[] {
  const ffmpeg = opts.ffmpeg ?? 'ffmpeg';
  const ff = (args: string[]) => {
    execFileSync(ffmpeg, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args], { timeout: 60_000, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const scratch = join(dir, '.scratch');
  mkdirSync(scratch, { recursive: true });
  const wanted = opts.only ? SPECS.filter((s) => opts.only!.includes(s.entry.name)) : SPECS;
  if (opts.only && wanted.length !== opts.only.length) throw new Error(`unknown corpus entries among: ${opts.only.join(', ')}`);
  const items: CorpusItem[] = [];
  for (const spec of wanted) {
    const path = join(dir, spec.entry.file);
    spec.make(path, scratch, ff);
    items.push({ ...spec.entry, path });
  }
  rmSync(scratch, { recursive: true, force: true });
  return items;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = resolve(process.argv[2] ?? DEFAULT_CORPUS_DIR);
  const t0 = Date.now();
  const items = generateCorpus(dir);
  for (const it of items) {
    const what = it.expected === 'good' ? `good ${it.width}x${it.height} ${it.frameCount} frames` : 'refused';
    console.log(`${it.name.padEnd(18)} ${what.padEnd(28)} ${it.path}`);
  }
  console.log(`${items.length} files in ${dir} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
