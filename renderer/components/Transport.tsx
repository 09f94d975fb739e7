/** Frame stepping and tracking controls above the timeline, with the frame-number field. */
import { createEffect, createSignal, Show } from 'solid-js';
import type { Controller } from '../controller';
import { tip } from '../keyboard';
import { formatTime } from '../view/format';
import { Icon } from './Icon';

export function Transport(props: { c: Controller }) {
  const c = props.c;
  const { session } = c;
  const [text, setText] = createSignal('0');
  createEffect(() => setText(String(session.frame())));
  const go = (f: number) => {
    c.tracking.stop();
    session.goTo(f);
  };
  const disabled = () => !session.video();
  const running = () => session.tracking();
  const time = () => {
    const v = session.video();
    return v ? formatTime(v.frameTimesS?.[session.frame()] ?? session.frame() / v.fps) : '--:--.---';
  };

  return (
    <div class="transport">
      <div class="btn-group">
        <button class="icon-btn" disabled={disabled()} title={tip('first')} onClick={() => go(0)}><Icon name="first" /></button>
        <button class="icon-btn" disabled={disabled()} title={tip('prev10')} onClick={() => go(session.frame() - 10)}><Icon name="prev10" /></button>
        <button class="icon-btn" disabled={disabled()} title={tip('prev')} data-testid="step-back" onClick={() => go(session.frame() - 1)}><Icon name="prev" /></button>
      </div>
      <div class="btn-group track-buttons">
        <button
          class="track-btn"
          classList={{ active: running()?.direction === -1 }}
          disabled={disabled()}
          title={tip('track-back')}
          data-testid="track-backward"
          onClick={() => void c.tracking.backward()}
        >
          <Icon name={running()?.direction === -1 ? 'stop' : 'back'} /> <span>Track back</span>
        </button>
        <button
          class="track-btn primary"
          classList={{ active: running()?.direction === 1 }}
          disabled={disabled()}
          title={tip('track')}
          data-testid="track-forward"
          onClick={() => void c.tracking.forward()}
        >
          <Icon name={running()?.direction === 1 ? 'stop' : 'play'} /> <span>{running()?.direction === 1 ? 'Stop' : 'Track'}</span>
        </button>
      </div>
      <div class="btn-group">
        <button class="icon-btn" disabled={disabled()} title={tip('next')} data-testid="step-forward" onClick={() => go(session.frame() + 1)}><Icon name="next" /></button>
        <button class="icon-btn" disabled={disabled()} title={tip('next10')} onClick={() => go(session.frame() + 10)}><Icon name="next10" /></button>
        <button class="icon-btn" disabled={disabled()} title={tip('last')} onClick={() => go(session.lastFrame())}><Icon name="last" /></button>
      </div>
      <label class="frame-field" title={tip('goto')}>
        <span>Frame</span>
        <input
          id="frame-input"
          data-testid="frame-input"
          type="text"
          inputmode="numeric"
          disabled={disabled()}
          value={text()}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              const n = Number.parseInt(text(), 10);
              if (Number.isFinite(n)) go(n);
              e.currentTarget.blur();
            } else if (e.key === 'Escape') {
              setText(String(session.frame()));
              e.currentTarget.blur();
            }
          }}
          onBlur={() => setText(String(session.frame()))}
        />
        <span class="muted">/ {Math.max(0, (session.video()?.frameCount ?? 1) - 1)}</span>
      </label>
      <span class="time" data-testid="time">{time()}</span>
      <div class="spacer" />
      <Show when={running()}>
        {(r) => (
          <span class="tracking-live" data-testid="tracking-live">
            <span class="pulse" /> tracking {r().direction === 1 ? 'forward' : 'backward'} · {r().fps.toFixed(1)} fps · {r().workerMs.toFixed(0)} ms/frame
          </span>
        )}
      </Show>
      <button class="icon-btn" disabled={disabled()} title={tip('retrack')} onClick={() => void c.tracking.retrackStale()}><Icon name="retrack" /></button>
      <button class="icon-btn" disabled={disabled()} title={tip('fit')} onClick={() => c.ui.sendView('fit')}><Icon name="fit" /></button>
    </div>
  );
}
