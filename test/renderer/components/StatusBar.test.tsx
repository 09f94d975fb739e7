// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import { Header } from '../../../renderer/components/Header';
import { StatusBar } from '../../../renderer/components/StatusBar';
import type { BackendSetting } from '../../../workers/protocol';
import { fakeController } from './fake-controller';

afterEach(cleanup);

describe('backend in the status bar and its setting in the header', () => {
  it('shows the backend with the network ms per frame, and why on hover', () => {
    const c = fakeController();
    const [netMs, setNetMs] = createSignal<number | null>(null);
    Object.assign(c.tracking, { backend: () => 'WebGPU', backendReason: () => 'WebGPU (nvidia ampere): WebGPU 3.2 vs WASM 21.0 ms/frame', netMs });
    render(() => <StatusBar c={c} />);
    const status = screen.getByTestId('backend-status');
    expect(status.textContent).toBe('WebGPU');
    expect(status.title).toMatch(/WebGPU 3\.2 vs WASM 21\.0/);
    setNetMs(3.456);
    expect(status.textContent).toBe('WebGPU · network 3.5 ms/frame');
  });

  it('says while a seek proxy is being prepared and when seeks are fast; nothing for videos without one', () => {
    const c = fakeController();
    const [state, setState] = createSignal<'pending' | 'ready' | 'none'>('none');
    Object.assign(c.video, { fastSeeks: state });
    render(() => <StatusBar c={c} />);
    expect(screen.queryByTestId('seek-status')).toBeNull();
    setState('pending');
    expect(screen.getByTestId('seek-status').textContent).toBe('preparing fast seeks…');
    expect(screen.getByTestId('seek-status').title).toMatch(/lossless copy/);
    setState('ready');
    expect(screen.getByTestId('seek-status').textContent).toBe('fast seeks');
  });

  it('shows nothing about the backend before a tracker is loaded', () => {
    render(() => <StatusBar c={fakeController()} />);
    expect(screen.queryByTestId('backend-status')).toBeNull();
  });

  it('offers auto, WebGPU and WASM, and passes the choice on', () => {
    const c = fakeController();
    const chosen: BackendSetting[] = [];
    Object.assign(c.tracking, { setBackendSetting: (v: BackendSetting) => chosen.push(v) });
    render(() => <Header c={c} trackers={['fusion']} />);
    const select = screen.getByTestId('backend-select') as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['auto', 'webgpu', 'wasm']);
    expect(select.value).toBe('auto');
    fireEvent.change(select, { target: { value: 'wasm' } });
    expect(chosen).toEqual(['wasm']);
  });
});
