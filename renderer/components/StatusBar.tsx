/**
 * The bottom line: the network's backend and ms per frame (hover: why that backend), last decode
 * time, cache, seek proxy state, autosave age, project file.
 */
import { createSignal, onCleanup, Show } from 'solid-js';
import type { Controller } from '../controller';
import { formatBytes } from '../view/format';

const SEEK_PROXY_HELP = 'This video has few keyframes, so a seek would decode many frames. A lossless copy with a keyframe on '
  + 'every frame is built once in the background (in the app\'s data folder, at most 4 GiB in all) and used for seeks once it is '
  + 'proven identical frame by frame.';

export function StatusBar(props: { c: Controller }) {
  const c = props.c;
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 1000);
  onCleanup(() => clearInterval(timer));
  const cache = () => {
    now();
    c.session.frame();
    const s = c.video.source();
    return s ? `${s.cache.size} frames cached (${formatBytes(s.cache.usedBytes)})` : '';
  };
  const autosave = () => {
    const t = c.files.autosavedAt();
    return t ? `autosaved ${Math.max(0, Math.round((now() - t) / 1000))} s ago` : 'not autosaved yet';
  };
  return (
    <footer class="status-bar" data-testid="status-bar">
      <span>{c.bridge.shell === 'electron' ? 'Desktop' : 'Browser host'}</span>
      <Show when={c.tracking.backend()}>
        <span data-testid="backend-status" title={c.tracking.backendReason()}>
          {c.tracking.backend()}{c.tracking.netMs() !== null ? ` · network ${c.tracking.netMs()!.toFixed(1)} ms/frame` : ''}
        </span>
      </Show>
      <Show when={c.video.fetchMs() !== null}><span>last decode {c.video.fetchMs()!.toFixed(0)} ms</span></Show>
      <span>{cache()}</span>
      <Show when={c.video.fastSeeks() !== 'none'}>
        <span data-testid="seek-status" title={SEEK_PROXY_HELP}>
          {c.video.fastSeeks() === 'pending' ? 'preparing fast seeks…' : 'fast seeks'}
        </span>
      </Show>
      <div class="spacer" />
      <Show when={c.session.video()}>
        <span>{autosave()}</span>
        <span title={c.files.projectPath() ?? ''}>{c.files.projectPath() ? `project: ${c.files.projectPath()!.split(/[\\/]/).pop()}` : 'project not saved'}</span>
      </Show>
    </footer>
  );
}
