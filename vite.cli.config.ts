import { defineConfig } from 'vite';

// The command-line tool as one Node ESM bundle (out/cli/cli.mjs); npm dependencies stay external.
export default defineConfig({
  build: {
    ssr: 'main/cli.ts',
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    rollupOptions: { output: { format: 'es', entryFileNames: 'cli.mjs' } },
  },
});
