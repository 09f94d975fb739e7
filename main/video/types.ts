export interface VideoInfo {
  path: string;
  width: number;
  height: number;
  fps: number;
  frameCount: number;
  durationS: number;
  /** Display rotation in degrees (0, 90, 180, 270); width/height above are already as displayed. */
  rotation: number;
  codec: string;
}

/** A failure the user can act on: its message is one line, shown without a stack trace. */
export class VideoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VideoError';
  }
}
