/**
 * The app's speed as the analyst feels it, in real Chromium against the browser host:
 *  - random seek: frame number typed -> that frame painted (cold caches)
 *  - one step back: ← -> previous frame painted (right after a seek, and after tracking)
 *  - tracking: frames per second over a whole forward run, and the worker's ms per frame
 * Not a test (timings depend on the machine): run by hand,
 *   npx tsx bench/app-bench.ts [--seq Surfing06] [--seeks 8] [--tracker fusion] [--json out.json] [--cpu]
 * --cpu (Linux): CPU milliseconds per tracked frame by process and thread class (bench/proc-cpu.ts).
 * --seeks 0 tracks straight after opening, so (nearly) every frame is decoded and sent while tracking;
 * otherwise the background fill has cached much of a short clip by the time tracking starts.
 * Times are measured inside the page (performance.now), from the key press to the frame drawn.
 * Long-GOP clips get a seek proxy (main/video/seek-proxy.ts) built in the background after opening:
 * by default the seeks wait until it is ready (its build time is reported); --seek-proxy off blocks
 * the proxy folder so every seek decodes from the original's keyframe, as before proxies;
 * --seek-proxy nowait starts at once while the proxy builds (with --seeks 0: what the build costs tracking).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parseBox, type Box } from '../common/box';
import { serve } from '../main/host/serve';
import { probeVideo } from '../main/video/probe';
import { DEFAULT_MIN_GAP, longestDecodeRun } from '../main/video/seek-proxy';
import { dragImage, ensureBuilt, launchChromium, RENDERER_OUT, SEQUENCES_DIR } from '../test/e2e/helpers';
import { startCpuSampler } from './proc-cpu';
import { arg } from './script-args';
import { formatLatency, latencyStats } from './latency';


/** Press a key (or type a frame number) in the page and time it until `target` is painted. */
async function timed(page: Page, action: { key: string; code: string; shift?: boolean } | { typeFrame: number }, target: number): Promise<number> {
  return page.evaluate(async ({ action, target }) => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=frame-canvas]')!;
    const t0 = performance.now();
    if ('typeFrame' in action) {
      const input = document.getElementById('frame-input') as HTMLInputElement;
      input.value = String(action.typeFrame);
      input.dispatchEvent(new InputEvent('input', { bubbles: true }));
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    } else {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: action.key, code: action.code, shiftKey: !!action.shift, bubbles: true }));
    }
    while (canvas.dataset.paintedFrame !== String(target)) {
      await new Promise((r) => requestAnimationFrame(r));
      if (performance.now() - t0 > 20_000) throw new Error(`frame ${target} never painted`);
    }
    return performance.now() - t0;
  }, { action, target });
}

