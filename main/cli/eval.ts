import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadSequence, type Sequence } from '../eval/sequence';
import { evaluateSequences } from '../eval/run';
import { buildEvalReport, formatEvalTable } from '../eval/report';
import { successPlotSvg } from '../eval/plot';
import { writeTextFileAtomic } from '../export/csv';
import { createNodeTracker } from '../trackers/create';
import { UsageError } from './errors';
import { progressBar } from './progress';

export interface EvalCommandOptions {
  tracker: string;
  json?: string;
  plot?: string;
}

/** `tracker eval <sequence-dir>... [--tracker NAME] [--json out.json] [--plot out.svg]` */
export async function runEvalCommand(dirs: string[], opts: EvalCommandOptions): Promise<void> {
  const sequences: Sequence[] = [];
  for (const dir of dirs) {
    // `eval ../shared/sequences/*` also matches README.md: skip plain files, say so.
    if (statSync(dir, { throwIfNoEntry: false })?.isFile()) {
      process.stderr.write(`skipping ${dir}: a file, not a sequence folder\n`);
      continue;
    }
    sequences.push(await loadSequence(dir));
  }
  if (sequences.length === 0) throw new UsageError('no sequence folders given');
  const tracker = await createNodeTracker(opts.tracker);
  const total = sequences.reduce((n, s) => n + s.frames, 0);
  const bar = progressBar(`eval ${opts.tracker}`, total);
  let done = 0;
  let result;
  try {
    result = await evaluateSequences(tracker, sequences, {
      onProgress: (p) => {
        if (p.frame === 1 && p.sequenceIndex > 0) done += sequences[p.sequenceIndex - 1].frames;
        bar.update(done + p.frame);
      },
    });
  } finally {
    bar.stop();
    await tracker.dispose();
  }
  const report = buildEvalReport({ ...result, tracker: opts.tracker });
  process.stdout.write(`${formatEvalTable(report)}\n`);
  if (opts.json) {
    await writeTextFileAtomic(resolve(opts.json), `${JSON.stringify(report, null, 1)}\n`);
    process.stderr.write(`wrote ${resolve(opts.json)}\n`);
  }
  if (opts.plot) {
    const curves = [{ name: opts.tracker, successCurve: result.mean.successCurve, auc: result.mean.auc }];
    const svg = successPlotSvg(curves, { subtitle: `${sequences.length} sequence(s), one-pass (OTB)` });
    await writeTextFileAtomic(resolve(opts.plot), svg);
    process.stderr.write(`wrote ${resolve(opts.plot)}\n`);
  }
}
