import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';

export default defineConfig({
  plugins: [solid()],
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Two cores here: run files one or two at a time so timings and ffmpeg children stay sane.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
