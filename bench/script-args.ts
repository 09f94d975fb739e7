/** `--name value` from the command line of a hand-run bench script (npm run bench has its own parser: options.ts). */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
