/**
 * Undo/redo for the analyst's edits: a bounded stack of whole-track snapshots taken before each
 * edit (boxes, keyframe removal, track end/delete, a tracking run). Snapshots copy the maps,
 * so later edits never reach back into them. The stacks are bounded by count and by the frames
 * they hold in all: on an hour of tracked video (108,000 frames a track, ~230 bytes each in V8, so
 * 24 MB a snapshot) fifty snapshots would hold 1.2 GB, so fewer steps are kept there.
 */
import type { Track } from './tracks';

export function cloneTrack(t: Track): Track {
  return {
    ...t,
    keyframes: new Map([...t.keyframes].map(([f, b]) => [f, { ...b }])),
    results: new Map([...t.results].map(([f, r]) => [f, { ...r, box: { ...r.box } }])),
  };
}

export interface Snapshot {
  label: string;
  tracks: Track[];
  selectedId: number | null;
}

/** Keyframes and results a snapshot holds. */
export function snapshotFrames(s: Snapshot): number {
  return s.tracks.reduce((n, t) => n + t.keyframes.size + t.results.size, 0);
}

export class History {
  private readonly done: Snapshot[] = [];
  private readonly undone: Snapshot[] = [];

  /**
   * `limit`: most steps kept; `maxFrames`: most keyframes + results held by the undo and redo
   * stacks together (1,000,000 is ~230 MB: 9 steps of an hour-long track; the oldest steps go first,
   * the last one always stays).
   */
  constructor(private readonly limit = 50, private readonly maxFrames = 1_000_000) {}

  /** Remember the state before an edit; a new edit forgets what was undone. */
  record(label: string, tracks: readonly Track[], selectedId: number | null): void {
    this.done.push({ label, tracks: tracks.map(cloneTrack), selectedId });
    this.undone.length = 0;
    this.trim();
  }

  private trim(): void {
    if (this.done.length > this.limit) this.done.splice(0, this.done.length - this.limit);
    let frames = [...this.done, ...this.undone].reduce((n, s) => n + snapshotFrames(s), 0);
    while (frames > this.maxFrames && this.done.length > 1) frames -= snapshotFrames(this.done.shift()!);
  }

  /** The state to go back to (given the present one, kept for redo), or null. */
  undo(present: Snapshot): Snapshot | null {
    const s = this.done.pop();
    if (!s) return null;
    this.undone.push({ ...present, label: s.label, tracks: present.tracks.map(cloneTrack) });
    return s;
  }

  redo(present: Snapshot): Snapshot | null {
    const s = this.undone.pop();
    if (!s) return null;
    this.done.push({ ...present, label: s.label, tracks: present.tracks.map(cloneTrack) });
    this.trim();
    return s;
  }

  canUndo(): boolean {
    return this.done.length > 0;
  }

  canRedo(): boolean {
    return this.undone.length > 0;
  }

  clear(): void {
    this.done.length = 0;
    this.undone.length = 0;
  }
}
