/**
 * A model file vanishing at run time (deleted, an uninstall, a sync tool): building a tracker then
 * fails with a clear one-line ModelError, while a tracker built before keeps working (its sessions
 * hold the weights in memory).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../../common/frame';
import { loadModels, ModelError } from '../../../main/models/resolve';
import { createNodeTracker } from '../../../main/trackers/create';
import { openVideo } from '../../../main/video';
import { MODELS } from '../../../models/manifest';
import type { Tracker } from '../../../workers/core/tracker';
import { generateCorpus, type GoodEntry } from '../../corpus/generate';
import { SHARED_MODELS_DIR } from '../../helpers/paths';

const FILES = MODELS.nanotrackv2.files;

let work: string;
let modelsDir: string;
let frames: Frame[];
let box: GoodEntry['box'];
const savedEnv = process.env.TRACKER_MODELS_DIR;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'model-vanished-'));
  modelsDir = join(work, 'models');
  for (const file of Object.values(FILES)) {
    mkdirSync(dirname(join(modelsDir, file.path)), { recursive: true });
    copyFileSync(join(SHARED_MODELS_DIR, file.path), join(modelsDir, file.path));
  }
  const [clip] = generateCorpus(join(work, 'clip'), { only: ['long-gop'] }) as GoodEntry[];
  box = clip.box;
  const video = await openVideo(join(work, 'clip', clip.file));
  frames = [];
  for await (const frame of video.frames({ count: 25 })) frames.push(frame);
  await video.close();
  process.env.TRACKER_MODELS_DIR = modelsDir;
});
afterAll(() => {
  if (savedEnv === undefined) delete process.env.TRACKER_MODELS_DIR;
  else process.env.TRACKER_MODELS_DIR = savedEnv;
  rmSync(work, { recursive: true, force: true });
});

async function run(tracker: Tracker): Promise<Array<{ x: number; y: number; w: number; h: number } | null>> {
  await tracker.init(frames[0], box);
  const boxes = [];
  for (const frame of frames.slice(1)) boxes.push((await tracker.track(frame)).box);
  return boxes;
}

describe('a model file vanishing at run time', () => {
  it('a tracker built before keeps tracking; building another fails with one line naming the file', async () => {
    const built = await createNodeTracker('nanotrack'); // from TRACKER_MODELS_DIR, the copy
    const reference = await createNodeTracker('nanotrack');
    const expected = await run(reference);
    await reference.dispose();

    rmSync(join(modelsDir, FILES.backbone.path));

    const err = await createNodeTracker('nanotrack').then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/model "nanotrackv2" in .*models is incomplete: missing nanotrackv2\/nanotrack_backbone_dyn\.onnx/);

    // The weights live in the built tracker's sessions: same boxes as before the file went away.
    const boxes = await run(built);
    expect(boxes).toHaveLength(frames.length - 1);
    boxes.forEach((b, i) => {
      expect(b, `frame ${i + 1}`).not.toBeNull();
      expect(b!.x).toBeCloseTo(expected[i]!.x, 3);
      expect(b!.y).toBeCloseTo(expected[i]!.y, 3);
      expect(b!.w).toBeCloseTo(expected[i]!.w, 3);
    });
    await built.dispose();
  });

  it('with every file of the model gone from the only folder searched: ModelError "not found", one line', () => {
    const emptied = join(work, 'emptied');
    mkdirSync(emptied);
    const err = (() => {
      try {
        loadModels(['nanotrackv2'], [emptied]);
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ModelError);
    expect((err as Error).message).toMatch(/^model "nanotrackv2" not found \(.*\); looked in: .*emptied\. Set TRACKER_MODELS_DIR/);
    expect((err as Error).message).not.toContain('\n');
  });
});
