import { basename, extname, resolve } from 'node:path';
import { parseBox } from '../../common/box';
import type { TrackRow } from '../../common/csv';
import { trackVideo } from '../eval/run';
import { writeTrackCsv } from '../export/csv';
import { createNodeTracker } from '../trackers/create';
import { openVideo } from '../video';
import { UsageError } from './errors';
import { progressBar } from './progress';

export interface TrackCommandOptions {
  box: string;
  frame: string;
  tracker: string;
  output?: string;
  quiet?: boolean;
}

export function parseFrameIndex(text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`--frame must be a 0-based frame number, got "${text}"`);
  return Number(text.trim());
}

export function parseBoxOption(text: string) {
  const box = parseBox(text);
  if (!box || text.trim().split(/[\s,;]+/).length !== 4) {
    throw new UsageError(`--box must be four numbers x,y,w,h (0-based top-left corner and size in pixels), got "${text}"`);
  }
  return box;
}

export function defaultOutputPath(video: string): string {
  return resolve(`${basename(video, extname(video))}.track.csv`);
}

/** `tracker track <video> --box x,y,w,h [--frame N] [--tracker NAME] [-o out.csv]` */
export async function runTrackCommand(videoPath: string, opts: TrackCommandOptions): Promise<void> {
  const box = parseBoxOption(opts.box);
  const startFrame = parseFrameIndex(opts.frame);
  const output = opts.output ? resolve(opts.output) : defaultOutputPath(videoPath);
  const video = await openVideo(videoPath);
  const { info } = video;
  if (startFrame >= info.frameCount) {
    await video.close();
    throw new UsageError(`--frame ${startFrame} is past the end of the video (${info.frameCount} frames: 0..${info.frameCount - 1})`);
  }
  const tracker = await createNodeTracker(opts.tracker);
  const total = info.frameCount - startFrame;
  const bar = progressBar(opts.tracker, total, opts.quiet);
  const rows: TrackRow[] = [];
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  try {
    for await (const step of trackVideo(tracker, video, { box, startFrame, signal: stop.signal })) {
      rows.push(step.row);
      bar.update(rows.length);
    }
  } finally {
    bar.stop();
    process.off('SIGINT', onSignal);
    await tracker.dispose();
    await video.close();
  }
  await writeTrackCsv(output, rows);
  const lost = rows.filter((r) => r.state === 'lost').length;
  process.stderr.write(`wrote ${rows.length} rows (${lost} lost) to ${output}\n`);
}
