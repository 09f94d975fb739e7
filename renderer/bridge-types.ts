/** The bridge's shape as the rest of the renderer sees it (see bridge.ts). */
import {
  parseResponse, type Channel, type Envelope, type FramePayload, type FrameStreamRequest, type MenuCommand, type Request, type Response,
} from '../common/contract';

/** What the preload script exposes: raw envelopes, validated here. */
export interface PreloadApi {
  invoke(channel: string, request: unknown): Promise<Envelope<unknown>>;
  onMenu(listener: (command: MenuCommand) => void): () => void;
  /** Electron only: the file-system path of a dropped File. */
  pathForFile?(file: File): string;
}

export interface Bridge {
  readonly shell: 'electron' | 'browser';
  invoke<C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>>;
  onMenu(listener: (command: MenuCommand) => void): () => void;
  pathForFile(file: File): string | null;
  /** Called once when the connection to the services is lost for good (browser host stopped). */
  onDisconnect(listener: (reason: string) => void): void;
  /**
   * Frames `from`, `from + 1`, ... in one stream, read as the caller pulls (browser host only:
   * common/contract.ts FRAME_STREAM_PATH); absent where one request per frame is all there is.
   */
  frameStream?(request: FrameStreamRequest, signal: AbortSignal): AsyncGenerator<FramePayload>;
}

export function unwrap<C extends Channel>(channel: C, reply: Envelope<unknown>): Response<C> {
  if (!reply || typeof reply !== 'object') throw new Error(`no reply to ${channel}`);
  if (!reply.ok) throw new Error(reply.error);
  return parseResponse(channel, reply.value);
}
