import * as ort from 'onnxruntime-node';
import { ortEngine, type InferenceEngine, type OrtModule } from '../workers/core/engine';

/**
 * onnxruntime-node as the tracker core's engine. One intra-op thread by default: on a
 * 2-core machine a spinning second thread competes with the JS thread (measured in bench).
 */
export function nodeEngine(threads = Number(process.env.TRACKER_ORT_THREADS ?? 1)): InferenceEngine {
  return ortEngine(ort as unknown as OrtModule, `onnxruntime-node cpu x${threads}`, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
  });
}
