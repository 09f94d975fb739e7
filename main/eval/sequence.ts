import { readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { boxProblem, parseBox, type Box } from '../../common/box';

/**
 * An annotated sequence folder as in ../shared/sequences (see its README): groundtruth.txt
 * (line i = frame i-1, 0-based x,y,w,h), meta.json (frames, width, height, fps) and video.mp4.
 */
export interface Sequence {
  name: string;
  dir: string;
  videoPath: string;
  frames: number;
  width: number;
  height: number;
  fps: number;
  /** One 0-based box per frame. */
  groundTruth: Box[];
  meta: SequenceMeta;
}

/** A folder that is not a usable sequence; the message is one line for the user. */
export class SequenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SequenceError';
  }
}

const MetaSchema = z.looseObject({
  frames: z.number().int().positive(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  fps: z.number().positive(),
  /** How groundtruth_source.txt is written: 'otb' (1-based x,y,w,h) or 'vot' (0-based polygons). */
  source_box_format: z.enum(['otb', 'vot']).optional(),
});
export type SequenceMeta = z.infer<typeof MetaSchema>;

const LAYOUT = 'a sequence folder holds groundtruth.txt, meta.json and video.mp4 (as ../shared/sequences/*)';

/**
 * Parse a box-per-line annotation. Separators may be commas, tabs or spaces (OTB mixes them);
 * 8 values are a VOT polygon and become its bounding rectangle. `oneBased` shifts OTB's
 * 1-based corners to 0-based. Trailing blank lines are ignored; any other bad line is an error.
 */
export function parseGroundTruth(text: string, opts: { oneBased?: boolean; source?: string } = {}): Box[] {
  const source = opts.source ?? 'ground truth';
  const lines = text.split(/\r?\n/);
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  if (!lines.length) throw new SequenceError(`${source} is empty`);
  const shift = opts.oneBased ? 1 : 0;
  return lines.map((line, i) => {
    const box = parseBox(line);
    if (!box) {
      const shown = JSON.stringify(line.length > 60 ? `${line.slice(0, 60)}...` : line);
      throw new SequenceError(`${source} line ${i + 1}: ${shown} is not x,y,w,h (4 numbers) or a polygon (8 numbers)`);
    }
    return { x: box.x - shift, y: box.y - shift, w: box.w, h: box.h };
  });
}

async function kindOf(path: string): Promise<'file' | 'dir' | null> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? 'dir' : 'file';
  } catch {
    return null;
  }
}

async function requireFile(dir: string, file: string): Promise<string> {
  const path = join(dir, file);
  if ((await kindOf(path)) !== 'file') throw new SequenceError(`not a sequence folder: ${dir} has no ${file} (${LAYOUT})`);
  return path;
}

async function readMeta(dir: string): Promise<SequenceMeta> {
  const path = await requireFile(dir, 'meta.json');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new SequenceError(`${path} is not valid JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  const parsed = MetaSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SequenceError(`${path}: "${issue.path.join('.')}" ${issue.message.replace(/^Invalid input: /, '')}`);
  }
  return parsed.data;
}

/** Load and check a sequence folder: every frame has a box, and the first box can start a track. */
export async function loadSequence(dirArg: string): Promise<Sequence> {
  const dir = resolve(dirArg);
  const kind = await kindOf(dir);
  if (kind !== 'dir') throw new SequenceError(`not a sequence folder: ${dir} ${kind ? 'is a file' : 'does not exist'}`);
  const gtPath = await requireFile(dir, 'groundtruth.txt');
  const videoPath = await requireFile(dir, 'video.mp4');
  const meta = await readMeta(dir);
  const groundTruth = parseGroundTruth(await readFile(gtPath, 'utf8'), { source: gtPath });
  if (groundTruth.length !== meta.frames) {
    throw new SequenceError(`${gtPath} has ${groundTruth.length} boxes but meta.json says ${meta.frames} frames`);
  }
  const problem = boxProblem(groundTruth[0], meta.width, meta.height);
  if (problem) throw new SequenceError(`${gtPath} line 1 cannot start a track: ${problem}`);
  return {
    name: basename(dir), dir, videoPath,
    frames: meta.frames, width: meta.width, height: meta.height, fps: meta.fps,
    groundTruth, meta,
  };
}

/**
 * The annotation exactly as published (groundtruth_source.txt), converted to this project's
 * 0-based x,y,w,h according to meta.json's source_box_format. A real-world input for the parser.
 */
export async function loadSourceGroundTruth(seq: Sequence): Promise<Box[]> {
  const path = await requireFile(seq.dir, 'groundtruth_source.txt');
  const format = seq.meta.source_box_format;
  if (!format) throw new SequenceError(`${join(seq.dir, 'meta.json')} does not say source_box_format (otb or vot)`);
  return parseGroundTruth(await readFile(path, 'utf8'), { oneBased: format === 'otb', source: path });
}
