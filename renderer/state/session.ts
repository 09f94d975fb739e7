/**
 * The analyst's session as Solid signals: the open video, the frame on screen, the tracks
 * and which one is selected. Track data lives in plain objects (renderer/state/tracks.ts);
 * `version` is bumped after every change so views redraw and autosave notices it.
 */
import { batch, createMemo, createSignal } from 'solid-js';
import type { Box } from '../../common/box';
import type { VideoInfo } from '../../common/contract';
import type { ProjectFile } from '../../common/project-file';
import { History } from './history';
import {
  endTrackAt, fromTrackFile, newTrack, PALETTE, removeKeyframe, setKeyframe, toTrackFile, type Track,
} from './tracks';

export type Direction = 1 | -1;

export interface TrackingStatus {
  trackId: number;
  direction: Direction;
  from: number;
  /** Frames tracked so far in this run. */
  done: number;
  /** Tracking speed over the last frames (frames per second). */
  fps: number;
  /** Mean time the worker spent per frame (ms). */
  workerMs: number;
}

export function createSession() {
  const [video, setVideo] = createSignal<VideoInfo | null>(null);
  const [frame, setFrameSignal] = createSignal(0);
  const [tracks, setTracks] = createSignal<Track[]>([], { equals: false });
  const [selectedId, setSelectedId] = createSignal<number | null>(null);
  const [version, setVersion] = createSignal(0);
  const [savedVersion, setSavedVersion] = createSignal(0);
  const [tracker, setTracker] = createSignal('nanotrack');
  const [tracking, setTracking] = createSignal<TrackingStatus | null>(null);
  let nextId = 1;
  const history = new History();
  const record = (label: string) => history.record(label, tracks(), selectedId());
  const createTrack = (name?: string): Track => {
    const t = newTrack(nextId++, name);
    batch(() => {
      setTracks([...tracks(), t]);
      setSelectedId(t.id);
      changed();
    });
    return t;
  };
  const restore = (snap: { tracks: Track[]; selectedId: number | null } | null) => {
    if (!snap) return null;
    batch(() => {
      setTracks(snap.tracks);
      setSelectedId(snap.selectedId);
      changed();
    });
    return snap;
  };

  const selected = createMemo(() => {
    version();
    return tracks().find((t) => t.id === selectedId());
  });
  const lastFrame = () => Math.max(0, (video()?.frameCount ?? 1) - 1);
  const changed = () => {
    setVersion((v) => v + 1);
    setTracks((t) => t);
  };
  const find = (id: number) => tracks().find((t) => t.id === id);

  const session = {
    video, frame, tracks, selectedId, selected, version, tracker, tracking, setTracking, setTracker,
    lastFrame,
    /** Unsaved changes since the last explicit save or load. */
    dirty: () => version() !== savedVersion(),
    markSaved: () => setSavedVersion(version()),
    changed,

    openVideo(info: VideoInfo) {
      batch(() => {
        setVideo(info);
        setFrameSignal(0);
        setTracks([]);
        setSelectedId(null);
        nextId = 1;
        history.clear();
        setVersion(0);
        setSavedVersion(0);
      });
    },
    closeVideo() {
      batch(() => {
        setVideo(null);
        setTracks([]);
        setSelectedId(null);
      });
    },

    /** Show frame `f` (clamped to the video). */
    goTo(f: number) {
      const v = video();
      if (!v || !Number.isFinite(f)) return;
      setFrameSignal(Math.min(Math.max(0, Math.round(f)), lastFrame()));
    },
    step(delta: number) {
      session.goTo(frame() + delta);
    },

    addTrack(name?: string): Track {
      record('add track');
      return createTrack(name);
    },
    deleteTrack(id: number) {
      record('delete track');
      batch(() => {
        const rest = tracks().filter((t) => t.id !== id);
        setTracks(rest);
        if (selectedId() === id) setSelectedId(rest.length ? rest[rest.length - 1].id : null);
        changed();
      });
    },
    renameTrack(id: number, name: string) {
      const t = find(id);
      const clean = name.trim().slice(0, 200);
      if (t && clean && clean !== t.name) {
        record('rename');
        t.name = clean;
        changed();
      }
    },
    setVisible(id: number, visible: boolean) {
      const t = find(id);
      if (t && t.visible !== visible) {
        t.visible = visible;
        changed();
      }
    },
    select(id: number | null) {
      setSelectedId(id);
    },
    /** The analyst's box on a frame: a keyframe of the given (or a new) track. */
    setBox(trackId: number | null, f: number, box: Box): Track {
      record('box');
      const t = (trackId !== null && find(trackId)) || createTrack();
      if (t.endFrame !== null && f > t.endFrame) t.endFrame = null;
      setKeyframe(t, f, box);
      batch(() => {
        setSelectedId(t.id);
        changed();
      });
      return t;
    },
    removeKeyframe(trackId: number, f: number) {
      const t = find(trackId);
      if (t?.keyframes.has(f)) {
        record('remove keyframe');
        removeKeyframe(t, f);
        changed();
      }
    },
    endTrack(trackId: number, f: number) {
      const t = find(trackId);
      if (t) {
        record('end track');
        endTrackAt(t, f);
        changed();
      }
    },
    /** Give the track the next colour of the palette. */
    cycleColour(trackId: number) {
      const t = find(trackId);
      if (!t) return;
      t.colour = PALETTE[(PALETTE.indexOf(t.colour) + 1) % PALETTE.length];
      changed();
    },
    /** Remember the tracks before a tracking run, so the run can be undone as one step. */
    recordRun() {
      record('tracking run');
    },
    undo: () => restore(history.undo({ label: '', tracks: tracks(), selectedId: selectedId() })),
    redo: () => restore(history.redo({ label: '', tracks: tracks(), selectedId: selectedId() })),
    canUndo: () => (version(), history.canUndo()),
    canRedo: () => (version(), history.canRedo()),
    reopenTrack(trackId: number) {
      const t = find(trackId);
      if (t && t.endFrame !== null) {
        t.endFrame = null;
        changed();
      }
    },
    replaceTracks(list: Track[]) {
      batch(() => {
        setTracks(list);
        nextId = list.reduce((m, t) => Math.max(m, t.id), 0) + 1;
        setSelectedId(list.length ? list[0].id : null);
        changed();
      });
    },
    /** Add imported tracks (renumbered, recoloured); one undo step takes them all back out. */
    appendTracks(list: Track[]) {
      if (!list.length) return;
      record('import tracks');
      batch(() => {
        const names = new Set(tracks().map((t) => t.name));
        const renumbered = list.map((t) => {
          const id = nextId++;
          return { ...t, id, colour: PALETTE[(id - 1) % PALETTE.length], name: names.has(t.name) ? `${t.name} (imported)` : t.name };
        });
        setTracks([...tracks(), ...renumbered]);
        if (renumbered.length) setSelectedId(renumbered[0].id);
        changed();
      });
    },

    toProject(): ProjectFile {
      const v = video();
      if (!v) throw new Error('no video is open');
      return {
        savedAt: new Date().toISOString(),
        video: { path: v.path, name: v.name, width: v.width, height: v.height, fps: v.fps, frameCount: v.frameCount },
        settings: { tracker: tracker() },
        tracks: tracks().map(toTrackFile),
      };
    },
    loadProject(p: ProjectFile) {
      const v = video();
      if (v && (p.video.width !== v.width || p.video.height !== v.height || p.video.frameCount !== v.frameCount)) {
        throw new Error(`the project was made for ${p.video.name} (${p.video.width}x${p.video.height}, ${p.video.frameCount} frames), not this video`);
      }
      batch(() => {
        setTracker(p.settings.tracker);
        session.replaceTracks(p.tracks.map(fromTrackFile));
        setSavedVersion(version());
      });
    },
  };
  return session;
}

export type Session = ReturnType<typeof createSession>;
