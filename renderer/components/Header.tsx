/** The top bar: file actions, the open video's facts, the tracker choice and help. */
import { createSignal, For, onCleanup, onMount, Show, type JSX } from 'solid-js';
import type { Controller } from '../controller';
import { BACKEND_SETTINGS, type BackendSetting } from '../../common/preferences';
import { tip } from '../keyboard';
import { Icon } from './Icon';

function Dropdown(props: { label: JSX.Element; title: string; disabled?: boolean; testid?: string; children: (close: () => void) => JSX.Element }) {
  const [open, setOpen] = createSignal(false);
  let root!: HTMLDivElement;
  const away = (e: MouseEvent) => { if (!root.contains(e.target as Node)) setOpen(false); };
  onMount(() => document.addEventListener('mousedown', away));
  onCleanup(() => document.removeEventListener('mousedown', away));
  return (
    <div class="dropdown" ref={root}>
      <button class="tool-btn" title={props.title} disabled={props.disabled} data-testid={props.testid} onClick={() => setOpen(!open())}>
        {props.label} <span class="caret">▾</span>
      </button>
      <Show when={open()}>
        <div class="menu" role="menu">{props.children(() => setOpen(false))}</div>
      </Show>
    </div>
  );
}

const BACKEND_LABELS: Record<BackendSetting, string> = { auto: 'Auto', webgpu: 'WebGPU', wasm: 'WASM (CPU)' };

export function Header(props: { c: Controller; trackers: string[] }) {
  const c = props.c;
  const { session } = c;
  const noVideo = () => !session.video();
  const fileName = (p: string) => p.split(/[\\/]/).pop();

  return (
    <header class="app-header">
      <div class="brand"><Icon name="target" size={20} /> <span>SiamTrack</span></div>
      <div class="toolbar">
        <button class="tool-btn" title={tip('open', 'Open a video')} data-testid="open-video" onClick={() => void c.video.choose()}>
          <Icon name="open" /> Open
        </button>
        <Dropdown label={<>Recent</>} title="Recently opened videos" disabled={c.video.recent().length === 0}>
          {(close) => (
            <For each={c.video.recent()}>
              {(p) => <button class="menu-item" title={p} onClick={() => { close(); void c.video.open(p); }}>{fileName(p)}<small>{p}</small></button>}
            </For>
          )}
        </Dropdown>
        <button class="tool-btn" title="Open the generated sample clip" data-testid="open-sample" onClick={() => void c.video.openSample()}>
          <Icon name="sample" /> Sample
        </button>
        <span class="divider" />
        <button class="icon-btn" title={tip('undo', 'Undo')} disabled={!session.canUndo()} data-testid="undo" onClick={() => { c.tracking.stop(); session.undo(); }}>
          <Icon name="undo" />
        </button>
        <button class="icon-btn" title={tip('redo', 'Redo')} disabled={!session.canRedo()} onClick={() => { c.tracking.stop(); session.redo(); }}>
          <Icon name="redo" />
        </button>
        <button class="tool-btn" title={tip('save', 'Save the project next to the video')} disabled={noVideo()} data-testid="save-project" onClick={() => void c.files.saveProject()}>
          <Icon name="save" /> Save
        </button>
        <Dropdown label={<><Icon name="export" /> Export</>} title="Export tracks" disabled={noVideo()} testid="export-menu">
          {(close) => (
            <>
              <button class="menu-item" data-testid="export-selected" onClick={() => { close(); void c.files.exportCsv('selected'); }}>Selected track as CSV… <kbd>Ctrl+E</kbd></button>
              <button class="menu-item" data-testid="export-all" onClick={() => { close(); void c.files.exportCsv('all'); }}>All tracks as CSV… <kbd>Ctrl+Shift+E</kbd></button>
              <button class="menu-item" data-testid="export-mot" onClick={() => { close(); void c.files.exportMot(); }}>All tracks, MOT format…</button>
            </>
          )}
        </Dropdown>
        <Dropdown label={<><Icon name="import" /> Import</>} title="Import tracks or a project" disabled={noVideo()}>
          {(close) => (
            <>
              <button class="menu-item" onClick={() => { close(); void c.files.importCsv(); }}>Tracks from CSV…</button>
              <button class="menu-item" onClick={() => { close(); void c.files.openProject(); }}>Project file…</button>
              <button class="menu-item" onClick={() => { close(); void c.files.saveProject(true); }}>Save project as…</button>
            </>
          )}
        </Dropdown>
      </div>
      <div class="video-facts" data-testid="video-facts">
        <Show when={session.video()} fallback={<span class="muted">No video</span>}>
          {(v) => (
            <>
              <span class="video-name" title={v().path}>{v().name}{session.dirty() ? ' •' : ''}</span>
              <span class="fact">{v().width}×{v().height}</span>
              <span class="fact">{Number(v().fps.toFixed(3))} fps</span>
              <span class="fact">{v().frameCount} frames</span>
            </>
          )}
        </Show>
      </div>
      <div class="header-settings">
      <label class="tracker-select" title="Tracker used for the next run">
        <span>Tracker</span>
        <select data-testid="tracker-select" value={session.tracker()} onChange={(e) => { session.setTracker(e.currentTarget.value); session.changed(); }}>
          <For each={props.trackers}>{(t) => <option value={t}>{t}</option>}</For>
        </select>
      </label>
      <label class="tracker-select" title="Where the network runs. Auto times WebGPU against WASM on a real GPU and keeps the faster; software GPUs are never used. Applies to the next run.">
        <span>Backend</span>
        <select data-testid="backend-select" value={c.tracking.backendSetting()} onChange={(e) => c.tracking.setBackendSetting(e.currentTarget.value as BackendSetting)}>
          <For each={BACKEND_SETTINGS}>{(b) => <option value={b}>{BACKEND_LABELS[b]}</option>}</For>
        </select>
      </label>
      <button class="icon-btn" title={tip('help', 'Keyboard shortcuts')} data-testid="help" onClick={() => c.ui.setHelpOpen(!c.ui.helpOpen())}>
        <Icon name="help" size={18} />
      </button>
      </div>
    </header>
  );
}
