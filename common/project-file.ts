/**
 * The project file: tracks, keyframes, tracked results and settings for one video, saved next
 * to the video (or as main's autosave copy). JSON with compact per-frame rows; validated with
 * zod on load so a hand-edited or truncated file gives a readable message, not a broken UI.
 */
import { z } from 'zod';
import type { Box } from './box';

export const PROJECT_FORMAT = 'siamtrack-project';
export const PROJECT_VERSION = 1;
export const PROJECT_SUFFIX = '.tracker.json';

export type FrameState = 'tracked' | 'lost';

export interface KeyframeRow {
  frame: number;
  box: Box;
}
export interface ResultRow {
  frame: number;
  box: Box;
  score: number;
  state: FrameState;
  /** Tracked before a later correction (to be re-tracked). Kept so a reopened or recovered project still knows. */
  stale?: boolean;
}
export interface TrackFile {
  id: number;
  name: string;
  colour: string;
  visible: boolean;
  /** Last frame of the track (inclusive), or null when it runs to the end of the video. */
  endFrame: number | null;
  keyframes: KeyframeRow[];
  results: ResultRow[];
}
export interface ProjectFile {
  video: { path: string; name: string; width: number; height: number; fps: number; frameCount: number };
  settings: { tracker: string };
  tracks: TrackFile[];
  savedAt: string;
}

const num = z.number().refine(Number.isFinite, 'must be finite');
const frame = z.number().int().nonnegative();
const keyRow = z.tuple([frame, num, num, num, num]);
const resultRow = z.tuple([frame, num, num, num, num, num, z.enum(['tracked', 'lost'])]);

const FileSchema = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(PROJECT_VERSION),
  savedAt: z.string(),
  video: z.object({
    path: z.string(), name: z.string(), width: z.number().int().positive(), height: z.number().int().positive(),
    fps: z.number().positive(), frameCount: frame,
  }),
  settings: z.object({ tracker: z.string().min(1) }),
  tracks: z.array(z.object({
    id: z.number().int().positive(),
    name: z.string().max(200),
    colour: z.string().regex(/^#[0-9a-fA-F]{6}$/),
    visible: z.boolean(),
    endFrame: frame.nullable(),
    keyframes: z.array(keyRow),
    results: z.array(resultRow),
    stale: z.array(frame).optional(),
  })).max(1000),
});

export function projectPathFor(videoPath: string): string {
  return videoPath.replace(/\.[^./\\]+$/, '') + PROJECT_SUFFIX;
}

export function serializeProject(p: ProjectFile): string {
  const r = (v: number) => Math.round(v * 1000) / 1000;
  return JSON.stringify({
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    savedAt: p.savedAt,
    video: p.video,
    settings: p.settings,
    tracks: p.tracks.map((t) => ({
      id: t.id, name: t.name, colour: t.colour, visible: t.visible, endFrame: t.endFrame,
      keyframes: t.keyframes.map((k) => [k.frame, r(k.box.x), r(k.box.y), r(k.box.w), r(k.box.h)]),
      results: t.results.map((s) => [s.frame, r(s.box.x), r(s.box.y), r(s.box.w), r(s.box.h), r(s.score), s.state]),
      // A separate list of frames, absent when empty: files without it (older ones) read as before.
      ...(t.results.some((s) => s.stale) ? { stale: t.results.filter((s) => s.stale).map((s) => s.frame) } : {}),
    })),
  });
}

/** Parse and validate a project file; throws an Error with a readable message when it is not one. */
export function parseProject(text: string): ProjectFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('not a project file (not valid JSON)');
  }
  const parsed = FileSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`not a valid project file: ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  const d = parsed.data;
  const ids = new Set(d.tracks.map((t) => t.id));
  if (ids.size !== d.tracks.length) throw new Error('not a valid project file: two tracks share an id');
  return {
    savedAt: d.savedAt,
    video: d.video,
    settings: d.settings,
    tracks: d.tracks.map((t) => {
      const stale = new Set(t.stale ?? []);
      return {
        id: t.id, name: t.name, colour: t.colour, visible: t.visible, endFrame: t.endFrame,
        keyframes: t.keyframes.map(([f, x, y, w, h]) => ({ frame: f, box: { x, y, w, h } })),
        results: t.results.map(([f, x, y, w, h, score, state]) => ({ frame: f, box: { x, y, w, h }, score, state, ...(stale.has(f) ? { stale: true } : {}) })),
      };
    }),
  };
}
