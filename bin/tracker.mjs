#!/usr/bin/env node
// `tracker` command: runs the built CLI (out/cli/cli.mjs, from `npm run build`) when present,
// else the TypeScript source through tsx, so `npx tracker` works straight after `npm install`.
import { existsSync } from 'node:fs';

const built = new URL('../out/cli/cli.mjs', import.meta.url);
if (existsSync(built) && !process.env.TRACKER_FROM_SOURCE) {
  await import(built.href);
} else {
  const { tsImport } = await import('tsx/esm/api');
  await tsImport('../main/cli.ts', import.meta.url);
}
