/**
 * Every keyboard shortcut in one table: the handler uses it, the help overlay lists it and
 * buttons show it in their tooltips (tip()).
 */
import type { Controller } from './controller';

export interface Shortcut {
  id: string;
  keys: string;
  label: string;
  group: 'Tracking' | 'Navigation' | 'Tracks' | 'View' | 'Files';
  match(e: KeyboardEvent): boolean;
  run(c: Controller): void;
  /** Handled by the Electron menu's accelerator there (so it does not fire twice). */
  menu?: boolean;
}

const plain = (e: KeyboardEvent) => !e.ctrlKey && !e.metaKey && !e.altKey;
const ctrl = (e: KeyboardEvent) => (e.ctrlKey || e.metaKey) && !e.altKey;
const key = (k: string, shift = false) => (e: KeyboardEvent) => plain(e) && e.key === k && e.shiftKey === shift;
const code = (c: string, shift = false) => (e: KeyboardEvent) => plain(e) && e.code === c && e.shiftKey === shift;

function stepping(c: Controller, delta: number | 'home' | 'end') {
  c.tracking.stop();
  if (delta === 'home') c.session.goTo(0);
  else if (delta === 'end') c.session.goTo(c.session.lastFrame());
  else c.session.step(delta);
}

export const SHORTCUTS: Shortcut[] = [
  { id: 'track', keys: 'Space', label: 'Track forward / stop', group: 'Tracking', match: code('Space'), run: (c) => void c.tracking.forward() },
  { id: 'track-back', keys: 'Shift+Space', label: 'Track backward / stop', group: 'Tracking', match: code('Space', true), run: (c) => void c.tracking.backward() },
  { id: 'retrack', keys: 'R', label: 'Re-track the stale frames after this keyframe', group: 'Tracking', match: key('r'), run: (c) => void c.tracking.retrackStale() },
  { id: 'prev', keys: '←', label: 'Previous frame', group: 'Navigation', match: key('ArrowLeft'), run: (c) => stepping(c, -1) },
  { id: 'next', keys: '→', label: 'Next frame', group: 'Navigation', match: key('ArrowRight'), run: (c) => stepping(c, 1) },
  { id: 'prev10', keys: 'Shift+←', label: 'Back 10 frames', group: 'Navigation', match: key('ArrowLeft', true), run: (c) => stepping(c, -10) },
  { id: 'next10', keys: 'Shift+→', label: 'Forward 10 frames', group: 'Navigation', match: key('ArrowRight', true), run: (c) => stepping(c, 10) },
  { id: 'first', keys: 'Home', label: 'First frame', group: 'Navigation', match: key('Home'), run: (c) => stepping(c, 'home') },
  { id: 'last', keys: 'End', label: 'Last frame', group: 'Navigation', match: key('End'), run: (c) => stepping(c, 'end') },
  { id: 'goto', keys: 'G', label: 'Go to frame number', group: 'Navigation', match: key('g'), run: () => document.getElementById('frame-input')?.focus() },
  { id: 'new-track', keys: 'N', label: 'New track', group: 'Tracks', match: key('n'), run: (c) => void c.session.addTrack() },
  { id: 'del-key', keys: 'Delete', label: 'Remove the keyframe on this frame', group: 'Tracks', match: (e) => plain(e) && (e.key === 'Delete' || e.key === 'Backspace'), run: (c) => { const t = c.session.selected(); if (t) c.session.removeKeyframe(t.id, c.session.frame()); } },
  { id: 'end-track', keys: 'E', label: 'End the selected track at this frame', group: 'Tracks', match: key('e'), run: (c) => { const t = c.session.selected(); if (t) c.session.endTrack(t.id, c.session.frame()); } },
  { id: 'hide', keys: 'H', label: 'Hide / show the selected track', group: 'Tracks', match: key('h'), run: (c) => { const t = c.session.selected(); if (t) c.session.setVisible(t.id, !t.visible); } },
  { id: 'prev-track', keys: '[', label: 'Select the previous track', group: 'Tracks', match: key('['), run: (c) => selectNeighbour(c, -1) },
  { id: 'next-track', keys: ']', label: 'Select the next track', group: 'Tracks', match: key(']'), run: (c) => selectNeighbour(c, 1) },
  { id: 'fit', keys: 'F', label: 'Fit the frame to the window', group: 'View', match: key('f'), run: (c) => c.ui.sendView('fit') },
  { id: 'zoom-in', keys: '+', label: 'Zoom in', group: 'View', match: (e) => plain(e) && (e.key === '+' || e.key === '='), run: (c) => c.ui.sendView('zoom-in') },
  { id: 'zoom-out', keys: '−', label: 'Zoom out', group: 'View', match: (e) => plain(e) && (e.key === '-' || e.key === '_'), run: (c) => c.ui.sendView('zoom-out') },
  { id: 'actual', keys: '1', label: 'Actual size (100 %)', group: 'View', match: key('1'), run: (c) => c.ui.sendView('actual-size') },
  { id: 'help', keys: '?', label: 'Show / hide this help', group: 'View', match: (e) => plain(e) && (e.key === '?' || e.key === 'F1'), run: (c) => c.ui.setHelpOpen(!c.ui.helpOpen()) },
  { id: 'undo', keys: 'Ctrl+Z', label: 'Undo the last edit or tracking run', group: 'Tracks', menu: true, match: (e) => ctrl(e) && !e.shiftKey && e.key.toLowerCase() === 'z', run: (c) => { c.tracking.stop(); c.session.undo(); } },
  { id: 'redo', keys: 'Ctrl+Shift+Z', label: 'Redo', group: 'Tracks', menu: true, match: (e) => ctrl(e) && ((e.shiftKey && e.key.toLowerCase() === 'z') || (!e.shiftKey && e.key.toLowerCase() === 'y')), run: (c) => { c.tracking.stop(); c.session.redo(); } },
  { id: 'open', keys: 'Ctrl+O', label: 'Open a video', group: 'Files', menu: true, match: (e) => ctrl(e) && !e.shiftKey && e.key.toLowerCase() === 'o', run: (c) => void c.video.choose() },
  { id: 'save', keys: 'Ctrl+S', label: 'Save the project', group: 'Files', menu: true, match: (e) => ctrl(e) && !e.shiftKey && e.key.toLowerCase() === 's', run: (c) => void c.files.saveProject() },
  { id: 'export', keys: 'Ctrl+E', label: 'Export the selected track as CSV', group: 'Files', menu: true, match: (e) => ctrl(e) && !e.shiftKey && e.key.toLowerCase() === 'e', run: (c) => void c.files.exportCsv('selected') },
  { id: 'export-all', keys: 'Ctrl+Shift+E', label: 'Export all tracks as CSV', group: 'Files', menu: true, match: (e) => ctrl(e) && e.shiftKey && e.key.toLowerCase() === 'e', run: (c) => void c.files.exportCsv('all') },
];

function selectNeighbour(c: Controller, dir: 1 | -1) {
  const list = c.session.tracks();
  if (!list.length) return;
  const i = list.findIndex((t) => t.id === c.session.selectedId());
  c.session.select(list[(i + dir + list.length) % list.length].id);
}

/** "Track forward / stop (Space)" for a button's title. */
export function tip(id: string, text?: string): string {
  const s = SHORTCUTS.find((x) => x.id === id);
  return s ? `${text ?? s.label} (${s.keys})` : (text ?? id);
}

function typingInto(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}

export function handleKey(e: KeyboardEvent, c: Controller): boolean {
  if (typingInto(e.target)) return false;
  if (c.ui.filePick()) return false; // the file browser handles its own keys
  if (e.key === 'Escape' && c.ui.helpOpen()) {
    c.ui.setHelpOpen(false);
    return true;
  }
  const s = SHORTCUTS.find((x) => x.match(e));
  if (!s || (s.menu && c.bridge.shell === 'electron')) return false;
  e.preventDefault();
  s.run(c);
  return true;
}
