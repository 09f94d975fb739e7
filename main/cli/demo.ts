import { resolve } from 'node:path';
import { formatBox } from '../../common/box';
import { scoreSequence } from '../../common/metrics';
import { readTrackRows } from '../export/csv';
import { ensureSampleClip } from '../video';
import { runTrackCommand } from './track';

/**
 * `tracker demo`: the main job on the bundled default. Generates the sample clip, tracks its
 * object from the exact first box with the CLI's own `track`, then scores the CSV it wrote.
 */
export async function runDemoCommand(opts: { tracker: string; output: string }): Promise<void> {
  const clip = await ensureSampleClip();
  const output = resolve(opts.output);
  process.stderr.write(`tracking the sample clip ${clip.videoPath} with "${opts.tracker}"\n`);
  await runTrackCommand(clip.videoPath, { box: formatBox(clip.boxes[0]), frame: '0', tracker: opts.tracker, output });
  const rows = await readTrackRows(output);
  const score = scoreSequence(rows.map((r) => r.box), clip.boxes);
  process.stdout.write(
    `${rows.length} rows in ${output}\n` +
      `against the exact ground truth: success AUC ${score.auc.toFixed(3)}, precision@20 ${score.p20.toFixed(3)}\n`,
  );
}
