/**
 * The main-process services behind the bridge, one handler per contract channel
 * (common/contract.ts). Transport-free: Electron's ipcMain (main/index.ts) and the browser
 * host's WebSocket (main/host/server.ts) both call dispatch(), which validates the request
 * with the contract's schema first and turns every failure into a readable message.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  isChannel, parseRequest, type Channel, type DirEntry, type Envelope, type ParsedRequest, type Response,
} from '../common/contract';
import { frameByteLength, type PixelFormat } from '../common/frame';
import type { LoadedModels, ModelId } from '../models/manifest';
import { DEFAULT_TRACKER, getTrackerSpec, trackerNames } from '../workers/trackers/registry';
import { writeTextFileAtomic } from './export/csv';
import type { AppData } from './ipc/app-data';
import type { FileAccess } from './ipc/file-access';
import { FrameReader, type FrameStreamFactory } from './ipc/frame-reader';

export interface OpenedSource {
  width: number;
  height: number;
  fps: number;
  frameCount: number;
  durationS: number;
  codec?: string;
  frameTimesS?: number[];
  /** Layout of the frames `frames` yields (absent: RGBA); sizes main's frame budget. */
  pixelFormat?: PixelFormat;
  frames: FrameStreamFactory;
  /**
   * True while a seek costs about as much as reading a dozen frames on (a seek proxy is ready:
   * main/video/seek-proxy.ts); main then seeks rather than reading far ahead.
   */
  fastSeeks?: () => boolean;
  /** Settles once fastSeeks() is final: true when a seek proxy is ready, false when there will be none. */
  fastSeeksSettled?: Promise<boolean>;
  close(): Promise<void>;
}

export interface Dialogs {
  open(req: ParsedRequest<'dialog:open'>): Promise<string | null>;
  save(req: ParsedRequest<'dialog:save'>): Promise<string | null>;
}

export interface ServiceDeps {
  shell: 'electron' | 'browser';
  version: string;
  access: FileAccess;
  appData: AppData;
  openSource(path: string): Promise<OpenedSource>;
  samplePath(): Promise<string>;
  loadModels(ids: readonly ModelId[]): LoadedModels;
  dialogs?: Dialogs;
  /**
   * Electron: a video may come from anywhere the user points (drop, recent list, dialog), and
   * opening it grants its folder for the project file. The browser host keeps to its roots.
   */
  openAnyVideo?: boolean;
}

export type Handlers = { [C in Channel]: (req: ParsedRequest<C>) => Promise<Response<C>> };

/** At most this many videos stay open (decoders and frame caches) per service instance. */
const MAX_OPEN_VIDEOS = 3;
const MAX_TEXT_READ = 64 * 1024 * 1024;
const MAIN_FRAME_BYTES = 256 * 1024 * 1024;

