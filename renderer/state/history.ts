/**
 * Undo/redo for the analyst's edits: a bounded stack of whole-track snapshots taken before each
 * edit (boxes, keyframe removal, track end/delete, a tracking run). Snapshots copy the maps,
 * so later edits never reach back into them.
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

export class History {
  private readonly done: Snapshot[] = [];
  private readonly undone: Snapshot[] = [];

  constructor(private readonly limit = 50) {}

  /** Remember the state before an edit; a new edit forgets what was undone. */
  record(label: string, tracks: readonly Track[], selectedId: number | null): void {
    this.done.push({ label, tracks: tracks.map(cloneTrack), selectedId });
    if (this.done.length > this.limit) this.done.shift();
    this.undone.length = 0;
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
