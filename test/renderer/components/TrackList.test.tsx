// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TrackList } from '../../../renderer/components/TrackList';
import { fakeController } from './fake-controller';

afterEach(cleanup);

describe('track list', () => {
  it('lists tracks with their counts, selects, renames, hides and deletes', async () => {
    const c = fakeController();
    const t = c.session.setBox(null, 0, { x: 1, y: 1, w: 10, h: 10 });
    c.session.addTrack('second');
    render(() => <TrackList c={c} />);
    expect(screen.getByText('Track 1')).toBeTruthy();
    expect(screen.getByText('second')).toBeTruthy();
    expect(screen.getAllByText(/1 key · 0 tracked/)).toHaveLength(1);

    fireEvent.click(screen.getByText('Track 1'));
    expect(c.session.selectedId()).toBe(t.id);

    fireEvent.dblClick(screen.getByText('Track 1'));
    const input = await screen.findByDisplayValue('Track 1');
    fireEvent.input(input, { target: { value: 'cyclist' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(c.session.tracks()[0].name).toBe('cyclist');
    expect(await screen.findByText('cyclist')).toBeTruthy();

    fireEvent.click(screen.getAllByTitle(/^Hide/)[0]);
    expect(c.session.tracks()[0].visible).toBe(false);

    vi.stubGlobal('confirm', () => true);
    fireEvent.click(screen.getAllByTitle('Delete the track')[1]);
    expect(c.session.tracks().map((x) => x.name)).toEqual(['cyclist']);
    vi.unstubAllGlobals();
  });

  it('invites a first box when there is no track', () => {
    const c = fakeController();
    render(() => <TrackList c={c} />);
    expect(screen.getByText(/Drag a box around the target/)).toBeTruthy();
  });
});
