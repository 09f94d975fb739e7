/**
 * Keeps the floors apart (../shared/ARCHITECTURE.md): a floor imports only the floors below it.
 *   renderer/, main/  ->  workers/  ->  common/, models/
 * Pure floors (common, models, workers) import nothing from Node or Electron;
 * tsconfig.core.json additionally rejects DOM and Node globals there.
 */
const PURE = '^(common|models|workers)/';
module.exports = {
  forbidden: [
    { name: 'pure-no-node-builtins', severity: 'error', comment: 'common/, models/, workers/ run everywhere: no Node built-ins',
      from: { path: PURE }, to: { dependencyTypes: ['core'] } },
    { name: 'no-electron-outside-main', severity: 'error', comment: 'only main/ may touch Electron',
      from: { pathNot: '^main/' }, to: { path: '(^|/)node_modules/electron/' } },
    { name: 'pure-no-node-packages', severity: 'error', comment: 'onnxruntime-node, ws, write-file-atomic... are Node-only',
      from: { path: PURE }, to: { path: '(^|/)node_modules/(onnxruntime-node|ws|write-file-atomic|commander|cli-progress|@ffmpeg-installer)/' } },
    { name: 'common-models-are-the-floor', severity: 'error', comment: 'common/ and models/ import only each other',
      from: { path: '^(common|models)/' }, to: { path: '^(main|renderer|workers)/' } },
    { name: 'workers-below-main-and-renderer', severity: 'error',
      from: { path: '^workers/' }, to: { path: '^(main|renderer)/' } },
    { name: 'renderer-never-imports-main', severity: 'error', comment: 'they meet only through common/contract.ts',
      from: { path: '^renderer/' }, to: { path: '^main/' } },
    { name: 'main-never-imports-renderer', severity: 'error',
      from: { path: '^main/' }, to: { path: '^renderer/' } },
    { name: 'no-tests-in-product', severity: 'error',
      from: { path: '^(common|models|workers|main|renderer)/' }, to: { path: '^test/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
