/**
 * The open video and the frame on screen: opening (path, sample, dialog), fetching the frame
 * the session points at (cache first), and a small prefetch around it.
 */
import { createEffect, createSignal, on } from 'solid-js';
import type { FramePayload, VideoInfo } from '../../common/contract';
import { messageOf } from '../state/notices';
import { FrameCache } from '../video/frame-cache';
import { FrameSource } from '../video/frame-source';
import { pickPath, VIDEO_FILTERS, type Ctx } from './context';

/** Decoded frames kept in the renderer (about 200 frames at 720p). */
const CACHE_BYTES = 768 * 1024 * 1024;

export function createVideoController(ctx: Ctx, onOpened: (info: VideoInfo) => Promise<void>) {
  const { bridge, session, notices } = ctx;
  const [source, setSource] = createSignal<FrameSource | null>(null);
  const [shown, setShown] = createSignal<FramePayload | null>(null);
  const [loading, setLoading] = createSignal(false);
  /** Time the last frame that was not in the cache took to arrive (ms). */
  const [fetchMs, setFetchMs] = createSignal<number | null>(null);
  const [recent, setRecent] = createSignal<string[]>([]);
  /** Main's seek proxy for the open video (main/video/seek-proxy.ts): being built, ready, or none. */
  const [fastSeeks, setFastSeeks] = createSignal<'pending' | 'ready' | 'none'>('none');

  async function show(index: number) {
    const src = source();
    if (!src) return;
    const hit = src.peek(index);
    if (hit) {
      setShown(hit);
      if (!session.tracking()) void src.prefetchAround(index);
      return;
    }
    setLoading(true);
    const t0 = performance.now();
    try {
      src.cancelPrefetch();
      const frame = await src.get(index);
      if (session.frame() === index && source() === src) {
        setFetchMs(performance.now() - t0);
        setShown(frame);
        if (!session.tracking()) void src.prefetchAround(index);
      }
    } catch (e) {
      if (source() === src) notices.error(`frame ${index}: ${messageOf(e)}`);
    } finally {
      if (session.frame() === index) setLoading(false);
    }
  }

  createEffect(on([session.frame, source], ([f]) => void show(f)));

  let opening = 0;
  async function open(path: string) {
    const mine = ++opening;
    const cancelled = () => mine !== opening;
    notices.setProgress({
      label: `Opening ${path.split(/[\\/]/).pop()}…`, done: 0, total: 0,
      cancel: () => { opening++; notices.setProgress(null); },
    });
    try {
      const info = await bridge.invoke('video:open', { path });
      if (cancelled()) {
        void bridge.invoke('video:close', { videoId: info.videoId }).catch(() => undefined);
        return;
      }
      const old = source();
      setShown(null);
      session.openVideo(info);
      ctx.responses.clear();
      const src = new FrameSource(bridge, info, new FrameCache(CACHE_BYTES));
      setSource(src);
      void old?.close();
      setFastSeeks('pending');
      bridge.invoke('video:fast-seeks', { videoId: info.videoId })
        .then((r) => { if (source() === src) setFastSeeks(r.fastSeeks ? 'ready' : 'none'); })
        .catch(() => { if (source() === src) setFastSeeks('none'); });
      // Cache the video in the background (paused while tracking), so later seeks are lookups.
      setTimeout(() => void src.fill(() => session.tracking() !== null), 500);
      document.title = `${info.name} — SiamTrack`;
      bridge.invoke('recent:add', { path: info.path }).then((r) => setRecent(r.paths)).catch(() => undefined);
      await onOpened(info);
    } catch (e) {
      if (!cancelled()) notices.error(`Could not open the video: ${messageOf(e)}`);
    } finally {
      if (!cancelled()) notices.setProgress(null);
    }
  }

  return {
    source, shown, loading, fetchMs, recent, fastSeeks,
    open,
    async refreshRecent() {
      try {
        setRecent((await bridge.invoke('recent:list', {})).paths);
      } catch {
        setRecent([]);
      }
    },
    async choose() {
      const path = await pickPath(ctx, 'open', 'Open a video', VIDEO_FILTERS);
      if (path) await open(path);
    },
    async openSample() {
      const mine = ++opening;
      notices.setProgress({
        label: 'Preparing the sample clip (first time: a few seconds)…', done: 0, total: 0,
        cancel: () => { opening++; notices.setProgress(null); },
      });
      try {
        const { path } = await bridge.invoke('video:sample', {});
        if (mine === opening) await open(path);
      } catch (e) {
        if (mine !== opening) return;
        notices.setProgress(null);
        notices.error(`Could not make the sample clip: ${messageOf(e)}`);
      }
    },
  };
}

export type VideoController = ReturnType<typeof createVideoController>;
