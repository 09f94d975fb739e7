import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBox, type Box } from '../../../common/box';
import type { Frame } from '../../../common/frame';
import { MODELS, type LoadedModels, type ModelId } from '../../../models/manifest';
import { streamFrames } from '../../../main/video/frames';
import { probeVideo } from '../../../main/video/probe';
import type { Tracker } from '../../../workers/core/tracker';
import { SHARED_MODELS_DIR, sequenceDir } from '../../helpers/paths';

/** Model bytes straight from ../shared/models (the tests' copy of the manifest's file layout). */
export function sharedModels(ids: readonly ModelId[]): LoadedModels {
  const loaded: LoadedModels = {};
  for (const id of ids) {
    loaded[id] = Object.fromEntries(
      Object.entries(MODELS[id].files).map(([role, f]) => [role, new Uint8Array(readFileSync(join(SHARED_MODELS_DIR, f.path)))]),
    );
  }
  return loaded;
}

export function groundTruth(sequence: string): Box[] {
  return readFileSync(join(sequenceDir(sequence), 'groundtruth.txt'), 'utf8')
    .trim()
    .split('\n')
    .map((line, i) => {
      const box = parseBox(line);
      if (!box) throw new Error(`${sequence} groundtruth line ${i + 1} unreadable: ${line}`);
      return box;
    });
}

export function sequenceMeta(sequence: string): { width: number; height: number; fps: number; frames: number } {
  return JSON.parse(readFileSync(join(sequenceDir(sequence), 'meta.json'), 'utf8'));
}

/** Decode the sequence's video.mp4 (real ffmpeg) at its own size. */
export async function* sequenceFrames(sequence: string, count?: number): AsyncGenerator<Frame> {
  const info = await probeVideo(join(sequenceDir(sequence), 'video.mp4'));
  yield* streamFrames(info, { count });
}

/** OTB one-pass run: init on frame 0 with its ground truth, then track; returns one box per frame. */
export async function runOnePass<R>(tracker: Tracker, sequence: string, count?: number, onResult?: (r: R, frame: Frame) => void): Promise<Box[]> {
  const gt = groundTruth(sequence);
  const boxes: Box[] = [];
  for await (const frame of sequenceFrames(sequence, count)) {
    if (boxes.length === 0) {
      await tracker.init(frame, gt[0]);
      boxes.push(gt[0]);
    } else {
      const result = await tracker.track(frame);
      boxes.push(result.box);
      onResult?.(result as R, frame);
    }
  }
  return boxes;
}