export function createHandlers(deps: ServiceDeps): Handlers & { closeAll(): Promise<void> } {
  const videos = new Map<string, { reader: FrameReader; source: OpenedSource }>();
  const closeVideo = async (v: { reader: FrameReader; source: OpenedSource } | undefined) => {
    if (!v) return;
    await v.reader.close();
    await v.source.close();
  };
  let nextVideoId = 1;

  const openedVideo = (id: string) => {
    const v = videos.get(id);
    if (!v) throw new Error('the video is no longer open; open it again');
    return v;
  };
  const video = (id: string) => openedVideo(id).reader;
  const noDialogs = (): never => { throw new Error('native dialogs exist only in the desktop app'); };

  return {
    async 'app:info'() {
      return {
        version: deps.version, shell: deps.shell, roots: deps.shell === 'browser' ? deps.access.roots() : [],
        trackers: trackerNames(), defaultTracker: DEFAULT_TRACKER,
      };
    },
    async 'video:open'({ path }) {
      const full = deps.openAnyVideo ? grantThenRead(deps.access, path) : deps.access.readable(path);
      const src = await deps.openSource(full);
      const videoId = `v${nextVideoId++}`;
      // Main keeps at most ~256 MB of decoded frames per video (i420: 48 at 720p, 20 at 4K).
      const keep = Math.max(4, Math.min(48, Math.floor(MAIN_FRAME_BYTES / frameByteLength(src.pixelFormat ?? 'rgba', src.width, src.height))));
      videos.set(videoId, { reader: new FrameReader(src.frames, {
        frameCount: src.frameCount, keep,
        // With a seek proxy a seek decodes only what it delivers (~40 ms + ~12 ms a frame at 720p
        // here, bench/seek.ts): deliver the target almost first, and seek rather than read far on.
        // Without one every seek costs up to a GOP: read on further, and take a block to step back into.
        backBlock: () => Math.min(src.fastSeeks?.() ? 2 : 8, keep - 1),
        readAhead: () => (src.fastSeeks?.() ? 12 : 48),
      }), source: src });
      while (videos.size > MAX_OPEN_VIDEOS) {
        const oldest = videos.keys().next().value as string;
        void closeVideo(videos.get(oldest));
        videos.delete(oldest);
      }
      return {
        videoId, path: full, name: basename(full), width: src.width, height: src.height, fps: src.fps,
        frameCount: src.frameCount, durationS: src.durationS, codec: src.codec, frameTimesS: src.frameTimesS,
      };
    },
    async 'video:sample'() {
      const path = await deps.samplePath();
      deps.access.grant(path);
      return { path };
    },
    async 'video:close'({ videoId }) {
      const v = videos.get(videoId);
      videos.delete(videoId);
      await closeVideo(v);
      return {};
    },
    async 'video:fast-seeks'({ videoId }) {
      return { fastSeeks: await (openedVideo(videoId).source.fastSeeksSettled ?? Promise.resolve(false)) };
    },
    async 'video:frame'({ videoId, index }) {
      const f = await video(videoId).frame(index);
      const data = f.data instanceof Uint8Array ? f.data : new Uint8Array(f.data.buffer, f.data.byteOffset, f.data.byteLength);
      return { index, timeS: f.timeS ?? 0, width: f.width, height: f.height, format: f.format, matrix: f.matrix, data };
    },
    async 'models:load'({ tracker }) {
      const spec = getTrackerSpec(tracker);
      const loaded = deps.loadModels(spec.models);
      const models: Record<string, Record<string, Uint8Array>> = {};
      for (const [id, files] of Object.entries(loaded)) if (files) models[id] = files;
      return { tracker: spec.name, models };
    },
    async 'fs:list'({ path }) {
      if (path === undefined) {
        const roots = deps.access.roots();
        if (roots.length !== 1) {
          return { path: '', parent: null, entries: roots.map((r) => ({ name: r, path: r, kind: 'dir' as const, size: 0 })) };
        }
        path = roots[0];
      }
      const dir = deps.access.readable(path);
      const names = (await readdir(dir)).filter((n) => !n.startsWith('.'));
      const entries: DirEntry[] = [];
      for (const name of names) {
        const full = join(dir, name);
        const s = await stat(full).catch(() => null);
        if (s && (s.isDirectory() || s.isFile())) entries.push({ name, path: full, kind: s.isDirectory() ? 'dir' : 'file', size: s.size });
      }
      entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1));
      const parent = dirname(dir);
      let parentAllowed = parent !== dir;
      if (parentAllowed) {
        try { deps.access.readable(parent); } catch { parentAllowed = false; }
      }
      return { path: dir, parent: parentAllowed ? parent : null, entries };
    },
    async 'fs:read-text'({ path }) {
      const full = deps.access.readable(path);
      const s = await stat(full);
      if (!s.isFile()) throw new Error(`${basename(full)} is not a file`);
      if (s.size > MAX_TEXT_READ) throw new Error(`${basename(full)} is too large to open (${Math.round(s.size / 1e6)} MB)`);
      return { path: full, text: await readFile(full, 'utf8') };
    },
    async 'fs:write-text'({ path, text }) {
      const full = deps.access.writable(path);
      await writeTextFileAtomic(full, text);
      return { path: full };
    },
    async 'project:autosave'({ videoPath, text }) {
      return deps.appData.autosave(videoPath, text);
    },
    async 'project:recover'({ videoPath }) {
      return deps.appData.recover(videoPath);
    },
    async 'prefs:get'() {
      return deps.appData.preferences();
    },
    async 'prefs:set'(change) {
      return deps.appData.setPreferences(change);
    },
    async 'recent:list'() {
      return { paths: deps.appData.recent() };
    },
    async 'recent:add'({ path }) {
      return { paths: deps.appData.addRecent(path) };
    },
    async 'dialog:open'(req) {
      const path = await (deps.dialogs ?? noDialogs()).open(req);
      if (path) deps.access.grant(path);
      return { path };
    },
    async 'dialog:save'(req) {
      const path = await (deps.dialogs ?? noDialogs()).save(req);
      if (path) deps.access.grant(path);
      return { path };
    },
    async closeAll() {
      const all = [...videos.values()];
      videos.clear();
      await Promise.all(all.map(closeVideo));
    },
  };
}

function grantThenRead(access: FileAccess, path: string): string {
  access.grant(path);
  return access.readable(path);
}

/** Validate and run one request; never throws (the reply carries the error message). */
export async function dispatch(handlers: Handlers, channel: unknown, payload: unknown): Promise<Envelope<unknown>> {
  try {
    if (!isChannel(channel)) throw new Error(`unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}`);
    const request = parseRequest(channel, payload);
    const handler = handlers[channel] as (r: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(request) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
