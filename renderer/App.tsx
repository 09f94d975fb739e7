/**
 * The window: connects the bridge (Electron preload or browser host), then lays out the
 * workspace. A failure to connect shows a readable screen, never a blank window.
 */
import { createResource, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import type { AppInfo } from '../common/contract';
import { connectBridge, type Bridge } from './bridge';
import { FileBrowser } from './components/FileBrowser';
import { FrameView } from './components/FrameView';
import { Header } from './components/Header';
import { HelpOverlay } from './components/HelpOverlay';
import { Notices } from './components/Notices';
import { ResponseMapPanel } from './components/ResponseMap';
import { StatusBar } from './components/StatusBar';
import { Timeline } from './components/Timeline';
import { TrackList } from './components/TrackList';
import { Transport } from './components/Transport';
import { Welcome } from './components/Welcome';
import { createController } from './controller';
import { runMenuCommand } from './menu-commands';
import { handleKey } from './keyboard';
import { messageOf } from './state/notices';

export function App() {
  const [conn] = createResource(async () => {
    const bridge = await connectBridge();
    const info = await bridge.invoke('app:info', {});
    return { bridge, info };
  });
  return (
    <Switch>
      <Match when={conn.error}>
        <div class="fatal" role="alert">
          <h1>SiamTrack could not start</h1>
          <p>{messageOf(conn.error)}</p>
        </div>
      </Match>
      <Match when={conn()}>{(c) => <Workspace bridge={c().bridge} info={c().info} />}</Match>
      <Match when={conn.loading}>
        <div class="fatal"><p class="muted">Connecting…</p></div>
      </Match>
    </Switch>
  );
}

function Workspace(props: { bridge: Bridge; info: AppInfo }) {
  const c = createController(props.bridge);
  c.session.setTracker(props.info.defaultTracker);

  const onKey = (e: KeyboardEvent) => handleKey(e, c);
  // Space is a shortcut everywhere: a focused button must not also "click" on its key-up.
  const onKeyUp = (e: KeyboardEvent) => {
    if (e.code === 'Space' && (e.target as HTMLElement | null)?.tagName === 'BUTTON') e.preventDefault();
  };
  const onError = (e: ErrorEvent) => c.notices.error(e.error ?? e.message);
  const onRejection = (e: PromiseRejectionEvent) => c.notices.error(e.reason);
  const beforeUnload = (e: BeforeUnloadEvent) => {
    if (!c.session.dirty()) return;
    void c.files.autosave(true);
    // A browser asks before leaving; Electron would silently refuse to close, so there the autosave must do.
    if (props.bridge.shell === 'browser') e.preventDefault();
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    const path = props.bridge.pathForFile(file);
    if (path) void c.video.open(path);
    else c.notices.info('In the browser, open files with the Open button (the host only reads its --root folders).');
  };
  const onDragOver = (e: DragEvent) => e.preventDefault();

  onMount(() => {
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    window.addEventListener('beforeunload', beforeUnload);
    window.addEventListener('drop', onDrop);
    window.addEventListener('dragover', onDragOver);
    const offMenu = props.bridge.onMenu((cmd) => runMenuCommand(c, cmd));
    props.bridge.onDisconnect((reason) => c.notices.error(reason));
    void c.video.refreshRecent();
    onCleanup(() => {
      offMenu();
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
      window.removeEventListener('beforeunload', beforeUnload);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('dragover', onDragOver);
      c.tracking.dispose();
    });
  });

  return (
    <div class="app">
      <Header c={c} trackers={props.info.trackers} />
      <main class="workspace">
        <div class="stage">
          <FrameView c={c} />
          <Show when={!c.session.video()}><Welcome c={c} /></Show>
        </div>
        <aside class="sidebar">
          <TrackList c={c} />
          <ResponseMapPanel c={c} />
        </aside>
      </main>
      <section class="bottom">
        <Transport c={c} />
        <Timeline c={c} />
      </section>
      <StatusBar c={c} />
      <FileBrowser c={c} />
      <HelpOverlay c={c} />
      <Notices c={c} />
    </div>
  );
}
