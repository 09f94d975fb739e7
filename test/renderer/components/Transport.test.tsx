// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { Transport } from '../../../renderer/components/Transport';
import { HelpOverlay } from '../../../renderer/components/HelpOverlay';
import { handleKey, SHORTCUTS } from '../../../renderer/keyboard';
import { fakeController } from './fake-controller';

afterEach(cleanup);

describe('transport and shortcuts', () => {
  it('steps, jumps to a typed frame, and shows shortcuts in tooltips', () => {
    const calls: string[] = [];
    const c = fakeController(calls);
    render(() => <Transport c={c} />);
    fireEvent.click(screen.getByTestId('step-forward'));
    fireEvent.click(screen.getByTestId('step-forward'));
    expect(c.session.frame()).toBe(2);
    fireEvent.click(screen.getByTestId('step-back'));
    expect(c.session.frame()).toBe(1);
    const input = screen.getByTestId('frame-input') as HTMLInputElement;
    fireEvent.input(input, { target: { value: '57' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(c.session.frame()).toBe(57);
    expect(input.value).toBe('57');
    expect(screen.getByTestId('track-forward').title).toBe('Track forward / stop (Space)');
    expect(screen.getByTestId('step-back').title).toBe('Previous frame (←)');
    fireEvent.click(screen.getByTestId('track-forward'));
    expect(calls).toContain('forward');
  });

  it('maps keys to actions, but not while typing in a field', () => {
    const calls: string[] = [];
    const c = fakeController(calls);
    const key = (init: KeyboardEventInit, target: EventTarget = document.body) => {
      const e = new KeyboardEvent('keydown', { ...init, bubbles: true, cancelable: true });
      Object.defineProperty(e, 'target', { value: target });
      return handleKey(e, c);
    };
    key({ key: 'ArrowRight', code: 'ArrowRight', shiftKey: true });
    expect(c.session.frame()).toBe(10);
    key({ key: 'End', code: 'End' });
    expect(c.session.frame()).toBe(99);
    key({ key: ' ', code: 'Space' });
    key({ key: ' ', code: 'Space', shiftKey: true });
    expect(calls).toEqual(expect.arrayContaining(['forward', 'backward']));
    expect(key({ key: 'ArrowLeft', code: 'ArrowLeft' }, document.createElement('input'))).toBe(false);
    expect(c.session.frame()).toBe(99);
    key({ key: 'n', code: 'KeyN' });
    expect(c.session.tracks()).toHaveLength(1);
    key({ key: 'z', code: 'KeyZ', ctrlKey: true });
    expect(c.session.tracks()).toHaveLength(0);
  });

  it('lists every shortcut in the help overlay', () => {
    const c = fakeController();
    c.ui.setHelpOpen(true);
    render(() => <HelpOverlay c={c} />);
    for (const s of SHORTCUTS) expect(screen.getByText(s.label)).toBeTruthy();
  });
});
