/**
 * The renderer's handle on workers/track.worker.ts: each call posts one message and resolves
 * with the matching reply. Several track() calls may be outstanding; the worker answers
 * them in order, so the pipeline stays full while the renderer fetches the next frames.
 */
import type { Box } from '../../common/box';
import type { LoadedModels } from '../../models/manifest';
import { transferables, type BackendSetting, type FrameMsg, type FromWorker, type ToWorker } from '../../workers/protocol';
import type { TrackReply } from './run';

/** What the worker chose to run the networks on, and why. */
export interface LoadedBackend {
  backend: string;
  reason: string;
}

export interface WorkerLike {
  postMessage(msg: unknown, transfer: Transferable[]): void;
  terminate(): void;
  onmessage: ((ev: MessageEvent) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
}

interface Waiter {
  resolve(msg: FromWorker): void;
  reject(e: Error): void;
}

type ToWorkerBody = ToWorker extends infer M ? (M extends { seq: number } ? Omit<M, 'seq'> : never) : never;

export class TrackerWorker {
  private readonly waiting = new Map<number, Waiter>();
  private seq = 1;
  private dead: Error | null = null;

  constructor(private readonly worker: WorkerLike) {
    worker.onmessage = (ev) => this.receive(ev.data as FromWorker);
    worker.onerror = (ev) => {
      ev.preventDefault?.(); // handled here: not also an uncaught error of the page
      this.fail(new Error(`the tracker worker crashed: ${ev.message || 'unknown error'}`));
    };
  }

  /** False once the worker crashed or was stopped: every call then fails, so make a new one. */
  get alive(): boolean {
    return this.dead === null;
  }

  async load(tracker: string, models: LoadedModels, backend: BackendSetting): Promise<LoadedBackend> {
    const reply = await this.send({ type: 'load', tracker, models, backend });
    if (reply.type !== 'loaded') throw new Error('unexpected reply to load');
    return { backend: reply.backend, reason: reply.reason };
  }

  /** Start a track on `frame`; the frame's buffer comes back with the reply. */
  async init(frame: FrameMsg, box: Box): Promise<FrameMsg> {
    const reply = await this.send({ type: 'init', frame, box });
    if (reply.type !== 'inited') throw new Error('unexpected reply to init');
    return reply.frame;
  }

  async track(frame: FrameMsg): Promise<TrackReply> {
    const reply = await this.send({ type: 'track', frame });
    if (reply.type !== 'result') throw new Error('unexpected reply to track');
    return reply;
  }

  terminate(): void {
    this.fail(new Error('the tracker worker was stopped'));
    this.worker.terminate();
  }

  private send(body: ToWorkerBody): Promise<FromWorker> {
    if (this.dead) return Promise.reject(this.dead);
    const msg = { ...body, seq: this.seq++ } as ToWorker;
    return new Promise((resolve, reject) => {
      this.waiting.set(msg.seq, { resolve, reject });
      this.worker.postMessage(msg, transferables(msg));
    });
  }

  private receive(msg: FromWorker) {
    const w = this.waiting.get(msg.seq);
    if (!w) return;
    this.waiting.delete(msg.seq);
    if (msg.type === 'error') w.reject(Object.assign(new Error(msg.message), { frame: msg.frame }));
    else w.resolve(msg);
  }

  private fail(e: Error) {
    this.dead = e;
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }
}
