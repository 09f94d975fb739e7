import { getTrackerSpec, trackerNames } from '../../workers/trackers/registry';
import type { Tracker } from '../../workers/core/tracker';
import { loadModels, modelSearchDirs } from '../models/resolve';
import { nodeEngine } from '../ort-node';
import { UsageError } from '../usage-error';

/**
 * Build a registered tracker in Node: weights from the model folders (sha256-checked),
 * networks on onnxruntime-node. The same core runs in the browser worker with onnxruntime-web.
 */
export async function createNodeTracker(name: string, config?: Record<string, unknown>): Promise<Tracker> {
  if (!trackerNames().includes(name)) {
    throw new UsageError(`unknown tracker "${name}" (choose one of: ${trackerNames().join(', ')})`);
  }
  const spec = getTrackerSpec(name);
  const models = loadModels(spec.models, modelSearchDirs());
  return spec.create({ engine: nodeEngine(), models, config });
}
