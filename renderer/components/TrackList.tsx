/** The tracks of this video: select, rename (double-click), show/hide, end at this frame, delete, add. */
import { createSignal, For, Show } from 'solid-js';
import type { Controller } from '../controller';
import { tip } from '../keyboard';
import type { Track } from '../state/tracks';
import { Icon } from './Icon';

export function TrackList(props: { c: Controller }) {
  const c = props.c;
  const { session } = c;
  const [editing, setEditing] = createSignal<number | null>(null);

  // One pass over the results per change (each tracked frame is one): on an hour-long track that is
  // 108,000 results, so the line is built from a single count, not one per number shown.
  const meta = (t: Track) => {
    session.version();
    let tracked = 0;
    let lost = 0;
    for (const r of t.results.values()) r.state === 'lost' ? lost++ : tracked++;
    return `${t.keyframes.size} key · ${tracked} tracked${lost ? ` · ${lost} lost` : ''}${t.endFrame !== null ? ` · ends ${t.endFrame}` : ''}`;
  };

  return (
    <section class="panel tracks-panel">
      <header class="panel-head">
        <span>Tracks</span>
        <button class="icon-btn small" title={tip('new-track')} disabled={!session.video()} data-testid="add-track" onClick={() => session.addTrack()}>
          <Icon name="plus" />
        </button>
      </header>
      <Show when={session.tracks().length > 0} fallback={<p class="hint">{session.video() ? 'Drag a box around the target on the frame to start a track.' : 'No video open.'}</p>}>
        <ul class="track-list" data-testid="track-list">
          <For each={session.tracks()}>
            {(t) => {
              const selected = () => session.selectedId() === t.id;
              return (
                <li classList={{ selected: selected(), hidden: !t.visible }} onClick={() => session.select(t.id)}>
                  <button
                    class="swatch"
                    style={{ background: (session.version(), t.colour) }}
                    title="Change the colour"
                    onClick={(e) => { e.stopPropagation(); session.cycleColour(t.id); }}
                  />
                  <div class="track-main">
                    <Show
                      when={editing() === t.id}
                      fallback={<span class="track-name" onDblClick={() => setEditing(t.id)} title="Double-click to rename">{(session.version(), t.name)}</span>}
                    >
                      <input
                        class="rename"
                        value={t.name}
                        ref={(el) => setTimeout(() => { el.focus(); el.select(); })}
                        onKeyDown={(e) => {
                          if (e.key === 'Enter') { session.renameTrack(t.id, e.currentTarget.value); setEditing(null); }
                          if (e.key === 'Escape') setEditing(null);
                        }}
                        onBlur={(e) => { session.renameTrack(t.id, e.currentTarget.value); setEditing(null); }}
                      />
                    </Show>
                    <span class="track-meta">{meta(t)}</span>
                  </div>
                  <div class="track-actions" onClick={(e) => e.stopPropagation()}>
                    <button class="icon-btn small" title="Rename" onClick={() => setEditing(t.id)}><Icon name="edit" /></button>
                    <button class="icon-btn small" title={tip('hide', t.visible ? 'Hide' : 'Show')} onClick={() => session.setVisible(t.id, !t.visible)}>
                      <Icon name={t.visible ? 'eye' : 'eyeOff'} />
                    </button>
                    <button
                      class="icon-btn small"
                      title={t.endFrame === null ? tip('end-track', `End the track at frame ${session.frame()}`) : 'Let the track run to the end again'}
                      onClick={() => (t.endFrame === null ? session.endTrack(t.id, session.frame()) : session.reopenTrack(t.id))}
                    >
                      <Icon name="end" />
                    </button>
                    <button
                      class="icon-btn small danger"
                      title="Delete the track"
                      onClick={() => { if (confirm(`Delete "${t.name}" and all its boxes?`)) session.deleteTrack(t.id); }}
                    >
                      <Icon name="trash" />
                    </button>
                  </div>
                </li>
              );
            }}
          </For>
        </ul>
      </Show>
    </section>
  );
}
