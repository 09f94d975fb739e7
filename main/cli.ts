import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_TRACKER, trackerNames } from '../workers/trackers/registry';
import { describeError, exitCodeFor } from './cli/errors';
import { runTrackCommand } from './cli/track';
import { runEvalCommand } from './cli/eval';
import { runSampleCommand } from './cli/sample';
import { runDemoCommand } from './cli/demo';
import { runModelsCommand } from './cli/models';

/** `tracker track|eval|sample|demo|models`: the same tracker core as the app, on onnxruntime-node. */
function buildProgram(): Command {
  const program = new Command('tracker')
    .description('Single-object video tracker: siamese network + FFT correlation filter')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const trackerOption = () =>
    new Option('-t, --tracker <name>', 'tracker to run').choices(trackerNames()).default(DEFAULT_TRACKER);

  program
    .command('track')
    .description('track one target through a video and write frame,time_s,x,y,w,h,score,state as CSV')
    .argument('<video>', 'video file')
    .requiredOption('-b, --box <x,y,w,h>', 'target box on the start frame: 0-based top-left corner and size, in pixels')
    .option('-f, --frame <n>', '0-based index of the frame the box is drawn on', '0')
    .addOption(trackerOption())
    .option('-o, --output <file.csv>', 'CSV to write (default: <video name>.track.csv in the current folder)')
    .option('-q, --quiet', 'no progress bar')
    .action(runTrackCommand);

  program
    .command('eval')
    .description('one-pass OTB evaluation on sequence folders (groundtruth.txt + video.mp4)')
    .argument('<sequence-dir...>', 'sequence folders laid out like ../shared/sequences/*')
    .addOption(trackerOption())
    .option('--json <out.json>', 'write {tracker, sequences, mean} as JSON')
    .option('--plot <out.svg>', 'write the OTB success plot as SVG')
    .action(runEvalCommand);

  program
    .command('sample')
    .description('generate the bundled sample clip (ffmpeg lavfi) and its exact ground truth')
    .option('-o, --out <dir>', 'output folder (default: .cache/sample in the project)')
    .action(runSampleCommand);

  program
    .command('demo')
    .description('generate the sample clip, track it, write its CSV and score it against the exact ground truth')
    .addOption(trackerOption())
    .option('-o, --output <file.csv>', 'CSV to write', 'sample.track.csv')
    .action(runDemoCommand);

  program
    .command('models')
    .description('show where each model was found and check its sha256')
    .action(runModelsCommand);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has already printed its message (help, version or a usage error).
      return err.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(`tracker: error: ${describeError(err)}\n`);
    if (process.env.TRACKER_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return exitCodeFor(err);
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
