/** The keyboard-shortcut overlay (?), generated from the one shortcut table. */
import { For, Show } from 'solid-js';
import type { Controller } from '../controller';
import { SHORTCUTS } from '../keyboard';
import { Icon } from './Icon';

const GROUPS = ['Tracking', 'Navigation', 'Tracks', 'View', 'Files'] as const;

export function HelpOverlay(props: { c: Controller }) {
  const c = props.c;
  return (
    <Show when={c.ui.helpOpen()}>
      <div class="modal-backdrop" onClick={() => c.ui.setHelpOpen(false)}>
        <div class="modal help" role="dialog" aria-label="Keyboard shortcuts" data-testid="help-overlay" onClick={(e) => e.stopPropagation()}>
          <header class="modal-head">
            <span>Keyboard shortcuts</span>
            <button class="icon-btn" title="Close (Esc)" onClick={() => c.ui.setHelpOpen(false)}><Icon name="close" /></button>
          </header>
          <div class="help-grid">
            <For each={GROUPS}>
              {(g) => (
                <section>
                  <h3>{g}</h3>
                  <dl>
                    <For each={SHORTCUTS.filter((s) => s.group === g)}>
                      {(s) => (<><dt><kbd>{s.keys}</kbd></dt><dd>{s.label}</dd></>)}
                    </For>
                  </dl>
                </section>
              )}
            </For>
            <section>
              <h3>Mouse</h3>
              <dl>
                <dt><kbd>Drag</kbd></dt><dd>Draw the selected track's box on this frame (a keyframe)</dd>
                <dt><kbd>Drag box / handle</kbd></dt><dd>Move / resize it (a keyframe)</dd>
                <dt><kbd>Wheel</kbd></dt><dd>Zoom at the pointer</dd>
                <dt><kbd>Right / middle drag</kbd></dt><dd>Pan (or Alt+drag)</dd>
                <dt><kbd>Double-click</kbd></dt><dd>Fit to the window</dd>
              </dl>
            </section>
          </div>
          <p class="help-note">
            Keyframes (◆) are your boxes: tracking restarts from them, and changing one marks the tracked frames after it
            stale (grey) until you re-track them (R or Space). Lost frames are red in the confidence strip.
          </p>
        </div>
      </div>
    </Show>
  );
}
