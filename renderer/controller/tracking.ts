/**
 * Tracking from the UI: builds the worker and loads the model on first use, runs forward or
 * backward from the frame on screen, plays along as results arrive, and re-tracks the stale
 * frames after a corrected keyframe.
 */
import { createEffect, createSignal, on } from 'solid-js';
import type { Box } from '../../common/box';
import type { BackendSetting } from '../../common/preferences';
import { messageOf } from '../state/notices';
import { boxAt, setResult, staleRunEnd, type Track } from '../state/tracks';
import { startRun, type TrackingRun } from '../tracking/run';
import { TrackerWorker, type LoadedBackend } from '../tracking/worker-client';
import type { Ctx } from './context';
import type { VideoController } from './video';

export function createTrackingController(ctx: Ctx, video: VideoController) {
  const { bridge, session, notices } = ctx;
  let worker: TrackerWorker | null = null;
  let loaded = '';
  let run: TrackingRun | null = null;
  const [backendSetting, setBackendSetting] = createSignal<BackendSetting>('auto');
  // This computer's choice, kept by main (the browser host's page origin changes every run).
  const preferencesRead = bridge.invoke('prefs:get', {}).then((p) => setBackendSetting(p.backend), () => undefined);
  const [backend, setBackend] = createSignal<LoadedBackend | null>(null);
  // Network ms per frame, smoothed over the last ~10 frames (shown in the status bar).
  const [netMs, setNetMs] = createSignal<number | null>(null);
  // Another video replaces the frames under a run: stop it.
  createEffect(on(video.source, () => run?.stop(), { defer: true }));

  /** Stop the worker; the next run starts a fresh one (and loads the model again). */
  function dropWorker() {
    worker?.terminate();
    worker = null;
    setBackend(null);
    setNetMs(null);
  }

  async function ensureWorker(): Promise<TrackerWorker> {
    // A crashed (or stopped) worker is replaced; the results so far are kept.
    if (worker && !worker.alive) dropWorker();
    if (!worker) {
      worker = new TrackerWorker(new Worker(new URL('../../workers/track.worker.ts', import.meta.url), { type: 'module', name: 'tracker' }));
      loaded = '';
    }
    await preferencesRead;
    const name = session.tracker();
    const wanted = `${name} on ${backendSetting()}`;
    if (loaded !== wanted) {
      const w = worker;
      let cancelled = false;
      notices.setProgress({
        label: `Loading the ${name} model…`, done: 0, total: 0,
        cancel: () => { cancelled = true; w.terminate(); },
      });
      try {
        const files = await bridge.invoke('models:load', { tracker: name });
        if (cancelled) throw new Error('cancelled');
        setBackend(await w.load(name, files.models, backendSetting()));
        setNetMs(null);
        loaded = wanted;
      } catch (e) {
        w.terminate();
        if (worker === w) worker = null;
        throw cancelled ? new Error('loading the model was cancelled') : e;
      } finally {
        notices.setProgress(null);
      }
    }
    return worker;
  }

  async function track(direction: 1 | -1, until?: number) {
    if (run) {
      run.stop();
      return;
    }
    const src = video.source();
    const t = session.selected();
    const from = session.frame();
    if (!src) return notices.info('Open a video first.');
    if (!t) return notices.info('Draw a box around the target first (drag on the frame).');
    const start = boxAt(t, from);
    if (!start) return notices.info(`Track "${t.name}" has no box on frame ${from}: draw one, or step to a frame that has one.`);
    let w: TrackerWorker;
    try {
      w = await ensureWorker();
    } catch (e) {
      const message = messageOf(e);
      return /cancelled/.test(message) ? notices.info('Loading the model was cancelled.') : notices.error(`The tracker could not start: ${message}`);
    }
    await runTrack(w, t, from, start.box, direction, until);
  }

  async function runTrack(w: TrackerWorker, t: Track, from: number, startBox: Box, direction: 1 | -1, until?: number) {
    const src = video.source()!;
    const times: number[] = [];
    let workerMs = 0;
    session.recordRun();
    session.setTracking({ trackId: t.id, direction, from, done: 0, fps: 0, workerMs: 0 });
    run = startRun(w, src, { track: t, from, startBox, direction, lastFrame: session.lastFrame(), until }, {
      onInit(frame) {
        session.goTo(frame.index);
      },
      onResult(frame, result, { workerMs: ms, netMs: net }) {
        if (!session.tracks().includes(t)) return run?.stop(); // the track was deleted meanwhile
        setResult(t, frame.index, result.box, result.score, result.state);
        if (result.response) ctx.responses.set(t.id, frame.index, result.response);
        const now = performance.now();
        times.push(now);
        if (times.length > 30) times.shift();
        workerMs = workerMs ? workerMs * 0.9 + ms * 0.1 : ms;
        const smoothed = netMs();
        setNetMs(smoothed === null ? net : smoothed * 0.9 + net * 0.1);
        const fps = times.length > 1 ? ((times.length - 1) * 1000) / (now - times[0]) : 0;
        const status = session.tracking();
        if (status) session.setTracking({ ...status, done: status.done + 1, fps, workerMs });
        session.changed();
        session.goTo(frame.index);
      },
    });
    try {
      const summary = await run.done;
      if (!summary.stopped && summary.tracked > 0) {
        notices.info(`Tracked ${summary.tracked} frames to frame ${summary.lastFrame}.`);
      }
    } catch (e) {
      const at = session.frame();
      notices.error(w.alive
        ? `Tracking stopped: ${messageOf(e)}`
        : `Tracking stopped at frame ${at}: ${messageOf(e)}. The results so far are kept; Space resumes from here with a fresh worker.`);
    } finally {
      src.stopStream(); // no reading ahead past the run's end
      run = null;
      session.setTracking(null);
      session.changed();
    }
  }

  return {
    /** "WebGPU" or "WASM ×N" once the tracker is loaded, else ''. */
    backend: () => backend()?.backend ?? '',
    /** Why that backend (with its measured ms when auto). */
    backendReason: () => backend()?.reason ?? '',
    netMs,
    backendSetting,
    /** Force a backend or go back to auto: takes effect on the next run (the worker reloads). */
    setBackendSetting(value: BackendSetting) {
      setBackendSetting(value);
      bridge.invoke('prefs:set', { backend: value }).catch((e: unknown) => notices.error(`The backend setting was not saved: ${messageOf(e)}`));
      if (!run && worker) dropWorker(); // a fresh worker: frees the other runtime's memory
    },
    isRunning: () => run !== null,
    forward: () => track(1),
    backward: () => track(-1),
    stop() {
      run?.stop();
    },
    /** Re-track the stale frames after the keyframe on screen (after a correction). */
    async retrackStale() {
      const t = session.selected();
      if (!t) return;
      const from = session.frame();
      const end = staleRunEnd(t, from);
      if (end === null) return notices.info('Nothing to re-track after this frame.');
      await track(1, end);
    },
    /** Load the model ahead of the first Space press. */
    async warmUp() {
      try {
        await ensureWorker();
      } catch (e) {
        notices.error(`The tracker could not start: ${messageOf(e)}`);
      }
    },
    dispose() {
      run?.stop();
      worker?.terminate();
      worker = null;
    },
  };
}

export type TrackingController = ReturnType<typeof createTrackingController>;
