/**
 * Every model the trackers load: files (relative to the models folder) with their sha256,
 * licence, source, pre-processing and the published hyper-parameters. Pure data.
 * The weights themselves are never committed: main/models/resolve.ts finds and verifies them.
 */
export interface ModelFile {
  /** Path relative to the models folder. */
  path: string;
  sha256: string;
}

export interface ModelEntry {
  id: ModelId;
  title: string;
  licence: string;
  source: string;
  files: Record<string, ModelFile>;
  preprocessing: string;
}

export const NANOTRACK_V2_PARAMS = {
  exemplarSize: 127,
  instanceSize: 255,
  stride: 16,
  /** Side of the score map: backbone 16x16 search features correlated with 8x8 template. */
  scoreSize: 16,
  contextAmount: 0.5,
  windowInfluence: 0.49,
  penaltyK: 0.15,
  lr: 0.385,
} as const;

export const NANOTRACK_V3_PARAMS = {
  exemplarSize: 127,
  instanceSize: 255,
  stride: 16,
  scoreSize: 15,
  contextAmount: 0.5,
  windowInfluence: 0.455,
  penaltyK: 0.138,
  lr: 0.348,
} as const;

export const DCFNET_PARAMS = {
  cropSize: 125,
  padding: 2,
  /** sigma = cropSize / (1 + padding) * outputSigmaFactor */
  outputSigmaFactor: 0.1,
  lambda: 1e-4,
  interpFactor: 0.01,
  numScales: 3,
  scaleStep: 1.0275,
  scalePenalty: 0.9925,
  minScaleFactor: 0.2,
  maxScaleFactor: 5,
  /** BGR mean subtracted before the feature net. */
  mean: [104, 117, 123],
} as const;

export type ModelId = 'nanotrackv2' | 'nanotrackv3' | 'dcfnet';

export const MODELS: Record<ModelId, ModelEntry> = {
  nanotrackv2: {
    id: 'nanotrackv2',
    title: 'NanoTrackV2 (MobileNetV3-small backbone + BAN head)',
    licence: 'Apache-2.0',
    source: 'HonglinChu/SiamTrackers @ 248663fde6bf7c40190cf10ee396d5662919ecd3, NanoTrack/models/nanotrackv2/',
    files: {
      backbone: {
        path: 'nanotrackv2/nanotrack_backbone_dyn.onnx',
        sha256: '170a76545417329263df88e6765a108fe8ea6addfc4d1b3752dd9f06cdc1e6ee',
      },
      head: {
        path: 'nanotrackv2/nanotrack_head_sim.onnx',
        sha256: '0d8c0637be849f092cc7236cae02e55c8b9455ebe37ba50601d6115db4247cd9',
      },
    },
    preprocessing: 'BGR, float 0..255, NCHW, no mean/std; template 127x127, search 255x255, mean-colour padding',
  },
  nanotrackv3: {
    id: 'nanotrackv3',
    title: 'NanoTrackV3 (96 channels, 15x15 output)',
    licence: 'Apache-2.0',
    source: 'HonglinChu/SiamTrackers @ 248663fde6bf7c40190cf10ee396d5662919ecd3, NanoTrack/models/nanotrackv3/',
    files: {
      backbone: {
        path: 'nanotrackv3/nanotrack_backbone_dyn.onnx',
        sha256: 'afb1bbb58245b0ea0d424501244cb65cc75acf206fec04fab4a5a9ee83825b67',
      },
      head: {
        path: 'nanotrackv3/nanotrack_head.onnx',
        sha256: '75357903be3f4817c965af16cb5a11fd32b1467f597a408405a98635ac63f61d',
      },
    },
    preprocessing: 'as NanoTrackV2',
  },
  dcfnet: {
    id: 'dcfnet',
    title: 'DCFNet conv features (CFNet family)',
    licence: 'MIT',
    source: 'foolwood/DCFNet_pytorch @ b8434baa2d136df8f55c1addb3e77f40b3c379fc, track/param.pth (exported to ONNX)',
    files: {
      feature: {
        path: 'dcfnet/dcfnet_feature.onnx',
        sha256: '78b9f1e7427c9ac6f7c144e4a55bf57c96d6c02d9096e476d3af52404598c651',
      },
    },
    preprocessing: 'BGR, float 0..255 minus mean [104,117,123], NCHW; crop 125x125 of target x (1 + padding 2)',
  },
};

/** Model bytes by file role, e.g. loaded.nanotrackv2.backbone. */
export type LoadedModels = Partial<Record<ModelId, Record<string, Uint8Array>>>;
