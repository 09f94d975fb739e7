import { SingleBar, Presets } from 'cli-progress';

/** A progress bar on stderr (stdout stays clean for data); silent when stderr is not a terminal or when quiet. */
export function progressBar(label: string, total: number, quiet = false): { update(n: number): void; stop(): void } {
  if (quiet || !process.stderr.isTTY) {
    return { update() {}, stop() {} };
  }
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% | frame {value}/{total} | {fps} fps | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true },
    Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(total, 0, { fps: '-' });
  return {
    update(n: number) {
      const s = (Date.now() - started) / 1000;
      bar.update(n, { fps: s > 0 ? (n / s).toFixed(0) : '-' });
    },
    stop: () => bar.stop(),
  };
}
