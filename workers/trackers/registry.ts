import type { InferenceEngine } from '../core/engine';
import type { Tracker } from '../core/tracker';
import type { LoadedModels, ModelId } from '../../models/manifest';
import { dcfSpec } from './dcf';
import { fusionSpec } from './fusion';
import { nanotrackSpec, nanotrackV3Spec } from './nanotrack';

/** What a tracker needs to be built: the runtime, its model bytes and (optionally) config overrides. */
export interface TrackerDeps<C> {
  engine: InferenceEngine;
  models: LoadedModels;
  config?: Partial<C>;
}

/** A registered tracker: a typed config pinned to the manifest's model files (the pysot way). */
export interface TrackerSpec<C extends object = object> {
  name: string;
  description: string;
  models: readonly ModelId[];
  defaults: C;
  create(deps: TrackerDeps<C>): Promise<Tracker>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const SPECS: Record<string, TrackerSpec<any>> = {
  [nanotrackSpec.name]: nanotrackSpec,
  [nanotrackV3Spec.name]: nanotrackV3Spec,
  [dcfSpec.name]: dcfSpec,
  [fusionSpec.name]: fusionSpec,
};

export const DEFAULT_TRACKER = 'fusion';

export function trackerNames(): string[] {
  return Object.keys(SPECS);
}

export function getTrackerSpec(name: string): TrackerSpec {
  const spec = SPECS[name];
  if (!spec) throw new Error(`unknown tracker "${name}" (known: ${trackerNames().join(', ')})`);
  return spec;
}