async function main() {
  const seq = arg('seq', 'Surfing06');
  const seekCount = Number(arg('seeks', '8'));
  const dir = join(SEQUENCES_DIR, seq);
  const gt = readFileSync(join(dir, 'groundtruth.txt'), 'utf8').trim().split('\n').map((l) => parseBox(l) as Box);
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { frames: number; width: number; height: number };
  ensureBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'app-bench-data-'));
  const proxyDir = join(dataDir, 'seek-proxies');
  const proxyMode = arg('seek-proxy', 'wait');
  const useProxy = proxyMode !== 'off';
  if (!useProxy) writeFileSync(proxyDir, 'a file where the proxy folder would be: no proxy can be built');
  const longestGop = longestDecodeRun(await probeVideo(join(dir, 'video.mp4')));
  const { host, handlers } = await serve({
    roots: [mkdtempSync(join(tmpdir(), 'app-bench-out-'))], readOnlyRoots: [SEQUENCES_DIR], port: 0,
    staticDir: RENDERER_OUT, dataDir,
  });
  const context = await launchChromium();
  const page = context.pages()[0] ?? (await context.newPage());
  let proxyReadyS: number | null = null;
  const openClip = async () => {
    await page.getByTestId('open-video').click();
    await page.getByTestId('path-input').fill(join(dir, 'video.mp4'));
    await page.getByTestId('path-input').press('Enter');
    await page.getByTestId('frame-badge').waitFor();
    await page.getByTestId('progress').waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.querySelector<HTMLCanvasElement>('[data-testid=frame-canvas]')?.dataset.paintedFrame === '0');
  };
  try {
    await page.goto(host.url);
    const opened = Date.now();
    await openClip();
    if (proxyMode === 'wait' && longestGop > DEFAULT_MIN_GAP) {
      // The proxy file appears (renamed into place) only once it is proven equal to the original.
      while (!(existsSync(proxyDir) && readdirSync(proxyDir).some((f) => f.endsWith('.mkv')))) {
        if (Date.now() - opened > 300_000) throw new Error('no seek proxy after 300 s');
        await new Promise((r) => setTimeout(r, 100));
      }
      proxyReadyS = (Date.now() - opened) / 1000;
    }
    // Cold caches for the seeks, in both modes: a fresh page opens the clip again (main finds the
    // cached proxy: one probe, ~50 ms, covered by the pause below). The background fill then starts
    // after 500 ms in the page, as it would for an analyst, and competes with the seeks.
    if (proxyMode !== 'nowait') {
      await page.reload();
      await openClip();
      await page.waitForTimeout(300);
    }

    // Random seeks on cold caches, each followed by one step back (served by prefetch or main's block read).
    const seeks: number[] = [0];
    const stepAfterSeek: number[] = [0];
    if (seekCount > 0) seeks.length = stepAfterSeek.length = 0;
    let x = 12345;
    for (let i = 0; i < seekCount; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const target = 2 + (x % (meta.frames - 4));
      seeks.push(await timed(page, { typeFrame: target }, target));
      if (process.env.BENCH_VERBOSE) console.log(`seek ${target}: ${seeks.at(-1)!.toFixed(0)} ms`);
      await page.waitForTimeout(400); // the analyst looks at the frame; prefetch runs meanwhile
      stepAfterSeek.push(await timed(page, { key: 'ArrowLeft', code: 'ArrowLeft' }, target - 1));
    }

    const tracker = arg('tracker', '');
    if (tracker) await page.getByTestId('tracker-select').selectOption(tracker);
    const trackerName = await page.getByTestId('tracker-select').inputValue();

    // Track the whole clip from frame 0 with the ground-truth box.
    await timed(page, { key: 'Home', code: 'Home' }, 0);
    const g = gt[0];
    await dragImage(page, { x: g.x, y: g.y }, { x: g.x + g.w, y: g.y + g.h });
    const cachedAtStart = Number(/(\d+) frames cached/.exec(await page.getByTestId('status-bar').innerText())?.[1] ?? 0);
    await page.keyboard.press('Space'); // loads the model first
    await page.getByTestId('tracking-live').waitFor({ timeout: 60_000 });
    // BENCH_PROFILE=file.cpuprofile: the page's main thread profiled while it tracks (open in DevTools).
    const profiler = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.start');
    }
    // BENCH_TRACE=file.json: a Chrome trace (timeline categories) of the run, for chrome://tracing.
    const tracer = process.env.BENCH_TRACE ? await page.context().newCDPSession(page) : null;
    const traceEvents: unknown[] = [];
    const traced = new Promise<void>((done) => tracer?.on('Tracing.tracingComplete', () => done()));
    if (tracer) {
      tracer.on('Tracing.dataCollected', (e: { value: unknown[] }) => traceEvents.push(...e.value));
      await tracer.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,blink,cc,gpu', transferMode: 'ReportEvents' });
    }
    const cpu = process.argv.includes('--cpu') ? startCpuSampler() : null;
    const t0 = Date.now();
    const f0 = Number(await page.getByTestId('frame-input').inputValue());
    // Wait in the page, without polling: every CDP round trip and forced layout would take CPU from
    // the run being measured (on two saturated cores a 100 ms poll cost ~1-2 fps).
    const { live, endMs } = await page.evaluate(`new Promise((resolve) => {
      const el = document.querySelector('[data-testid=tracking-live]');
      let live = el?.textContent ?? '';
      const done = () => { observer.disconnect(); resolve({ live, endMs: Date.now() }); };
      const observer = new MutationObserver(() => {
        if (el?.isConnected) live = el.textContent ?? live;
        else done();
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      if (!el?.isConnected) done();
    })`) as { live: string; endMs: number };
    const t1 = endMs;
    const cpuUse = cpu?.stop() ?? null;
    if (profiler) writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify((await profiler.send('Profiler.stop')).profile));
    if (tracer) {
      await tracer.send('Tracing.end');
      await traced;
      writeFileSync(process.env.BENCH_TRACE!, JSON.stringify({ traceEvents }));
    }
    // Wall-clock window of the run, to match against a per-process CPU sampler.
    if (process.env.BENCH_VERBOSE) console.log(`tracking ran from ${t0 / 1000} to ${t1 / 1000} (epoch s)`);
    const trackedFrames = meta.frames - 1 - f0;
    const trackFps = (trackedFrames * 1000) / Math.max(1, t1 - t0);
    const workerMs = Number(/([\d.]+) ms\/frame/.exec(live)?.[1] ?? NaN);

    // Step back through tracked (cached) frames.
    const stepCached: number[] = [];
    for (let f = meta.frames - 1; f > meta.frames - 12; f--) stepCached.push(await timed(page, { key: 'ArrowLeft', code: 'ArrowLeft' }, f - 1));

    const report = {
      sequence: seq, size: `${meta.width}x${meta.height}`, frames: meta.frames,
      cores: (await page.evaluate(() => navigator.hardwareConcurrency)),
      longestGop, seekProxy: proxyMode === 'wait' ? (proxyReadyS === null ? 'not needed' : `ready ${proxyReadyS.toFixed(1)} s after opening`) : proxyMode,
      seekMs: latencyStats(seeks), stepBackAfterSeekMs: latencyStats(stepAfterSeek), stepBackCachedMs: latencyStats(stepCached),
      tracking: { tracker: trackerName, framesCachedAtStart: cachedAtStart, frames: trackedFrames, fps: trackFps, workerMsPerFrame: workerMs, lastStatus: live },
    };
    console.log(`${seq} ${report.size}, ${meta.frames} frames, Chromium headless, ${report.cores} cores`);
    console.log(`longest GOP ${longestGop} frames; seek proxy: ${report.seekProxy}`);
    console.log(`random seek (cold):         ${formatLatency(report.seekMs)}`);
    console.log(`step back after a seek:     ${formatLatency(report.stepBackAfterSeekMs)}`);
    console.log(`step back (cached frames):  ${formatLatency(report.stepBackCachedMs)}`);
    console.log(`tracking (${trackerName}):  ${trackFps.toFixed(1)} fps over ${trackedFrames} frames (worker ${workerMs} ms/frame at the end; ${cachedAtStart} frames were cached at the start)`);
    if (cpuUse) {
      const perFrame = cpuUse.groups.map((g) => ({ group: g.group, msPerFrame: g.ms / trackedFrames }));
      const total = perFrame.reduce((a, g) => a + g.msPerFrame, 0);
      console.log(`CPU per tracked frame (ms; ${report.cores} cores at ${trackFps.toFixed(1)} fps allow ${((report.cores * 1000) / trackFps).toFixed(0)}):`);
      for (const g of perFrame) console.log(`  ${g.group.padEnd(52)} ${g.msPerFrame.toFixed(1)}`);
      console.log(`  ${'total'.padEnd(52)} ${total.toFixed(1)}  (the sampler's own ${(cpuUse.samplerMs / trackedFrames).toFixed(1)} ms a frame is not counted)`);
      Object.assign(report, { cpuMsPerFrame: Object.fromEntries(perFrame.map((g) => [g.group, g.msPerFrame])) });
    }
    const json = arg('json', '');
    if (json) writeFileSync(json, JSON.stringify(report, null, 2));
  } finally {
    await context.close();
    await handlers.closeAll();
    await host.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
