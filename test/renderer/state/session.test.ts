import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import type { VideoInfo } from '../../../common/contract';
import { createSession } from '../../../renderer/state/session';
import { boxAt } from '../../../renderer/state/tracks';

const info: VideoInfo = { videoId: 'v1', path: '/v/a.mp4', name: 'a.mp4', width: 320, height: 240, fps: 30, frameCount: 100, durationS: 3.3 };

function withSession(fn: (s: ReturnType<typeof createSession>) => void) {
  createRoot((dispose) => {
    fn(createSession());
    dispose();
  });
}

describe('session state', () => {
  it('keeps the frame inside the video', () => withSession((s) => {
    s.goTo(5);
    expect(s.frame()).toBe(0); // no video yet
    s.openVideo(info);
    s.goTo(42.4);
    expect(s.frame()).toBe(42);
    s.step(-100);
    expect(s.frame()).toBe(0);
    s.goTo(1e9);
    expect(s.frame()).toBe(99);
    s.step(NaN);
    expect(s.frame()).toBe(99);
  }));

  it('a box drawn with no track makes one, selected; version and dirty follow changes', () => withSession((s) => {
    s.openVideo(info);
    expect(s.dirty()).toBe(false);
    const v0 = s.version();
    const t = s.setBox(null, 3, { x: 1, y: 2, w: 3, h: 4 });
    expect(s.tracks()).toHaveLength(1);
    expect(s.selectedId()).toBe(t.id);
    expect(boxAt(t, 3)?.kind).toBe('key');
    expect(s.version()).toBeGreaterThan(v0);
    expect(s.dirty()).toBe(true);
    s.markSaved();
    expect(s.dirty()).toBe(false);
    s.renameTrack(t.id, '  runner  ');
    expect(s.selected()?.name).toBe('runner');
    expect(s.dirty()).toBe(true);
  }));

  it('adds, selects and deletes tracks', () => withSession((s) => {
    s.openVideo(info);
    const a = s.addTrack();
    const b = s.addTrack('second');
    expect(b.id).toBe(a.id + 1);
    expect(s.selectedId()).toBe(b.id);
    s.deleteTrack(b.id);
    expect(s.selectedId()).toBe(a.id);
    s.setVisible(a.id, false);
    expect(s.selected()?.visible).toBe(false);
    s.endTrack(a.id, 10);
    expect(s.selected()?.endFrame).toBe(10);
    s.setBox(a.id, 20, { x: 0, y: 0, w: 5, h: 5 }); // a box after the end re-opens the track
    expect(s.selected()?.endFrame).toBeNull();
  }));

  it('saves and loads projects, refusing one made for another video', () => withSession((s) => {
    s.openVideo(info);
    s.setBox(null, 0, { x: 1, y: 1, w: 10, h: 10 });
    const p = s.toProject();
    s.openVideo(info);
    expect(s.tracks()).toHaveLength(0);
    s.loadProject(p);
    expect(s.tracks()).toHaveLength(1);
    expect(s.dirty()).toBe(false);
    expect(() => s.loadProject({ ...p, video: { ...p.video, frameCount: 99 } })).toThrow(/made for a\.mp4/);
  }));
});

describe('undo and redo', () => {
  it('undoes and redoes box edits, track changes and tracking runs, one step each', () => withSession((s) => {
    s.openVideo(info);
    const t = s.setBox(null, 0, { x: 1, y: 1, w: 10, h: 10 });
    s.setBox(t.id, 0, { x: 5, y: 5, w: 10, h: 10 });
    expect(boxAt(s.selected()!, 0)?.box.x).toBe(5);
    s.undo();
    expect(boxAt(s.selected()!, 0)?.box.x).toBe(1);
    s.undo();
    expect(s.tracks()).toHaveLength(0); // the first box made the track: one step
    expect(s.canUndo()).toBe(false);
    s.redo();
    s.redo();
    expect(boxAt(s.selected()!, 0)?.box.x).toBe(5);
    expect(s.canRedo()).toBe(false);
    s.recordRun();
    s.selected()!.results.set(1, { box: { x: 6, y: 5, w: 10, h: 10 }, score: 0.9, state: 'tracked', stale: false });
    s.changed();
    s.undo();
    expect(s.selected()!.results.size).toBe(0);
    s.deleteTrack(s.selected()!.id);
    s.undo();
    expect(s.tracks()).toHaveLength(1);
  }));

  it('a new edit after an undo forgets the redo', () => withSession((s) => {
    s.openVideo(info);
    const t = s.setBox(null, 0, { x: 1, y: 1, w: 10, h: 10 });
    s.setBox(t.id, 0, { x: 2, y: 1, w: 10, h: 10 });
    s.undo();
    s.setBox(s.selected()!.id, 0, { x: 3, y: 1, w: 10, h: 10 });
    expect(s.canRedo()).toBe(false);
    s.cycleColour(s.selected()!.id);
    expect(s.selected()!.colour).not.toBe('#4cc9f0');
  }));
});

describe('importing tracks', () => {
  it('gives imported tracks fresh ids and colours, and marks clashing names', () => withSession((s) => {
    s.openVideo(info);
    const mine = s.setBox(null, 0, { x: 1, y: 1, w: 10, h: 10 });
    const imported = { ...mine, keyframes: new Map(mine.keyframes), results: new Map() };
    s.appendTracks([imported]);
    const [a, b] = s.tracks();
    expect(b.id).not.toBe(a.id);
    expect(b.colour).not.toBe(a.colour);
    expect(b.name).toBe(`${a.name} (imported)`);
    expect(s.selectedId()).toBe(b.id);
  }));

  it('takes an import back out in one undo, and puts it back with redo', () => withSession((s) => {
    s.openVideo(info);
    const mine = s.setBox(null, 0, { x: 1, y: 1, w: 10, h: 10 });
    const imported = (n: number) => ({ ...mine, id: 90 + n, name: `csv #${n}`, keyframes: new Map(mine.keyframes), results: new Map() });
    s.appendTracks([imported(1), imported(2)]);
    expect(s.tracks().map((t) => t.name)).toEqual([mine.name, 'csv #1', 'csv #2']);
    s.undo();
    expect(s.tracks().map((t) => t.name)).toEqual([mine.name]);
    expect(s.selectedId()).toBe(mine.id);
    s.redo();
    expect(s.tracks().map((t) => t.name)).toEqual([mine.name, 'csv #1', 'csv #2']);
    s.appendTracks([]); // an empty import is not an undo step
    s.undo();
    expect(s.tracks()).toHaveLength(1);
  }));
});
