/**
 * Response maps of tracked frames, kept for the response-map panel: a byte-bounded LRU
 * (maps are small for NanoTrack, larger for the correlation filter; they are not saved).
 */
import type { ResponseMsg } from '../../workers/protocol';

export class ResponseStore {
  private readonly maps = new Map<string, ResponseMsg>();
  private bytes = 0;

  constructor(private readonly budgetBytes = 64 * 1024 * 1024) {}

  private static key(trackId: number, frame: number) {
    return `${trackId}:${frame}`;
  }

  get(trackId: number, frame: number): ResponseMsg | undefined {
    return this.maps.get(ResponseStore.key(trackId, frame));
  }

  set(trackId: number, frame: number, map: ResponseMsg): void {
    const key = ResponseStore.key(trackId, frame);
    this.delete(key);
    this.maps.set(key, map);
    this.bytes += map.data.byteLength;
    while (this.bytes > this.budgetBytes && this.maps.size > 1) this.delete(this.maps.keys().next().value as string);
  }

  /** Forget one frame's map (the analyst replaced the tracker's box there). */
  forgetFrame(trackId: number, frame: number): void {
    this.delete(ResponseStore.key(trackId, frame));
  }

  /** Forget a track's maps from `frame` on (a re-track or an edit makes them outdated). */
  forget(trackId: number, frame = 0): void {
    for (const key of [...this.maps.keys()]) {
      const [t, f] = key.split(':').map(Number);
      if (t === trackId && f >= frame) this.delete(key);
    }
  }

  clear(): void {
    this.maps.clear();
    this.bytes = 0;
  }

  private delete(key: string) {
    const m = this.maps.get(key);
    if (m) {
      this.bytes -= m.data.byteLength;
      this.maps.delete(key);
    }
  }
}
