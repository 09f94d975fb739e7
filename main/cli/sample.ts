import { ensureSampleClip } from '../video';

/** `tracker sample [-o dir]`: the generated clip and its exact ground truth. */
export async function runSampleCommand(opts: { out?: string }): Promise<void> {
  const clip = await ensureSampleClip(opts.out);
  const first = clip.boxes[0];
  process.stdout.write(
    `sample clip: ${clip.videoPath}\nground truth: ${clip.groundTruthPath}\n` +
      `first box: ${first.x},${first.y},${first.w},${first.h}\n`,
  );
}
