/** Messages (errors stay until dismissed) and the progress of the one long task, with Cancel. */
import { For, Show } from 'solid-js';
import type { Controller } from '../controller';
import { Icon } from './Icon';

export function Notices(props: { c: Controller }) {
  const n = props.c.notices;
  return (
    <>
      <div class="notices" aria-live="polite" data-testid="notices">
        <For each={n.notices()}>
          {(m) => (
            <div class={`notice ${m.level}`} role={m.level === 'error' ? 'alert' : 'status'} data-testid={`notice-${m.level}`}>
              <span class="notice-text">{m.text}</span>
              <button class="icon-btn small" title="Dismiss" onClick={() => n.dismiss(m.id)}><Icon name="close" /></button>
            </div>
          )}
        </For>
      </div>
      <Show when={n.progress()}>
        {(p) => (
          <div class="progress-overlay" data-testid="progress">
            <div class="progress-card">
              <div class="progress-label">{p().label}</div>
              <div class="progress-bar" classList={{ indeterminate: p().total === 0 }}>
                <div style={{ width: p().total ? `${(100 * p().done) / p().total}%` : '40%' }} />
              </div>
              <Show when={p().cancel}>
                <button class="tool-btn" onClick={() => p().cancel?.()}>Cancel</button>
              </Show>
            </div>
          </div>
        )}
      </Show>
    </>
  );
}
