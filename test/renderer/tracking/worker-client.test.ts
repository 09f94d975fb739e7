import { describe, expect, it } from 'vitest';
import { TrackerWorker, type WorkerLike } from '../../../renderer/tracking/worker-client';

/** A worker that records what it is sent and answers only when told. */
function fakeWorker() {
  const sent: { type: string; seq: number }[] = [];
  let terminated = false;
  const w: WorkerLike = {
    postMessage: (msg) => { sent.push(msg as { type: string; seq: number }); },
    terminate: () => { terminated = true; },
    onmessage: null,
    onerror: null,
  };
  return { w, sent, terminated: () => terminated };
}

const frame = { index: 3, timeS: 0.1, width: 2, height: 1, data: new Uint8Array(8) };

describe('TrackerWorker', () => {
  it('matches replies to requests and reports the chosen backend', async () => {
    const { w, sent } = fakeWorker();
    const tw = new TrackerWorker(w);
    const loading = tw.load('fusion', {}, 'auto');
    expect(sent[0]).toMatchObject({ type: 'load', tracker: 'fusion', backend: 'auto' });
    w.onmessage!({ data: { type: 'loaded', seq: sent[0].seq, backend: 'WASM ×2', reason: 'WASM, 2 threads: no WebGPU', ms: 5 } } as MessageEvent);
    expect(await loading).toEqual({ backend: 'WASM ×2', reason: 'WASM, 2 threads: no WebGPU' });
    expect(tw.alive).toBe(true);
  });

  it('after a crash, fails what was waiting and everything after, and says it is no longer alive', async () => {
    const { w, sent } = fakeWorker();
    const tw = new TrackerWorker(w);
    const pending = tw.track(frame);
    expect(sent).toHaveLength(1);
    w.onerror!({ message: 'Uncaught RangeError: out of memory' } as ErrorEvent);
    await expect(pending).rejects.toThrow(/the tracker worker crashed: Uncaught RangeError: out of memory/);
    expect(tw.alive).toBe(false);
    await expect(tw.track(frame)).rejects.toThrow(/crashed/);
    expect(sent).toHaveLength(1); // nothing more is posted to a dead worker
  });

  it('is not alive once terminated', async () => {
    const { w, terminated } = fakeWorker();
    const tw = new TrackerWorker(w);
    tw.terminate();
    expect(terminated()).toBe(true);
    expect(tw.alive).toBe(false);
    await expect(tw.init(frame, { x: 0, y: 0, w: 1, h: 1 })).rejects.toThrow(/stopped/);
  });
});
