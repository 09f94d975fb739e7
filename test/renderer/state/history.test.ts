import { describe, expect, it } from 'vitest';
import { History, snapshotFrames } from '../../../renderer/state/history';
import { newTrack, setKeyframe, setResult, type Track } from '../../../renderer/state/tracks';

const box = { x: 1, y: 2, w: 3, h: 4 };

function trackOf(frames: number, id = 1): Track {
  const t = newTrack(id);
  setKeyframe(t, 0, box);
  for (let f = 1; f < frames; f++) setResult(t, f, box, 0.9, 'tracked');
  return t;
}

describe('History', () => {
  it('undoes and redoes whole-track snapshots that later edits do not reach', () => {
    const h = new History();
    const t = trackOf(3);
    h.record('run', [t], 1);
    setResult(t, 2, { ...box, x: 50 }, 0.5, 'lost');
    const back = h.undo({ label: '', tracks: [t], selectedId: 1 })!;
    expect(back.label).toBe('run');
    expect(back.tracks[0].results.get(2)).toMatchObject({ state: 'tracked', box: { x: 1 } });
    const again = h.redo({ label: '', tracks: back.tracks, selectedId: 1 })!;
    expect(again.tracks[0].results.get(2)).toMatchObject({ state: 'lost', box: { x: 50 } });
  });

  it('keeps at most `limit` steps', () => {
    const h = new History(3);
    for (let i = 0; i < 5; i++) h.record(`edit ${i}`, [trackOf(2)], 1);
    const labels: string[] = [];
    for (let s; (s = h.undo({ label: '', tracks: [], selectedId: null })); ) labels.push(s.label);
    expect(labels).toEqual(['edit 4', 'edit 3', 'edit 2']);
  });

  it('drops the oldest steps once the snapshots hold too many frames, but always keeps the last one', () => {
    const h = new History(50, 250_000);
    const long = trackOf(108_000); // an hour at 30 fps
    expect(snapshotFrames({ label: '', tracks: [long], selectedId: 1 })).toBe(108_000);
    for (let i = 0; i < 5; i++) h.record(`correction ${i}`, [long], 1);
    const labels: string[] = [];
    for (let s; (s = h.undo({ label: '', tracks: [long], selectedId: 1 })); ) labels.push(s.label);
    expect(labels).toEqual(['correction 4', 'correction 3']);

    const tiny = new History(50, 10);
    tiny.record('huge run', [long], 1);
    expect(tiny.canUndo()).toBe(true);
  });
});
