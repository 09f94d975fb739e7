/**
 * End-to-end helpers: a fresh renderer build when the sources changed, Debian's Chromium with
 * a throw-away profile, and pointer gestures in image coordinates (the frame canvas publishes
 * its view transform and the selected box as data attributes).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Box } from '../../common/box';

// Computed here rather than taken from test/helpers/paths.ts (CommonJS __dirname) so bench scripts run under tsx too.
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SEQUENCES_DIR = resolve(REPO_ROOT, '..', 'shared', 'sequences');
export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const ARTIFACTS = resolve(REPO_ROOT, 'test-artifacts');
export const RENDERER_OUT = resolve(REPO_ROOT, 'out', 'renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const s = statSync(full);
    newest = Math.max(newest, s.isDirectory() ? newestMtime(full) : s.mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  const index = join(RENDERER_OUT, 'index.html');
  const sources = ['renderer', 'workers', 'common', 'models', 'main'].map((d) => resolve(REPO_ROOT, d)).concat(resolve(REPO_ROOT, 'electron.vite.config.ts'));
  const newest = Math.max(...sources.map((p) => (statSync(p).isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)));
  return !existsSync(index) || statSync(index).mtimeMs < newest;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Build out/ with electron-vite when it is missing or older than any source it bundles. Test files
 * run in parallel workers: a lock folder makes one build while the others wait for it.
 */
export function ensureBuilt(): void {
  if (!isStale()) return;
  const lock = resolve(REPO_ROOT, 'out', '.build-lock');
  mkdirSync(resolve(REPO_ROOT, 'out'), { recursive: true });
  for (let waited = 0; ; waited += 250) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const held = statSync(lock, { throwIfNoEntry: false });
      if (waited > 240_000 || (held && Date.now() - held.mtimeMs > 300_000)) rmSync(lock, { recursive: true, force: true }); // a crashed run's lock
      sleep(250);
      if (!existsSync(lock) && !isStale()) return;
    }
  }
  try {
    if (!isStale()) return;
    const run = spawnSync(process.execPath, [resolve(REPO_ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: REPO_ROOT, encoding: 'utf8', timeout: 180_000,
    });
    if (run.status !== 0) throw new Error(`electron-vite build failed:\n${run.stdout}\n${run.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * `profile`: a test that must kill Chromium finds its processes by this folder on their command line.
 * `extraArgs`: e.g. the WebGPU switches.
 */
export async function launchChromium(profile = mkdtempSync(join(tmpdir(), 'tracker-e2e-profile-')), extraArgs: readonly string[] = []): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    // CHROMIUM_EXTRA_ARGS (space-separated) lets a benchmark compare e.g. --disable-gpu.
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      ...extraArgs, ...(process.env.CHROMIUM_EXTRA_ARGS ?? '').split(' ').filter(Boolean)],
    viewport: { width: 1400, height: 860 },
  });
}

interface View {
  scale: number;
  ox: number;
  oy: number;
}

export async function imageToPage(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const canvas = page.getByTestId('frame-canvas');
  const view = JSON.parse((await canvas.getAttribute('data-view')) ?? 'null') as View;
  const r = await canvas.boundingBox();
  if (!view || !r) throw new Error('frame canvas not laid out');
  return { x: r.x + x * view.scale + view.ox, y: r.y + y * view.scale + view.oy };
}

/** The painted RGB of image pixels (their centres) read back from the frame canvas. */
export async function paintedPixels(page: Page, points: Array<{ x: number; y: number }>): Promise<number[][]> {
  const canvas = page.getByTestId('frame-canvas');
  const view = JSON.parse((await canvas.getAttribute('data-view')) ?? 'null') as View;
  if (!view) throw new Error('frame canvas not laid out');
  return canvas.evaluate((el, { view, points }) => {
    const c = el as HTMLCanvasElement;
    const dpr = c.width / c.getBoundingClientRect().width;
    const ctx = c.getContext('2d')!;
    return points.map(({ x, y }) => {
      const px = Math.floor(((x + 0.5) * view.scale + view.ox) * dpr);
      const py = Math.floor(((y + 0.5) * view.scale + view.oy) * dpr);
      return [...ctx.getImageData(px, py, 1, 1).data.slice(0, 3)];
    });
  }, { view, points });
}

export async function dragImage(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  const a = await imageToPage(page, from.x, from.y);
  const b = await imageToPage(page, to.x, to.y);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 6 });
  await page.mouse.up();
}

export async function selectedBox(page: Page): Promise<Box | null> {
  const text = await page.getByTestId('frame-canvas').getAttribute('data-selected-box');
  return text ? (JSON.parse(text) as Box) : null;
}

export async function currentFrame(page: Page): Promise<number> {
  return Number(await page.getByTestId('frame-input').inputValue());
}

/** Fraction of distinct colours and the luminance spread of a canvas: a blank canvas has ~0 of both. */
export async function canvasVariety(page: Page, testId: string): Promise<{ colours: number; spread: number }> {
  return page.getByTestId(testId).evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    let lo = 255;
    let hi = 0;
    for (let i = 0; i < d.length; i += 4) {
      seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      const l = (d[i] + d[i + 1] + d[i + 2]) / 3;
      lo = Math.min(lo, l);
      hi = Math.max(hi, l);
    }
    return { colours: seen.size, spread: hi - lo };
  });
}

/** Open a file through the in-page file browser by typing its path, as an analyst would. */
export async function openByPath(page: Page, path: string): Promise<void> {
  await page.getByTestId('open-video').click();
  // Type only once the dialog has listed its folder: that listing fills the path box, and would
  // overwrite a path typed before it arrived (seen on a loaded machine).
  const input = page.getByTestId('path-input');
  const browser = page.getByTestId('file-browser');
  for (const t0 = Date.now(); ;) {
    const [value, dir] = await Promise.all([input.inputValue(), browser.getAttribute('data-dir')]);
    if (value !== '' && value === dir) break;
    if (Date.now() - t0 > 20_000) throw new Error(`the file browser did not list a folder (path box "${value}", folder "${dir}")`);
    await page.waitForTimeout(50);
  }
  await input.fill(path);
  await page.getByTestId('path-input').press('Enter');
}

/** Live processes (any parent) whose command line names something under `folder`: an ffmpeg left behind. */
export function processesUsing(folder: string): { pid: number; cmd: string }[] {
  const found: { pid: number; cmd: string }[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmd.includes(folder)) found.push({ pid: Number(pid), cmd: cmd.trim() });
    } catch {
      /* the process ended while we looked */
    }
  }
  return found;
}

export interface HostProcess {
  child: ChildProcess;
  url: string;
  /** Everything the host wrote to stderr so far. */
  stderr(): string;
}

/**
 * The built browser host (`node out/main/host.js`, what `npm run serve` runs) as its own process,
 * so a test can SIGKILL it like a crash. Resolves once it prints its URL.
 */
export async function startHostProcess(args: string[]): Promise<HostProcess> {
  const child = spawn(process.execPath, [resolve(RENDERER_OUT, '..', 'main', 'host.js'), '--static', RENDERER_OUT, ...args], {
    cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`the host printed no URL in 60 s: ${stderr}`)), 60_000);
    child.stdout!.on('data', (d) => {
      stdout += d;
      const m = /^(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the host exited (${code}) before printing its URL: ${stderr}`));
    });
  });
  return { child, url, stderr: () => stderr };
}

/** SIGKILL `child` (a process this test started) and wait until it is gone. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGKILL');
  await gone;
}
