/** What the frame area shows before a video is open: open, sample, recent files, drop hint. */
import { For, Show } from 'solid-js';
import type { Controller } from '../controller';
import { Icon } from './Icon';

export function Welcome(props: { c: Controller }) {
  const c = props.c;
  return (
    <div class="welcome" data-testid="welcome">
      <Icon name="target" size={48} />
      <h1>Track an object through a video</h1>
      <p>Open a video, drag a box around the target, press <kbd>Space</kbd>.</p>
      <div class="welcome-actions">
        <button class="tool-btn primary big" data-testid="welcome-open" onClick={() => void c.video.choose()}><Icon name="open" /> Open video…</button>
        <button class="tool-btn big" onClick={() => void c.video.openSample()}><Icon name="sample" /> Try the sample clip</button>
      </div>
      <p class="muted">{c.bridge.shell === 'electron' ? 'or drop a video file here' : 'Files are opened from the folders the host was started with (--root).'}</p>
      <Show when={c.video.recent().length > 0}>
        <div class="recent">
          <h2>Recent</h2>
          <For each={c.video.recent().slice(0, 6)}>
            {(p) => <button class="recent-item" title={p} onClick={() => void c.video.open(p)}>{p.split(/[\\/]/).pop()}<small>{p}</small></button>}
          </For>
        </div>
      </Show>
    </div>
  );
}
