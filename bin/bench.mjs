#!/usr/bin/env node
// `npm run bench`: the benchmark (bench/run.ts) through tsx, as bin/tracker.mjs runs the CLI from source.
const { tsImport } = await import('tsx/esm/api');
await tsImport('../bench/run.ts', import.meta.url);
