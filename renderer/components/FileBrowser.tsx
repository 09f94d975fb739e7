/**
 * The in-page file browser (browser host): folders and files under the host's --root folders,
 * for opening and for choosing where to save. The host refuses anything outside its roots,
 * so this is convenience, not the security boundary.
 */
import { createEffect, createSignal, For, on, Show } from 'solid-js';
import type { DirEntry } from '../../common/contract';
import type { Controller } from '../controller';
import { messageOf } from '../state/notices';
import type { FileFilter } from '../state/ui';
import { formatBytes } from '../view/format';
import { Icon } from './Icon';

function sepOf(path: string) {
  return path.includes('\\') && !path.includes('/') ? '\\' : '/';
}
function join(dir: string, name: string) {
  const s = sepOf(dir);
  return dir.endsWith(s) ? dir + name : dir + s + name;
}
function split(path: string): { dir: string; name: string } {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? { dir: '', name: path } : { dir: path.slice(0, i) || '/', name: path.slice(i + 1) };
}
function matches(name: string, filter: FileFilter | undefined) {
  if (!filter || filter.extensions.includes('*')) return true;
  const ext = name.split('.').pop()?.toLowerCase() ?? '';
  return filter.extensions.includes(ext);
}

/**
 * Focus a field once the dialog is on screen, unless the analyst is already typing in another
 * field: a quick click into the path box and Enter must not land in the file name instead (which
 * would save under the default name; seen under load in the e2e run).
 */
function focusSoon(el: HTMLInputElement, select = false): void {
  setTimeout(() => {
    const active = document.activeElement;
    if (active instanceof HTMLInputElement && active !== el) return;
    el.focus();
    if (select) el.select();
  });
}

export function FileBrowser(props: { c: Controller }) {
  const c = props.c;
  const req = () => c.ui.filePick();
  const [dir, setDir] = createSignal<string | undefined>(undefined);
  const [parent, setParent] = createSignal<string | null>(null);
  const [entries, setEntries] = createSignal<DirEntry[]>([]);
  const [selected, setSelected] = createSignal<string | null>(null);
  const [name, setName] = createSignal('');
  const [filterIndex, setFilterIndex] = createSignal(0);
  const [error, setError] = createSignal<string | null>(null);
  const [typed, setTyped] = createSignal('');
  /**
   * A listing is loading. The path box is read-only meanwhile: a listing that landed between the
   * analyst selecting the box's text and typing put its own path under the caret, and the typed
   * path was appended to it (seen under load in the e2e run).
   */
  const [busy, setBusy] = createSignal(false);

  let listing = 0;
  async function list(path: string | undefined) {
    const mine = ++listing;
    setBusy(true);
    try {
      const r = await c.bridge.invoke('fs:list', { path });
      if (mine !== listing) return; // a later navigation won the race
      setDir(r.path);
      setTyped(r.path);
      setParent(r.parent);
      setEntries(r.entries);
      setSelected(null);
      setError(null);
    } catch (e) {
      if (mine === listing) setError(messageOf(e));
    } finally {
      if (mine === listing) setBusy(false);
    }
  }

  createEffect(on(req, (r) => {
    if (!r) return;
    setFilterIndex(0);
    if (r.mode === 'save' && r.defaultPath) {
      const { dir: d, name: n } = split(r.defaultPath);
      setName(n);
      void list(d).then(() => { if (error()) void list(undefined); });
    } else {
      setName('');
      void list(dir());
    }
  }));

  const visible = () => entries().filter((e) => e.kind === 'dir' || matches(e.name, req()?.filters[filterIndex()]));
  const finish = (path: string | null) => c.ui.finishPick(path);
  const accept = () => {
    const r = req();
    if (!r) return;
    if (r.mode === 'open') {
      const s = selected();
      if (s) finish(s);
    } else if (name().trim() && dir()) {
      finish(join(dir()!, name().trim()));
    }
  };
  const goTyped = () => {
    const t = typed().trim();
    if (!t) return;
    const r = req();
    // A typed path to a file: open it directly (the host still checks it).
    if (r?.mode === 'open' && /\.[A-Za-z0-9]{1,5}$/.test(t)) return finish(t);
    void list(t);
  };

  return (
    <Show when={req()}>
      {(r) => (
        <div class="modal-backdrop" onKeyDown={(e) => { if (e.key === 'Escape') finish(null); }}>
          <div class="modal file-browser" role="dialog" aria-label={r().title} data-testid="file-browser" data-dir={dir() ?? ''}>
            <header class="modal-head">
              <span>{r().title}</span>
              <button class="icon-btn" title="Cancel (Esc)" onClick={() => finish(null)}><Icon name="close" /></button>
            </header>
            <div class="path-bar">
              <button class="icon-btn" title="Up one folder" disabled={!parent()} onClick={() => void list(parent() ?? undefined)}><Icon name="up" /></button>
              <button class="tool-btn" title="The folders this host may use" onClick={() => void list(undefined)}>Roots</button>
              <input
                class="path-input"
                data-testid="path-input"
                ref={(el) => { if (r().mode === 'open') focusSoon(el); }}
                value={typed()}
                readOnly={busy()}
                aria-busy={busy()}
                onInput={(e) => setTyped(e.currentTarget.value)}
                onKeyDown={(e) => { if (e.key === 'Enter') goTyped(); }}
                spellcheck={false}
              />
            </div>
            <Show when={error()}><div class="inline-error">{error()}</div></Show>
            <ul class="entries" data-testid="entries">
              <For each={visible()} fallback={<li class="muted empty">Nothing here{req()?.filters.length ? ' that matches the filter' : ''}.</li>}>
                {(e) => (
                  <li
                    classList={{ selected: selected() === e.path, dir: e.kind === 'dir' }}
                    data-name={e.name}
                    onClick={() => {
                      if (e.kind === 'dir') return void list(e.path);
                      setSelected(e.path);
                      if (r().mode === 'save') setName(e.name);
                    }}
                    onDblClick={() => { if (e.kind === 'file') { setSelected(e.path); accept(); } }}
                  >
                    <Icon name={e.kind === 'dir' ? 'folder' : 'file'} />
                    <span class="entry-name">{e.name}</span>
                    <span class="entry-size">{e.kind === 'file' ? formatBytes(e.size) : ''}</span>
                  </li>
                )}
              </For>
            </ul>
            <footer class="modal-foot">
              <Show when={r().mode === 'save'}>
                <input class="name-input" data-testid="file-name" ref={(el) => focusSoon(el, true)} placeholder="file name" value={name()} onInput={(e) => setName(e.currentTarget.value)} onKeyDown={(e) => { if (e.key === 'Enter') accept(); }} />
              </Show>
              <select value={filterIndex()} onChange={(e) => setFilterIndex(Number(e.currentTarget.value))}>
                <For each={r().filters}>{(f, i) => <option value={i()}>{f.name} ({f.extensions.map((x) => (x === '*' ? '*' : `*.${x}`)).join(', ')})</option>}</For>
              </select>
              <div class="spacer" />
              <button class="tool-btn" onClick={() => finish(null)}>Cancel</button>
              <button
                class="tool-btn primary"
                data-testid="file-accept"
                disabled={r().mode === 'open' ? !selected() : !name().trim()}
                onClick={accept}
              >
                {r().mode === 'open' ? 'Open' : 'Save'}
              </button>
            </footer>
          </div>
        </div>
      )}
    </Show>
  );
}
