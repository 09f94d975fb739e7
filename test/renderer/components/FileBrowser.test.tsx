// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { FileBrowser } from '../../../renderer/components/FileBrowser';
import { fakeController } from './fake-controller';

afterEach(cleanup);

/** A controller whose fs:list answers only when the test says so. */
function withSlowListing() {
  const c = fakeController();
  const pending: ((v: unknown) => void)[] = [];
  const listed = (path: string) => ({ path, parent: '/', entries: [{ name: 'clip.mp4', path: `${path}/clip.mp4`, kind: 'file' }] });
  Object.assign(c.bridge, {
    invoke: (channel: string, req: { path?: string }) => {
      if (channel !== 'fs:list') throw new Error(`unexpected ${channel}`);
      return new Promise((resolve) => pending.push(() => resolve(listed(req.path ?? '/videos'))));
    },
  });
  return { c, answer: async () => { pending.shift()?.(undefined); await new Promise((r) => setTimeout(r, 0)); } };
}

describe('the in-page file browser', () => {
  it('keeps the path box read-only until the listing shows where the dialog is, then opens a typed path', async () => {
    const { c, answer } = withSlowListing();
    render(() => <FileBrowser c={c} />);
    const picked = c.ui.pickFile({ mode: 'open', title: 'Open a video', filters: [] });
    const input = (await screen.findByTestId('path-input')) as HTMLInputElement;
    // Typing before the listing lands would end up after the listed path; the box refuses it.
    expect(input.readOnly).toBe(true);
    await answer();
    expect(input.readOnly).toBe(false);
    expect(input.value).toBe('/videos');
    fireEvent.input(input, { target: { value: '/data/run1.mp4' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(await picked).toBe('/data/run1.mp4');
  });

  it('shows the listed folder in the path box when nothing was typed', async () => {
    const { c, answer } = withSlowListing();
    render(() => <FileBrowser c={c} />);
    void c.ui.pickFile({ mode: 'open', title: 'Open a video', filters: [] });
    const input = (await screen.findByTestId('path-input')) as HTMLInputElement;
    await answer();
    expect(input.value).toBe('/videos');
    expect(screen.getByTestId('file-browser').dataset.dir).toBe('/videos');
  });

  it('save dialog: the file name takes the focus, unless the analyst is already typing a path', async () => {
    const { c } = withSlowListing();
    render(() => <FileBrowser c={c} />);
    void c.ui.pickFile({ mode: 'save', title: 'Save', filters: [], defaultPath: '/videos/a.json' });
    const path = (await screen.findByTestId('path-input')) as HTMLInputElement;
    const name = screen.getByTestId('file-name') as HTMLInputElement;
    path.focus(); // before the dialog's deferred focus runs
    await new Promise((r) => setTimeout(r, 10));
    expect(document.activeElement).toBe(path);
    cleanup();

    const again = withSlowListing();
    render(() => <FileBrowser c={again.c} />);
    void again.c.ui.pickFile({ mode: 'save', title: 'Save', filters: [], defaultPath: '/videos/a.json' });
    await screen.findByTestId('path-input');
    await new Promise((r) => setTimeout(r, 10));
    expect(document.activeElement).toBe(screen.getByTestId('file-name'));
    expect(name).not.toBe(screen.getByTestId('file-name')); // a fresh dialog
  });
});
