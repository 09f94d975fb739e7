/**
 * The app as an end-to-end test starts it: the built renderer behind an in-process browser host
 * (fresh data folder), Debian's Chromium on its welcome screen, page errors collected.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { parseBox, type Box } from '../../common/box';
import { serve } from '../../main/host/serve';
import { dragImage, ensureBuilt, launchChromium, RENDERER_OUT } from './helpers';

export interface AppSession {
  url: string;
  context: BrowserContext;
  page: Page;
  /** The host's data folder (autosaves, recent files); removed by close(). */
  dataDir: string;
  /** Uncaught page errors (and console errors when asked) so far. */
  problems: string[];
  close(): Promise<void>;
}

export interface AppSessionOptions {
  /** Folders the app may read and write (default: the data folder). */
  roots?: string[];
  readOnlyRoots?: string[];
  chromiumArgs?: readonly string[];
  /** Also count console.error lines as problems. */
  consoleErrors?: boolean;
}

export async function startApp(opts: AppSessionOptions = {}): Promise<AppSession> {
  ensureBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'tracker-e2e-data-'));
  const { host, handlers } = await serve({
    roots: opts.roots ?? [dataDir], readOnlyRoots: opts.readOnlyRoots ?? [], port: 0, staticDir: RENDERER_OUT, dataDir,
  });
  const context = await launchChromium(undefined, opts.chromiumArgs);
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  if (opts.consoleErrors) page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  await page.goto(host.url);
  await page.getByTestId('welcome').waitFor();
  let closed = false;
  return {
    url: host.url, context, page, dataDir, problems,
    /** Chromium, then the host (its ffmpeg children), then the data folder; a second call does nothing. */
    async close() {
      if (closed) return;
      closed = true;
      await context.close();
      await handlers.closeAll();
      await host.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Open a benchmark sequence's video (typed into the file browser) and draw its first ground-truth
 * box; returns the ground truth.
 */
export async function openSequenceWithFirstBox(page: Page, sequenceDir: string): Promise<Box[]> {
  await page.getByTestId('open-video').click();
  await page.getByTestId('path-input').fill(join(sequenceDir, 'video.mp4'));
  await page.getByTestId('path-input').press('Enter');
  await page.getByTestId('frame-badge').waitFor();
  await page.getByTestId('progress').waitFor({ state: 'detached' });
  const gt = readFileSync(join(sequenceDir, 'groundtruth.txt'), 'utf8').trim().split('\n').map((l) => parseBox(l) as Box);
  await dragImage(page, { x: gt[0].x, y: gt[0].y }, { x: gt[0].x + gt[0].w, y: gt[0].y + gt[0].h });
  return gt;
}
