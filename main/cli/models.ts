import { join } from 'node:path';
import { MODELS, type ModelId } from '../../models/manifest';
import { loadModels, locateModel, modelSearchDirs } from '../models/resolve';

/** `tracker models`: where each model comes from, verified. */
export async function runModelsCommand(): Promise<void> {
  const dirs = modelSearchDirs();
  process.stdout.write(`model folders, in search order:\n${dirs.map((d) => `  ${d}`).join('\n')}\n\n`);
  let failed = 0;
  for (const id of Object.keys(MODELS) as ModelId[]) {
    const entry = MODELS[id];
    try {
      const dir = locateModel(id, dirs);
      loadModels([id], [dir]);
      process.stdout.write(`${id.padEnd(12)} ok     ${join(dir, id)}  (${entry.licence}; ${entry.source})\n`);
    } catch (err) {
      failed++;
      process.stdout.write(`${id.padEnd(12)} FAILED ${(err as Error).message}\n`);
    }
  }
  if (failed) throw Object.assign(new Error(`${failed} model(s) missing or corrupted`), { name: 'ModelError' });
}
