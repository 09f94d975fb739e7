/**
 * End-to-end helpers: a fresh renderer build when the sources changed, Debian's Chromium with
 * a throw-away profile, and pointer gestures in image coordinates (the frame canvas publishes
 * its view transform and the selected box as data attributes).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
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

export async function launchChromium(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'tracker-e2e-profile-')), {
    executablePath: CHROMIUM,
    headless: true,
    // CHROMIUM_EXTRA_ARGS (space-separated) lets a benchmark compare e.g. --disable-gpu.
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      ...(process.env.CHROMIUM_EXTRA_ARGS ?? '').split(' ').filter(Boolean)],
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
