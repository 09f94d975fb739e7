/**
 * The one list of bridge messages between the renderer and the main-process services.
 * Electron IPC (main/ipc.ts + main/preload.ts) and the browser host (main/host/) speak
 * exactly this contract: every channel name lives here, with zod schemas that both ends
 * use to validate payloads at run time. Pixels and model bytes travel as Uint8Array,
 * never as JSON numbers or base64 (see common/wire.ts for the WebSocket framing).
 */
import { z } from 'zod';
import { frameByteLength, PIXEL_FORMATS, YUV_MATRICES, type PixelFormat, type YuvMatrix } from './frame';
import { PreferencesSchema } from './preferences';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const nonNegInt = z.number().int().nonnegative();
const filePath = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'path must not contain NUL');
const bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected a Uint8Array');

export const BoxSchema = z.object({ x: finite, y: finite, w: finite, h: finite });

export const VideoInfoSchema = z.object({
  /** Opaque handle for later frame requests. */
  videoId: z.string().min(1),
  path: z.string(),
  name: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  fps: z.number().positive(),
  frameCount: nonNegInt,
  durationS: z.number().nonnegative(),
  codec: z.string().optional(),
  /** Presentation time of every frame (seconds), when the service knows them (variable frame rate). */
  frameTimesS: z.array(z.number()).optional(),
});
export type VideoInfo = z.infer<typeof VideoInfoSchema>;

export const FramePayloadSchema = z.object({
  index: nonNegInt,
  timeS: z.number().nonnegative(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Layout of `data` (common/frame.ts): absent is RGBA; main sends i420, 2.7x fewer bytes. */
  format: z.enum(PIXEL_FORMATS as [PixelFormat, ...PixelFormat[]]).optional(),
  /** i420 only: the matrix that makes the RGB ffmpeg would give. */
  matrix: z.enum(YUV_MATRICES as [YuvMatrix, ...YuvMatrix[]]).optional(),
  data: bytes,
}).refine((f) => f.data.byteLength === frameByteLength(f.format ?? 'rgba', f.width, f.height), 'frame data size does not match its format and size');
export type FramePayload = z.infer<typeof FramePayloadSchema>;

/**
 * The browser host's frame stream: `POST FRAME_STREAM_PATH` with this body answers with `count`
 * frames from `from` on in one HTTP response, each an Envelope of a FramePayload in the wire
 * format (common/wire.ts), back to back; an error envelope ends it. Tracking reads frames this
 * way: Chromium spends several times less CPU on one long response than on a request per frame.
 */
export const FRAME_STREAM_PATH = '/frames';
export const MAX_STREAM_FRAMES = 1024;
export const FrameStreamRequestSchema = z.object({
  videoId: z.string().min(1),
  from: nonNegInt,
  count: z.number().int().min(1).max(MAX_STREAM_FRAMES),
}).strict();
export type FrameStreamRequest = z.infer<typeof FrameStreamRequestSchema>;

export const DirEntrySchema = z.object({
  name: z.string(),
  path: z.string(),
  kind: z.enum(['dir', 'file']),
  size: z.number().nonnegative(),
});
export type DirEntry = z.infer<typeof DirEntrySchema>;

export const ModelFilesSchema = z.object({
  tracker: z.string(),
  /** Model bytes by model id and file role (LoadedModels), sha256-verified in main. */
  models: z.record(z.string(), z.record(z.string(), bytes)),
});

export const AppInfoSchema = z.object({
  version: z.string(),
  /** Which transport serves the renderer: native dialogs exist only under Electron. */
  shell: z.enum(['electron', 'browser']),
  /** Folders the browser host may read and write (empty under Electron: native dialogs choose). */
  roots: z.array(z.string()),
  trackers: z.array(z.string()),
  defaultTracker: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

const empty = z.object({}).strict();
const fileFilter = z.object({ name: z.string(), extensions: z.array(z.string().regex(/^[\w*]+$/)) });

/**
 * Request/response channels (renderer invokes, main answers). Keys are the channel names
 * on the wire; `request` is validated in main before any handler runs, `response` in the
 * renderer before the value is used.
 */
export const INVOKE = {
  'app:info': { request: empty, response: AppInfoSchema },
  'video:open': { request: z.object({ path: filePath }).strict(), response: VideoInfoSchema },
  'video:sample': { request: empty, response: z.object({ path: z.string() }) },
  'video:close': { request: z.object({ videoId: z.string().min(1) }).strict(), response: empty },
  /** Answers once known (seconds, while a seek proxy is built): do seeks in this video decode only what they show? */
  'video:fast-seeks': { request: z.object({ videoId: z.string().min(1) }).strict(), response: z.object({ fastSeeks: z.boolean() }) },
  'video:frame': {
    request: z.object({ videoId: z.string().min(1), index: nonNegInt }).strict(),
    response: FramePayloadSchema,
  },
  'models:load': { request: z.object({ tracker: z.string().min(1).max(64) }).strict(), response: ModelFilesSchema },
  'fs:list': {
    request: z.object({ path: filePath.optional() }).strict(),
    response: z.object({ path: z.string(), parent: z.string().nullable(), entries: z.array(DirEntrySchema) }),
  },
  'fs:read-text': {
    request: z.object({ path: filePath }).strict(),
    response: z.object({ path: z.string(), text: z.string() }),
  },
  'fs:write-text': {
    request: z.object({ path: filePath, text: z.string().max(256 * 1024 * 1024) }).strict(),
    response: z.object({ path: z.string() }),
  },
  /** Crash-recovery copy of the project, kept by main in its own data folder (keyed by video path). */
  'project:autosave': {
    request: z.object({ videoPath: filePath, text: z.string().max(256 * 1024 * 1024) }).strict(),
    response: z.object({ path: z.string(), savedAt: z.number() }),
  },
  'project:recover': {
    request: z.object({ videoPath: filePath }).strict(),
    response: z.object({ text: z.string().nullable(), path: z.string().nullable() }),
  },
  /** This computer's preferences (common/preferences.ts), kept by main in its data folder. */
  'prefs:get': { request: empty, response: PreferencesSchema },
  'prefs:set': { request: PreferencesSchema.partial().strict(), response: PreferencesSchema },
  'recent:list': { request: empty, response: z.object({ paths: z.array(z.string()) }) },
  'recent:add': { request: z.object({ path: filePath }).strict(), response: z.object({ paths: z.array(z.string()) }) },
  /** Native dialogs (Electron only; the browser host answers with its in-page file browser instead). */
  'dialog:open': {
    request: z.object({ title: z.string().max(200), filters: z.array(fileFilter).max(8) }).strict(),
    response: z.object({ path: z.string().nullable() }),
  },
  'dialog:save': {
    request: z.object({ title: z.string().max(200), defaultPath: z.string().max(4096), filters: z.array(fileFilter).max(8) }).strict(),
    response: z.object({ path: z.string().nullable() }),
  },
} as const;

export type Channel = keyof typeof INVOKE;
export type Request<C extends Channel> = z.input<(typeof INVOKE)[C]['request']>;
export type ParsedRequest<C extends Channel> = z.output<(typeof INVOKE)[C]['request']>;
export type Response<C extends Channel> = z.output<(typeof INVOKE)[C]['response']>;

export const CHANNELS = Object.keys(INVOKE) as Channel[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(INVOKE, name);
}

/** Menu commands main sends to the renderer (Electron menu; the browser host has the toolbar only). */
export const MENU_EVENT = 'menu:command';
export const MenuCommandSchema = z.enum([
  'open-video', 'open-sample', 'save-project', 'open-project', 'export-csv', 'export-all-csv', 'export-mot',
  'import-csv', 'help', 'zoom-fit', 'zoom-in', 'zoom-out', 'undo', 'redo',
]);
export type MenuCommand = z.infer<typeof MenuCommandSchema>;

/** Every reply is an envelope, so a failure reaches the UI as a readable one-line message. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: string };

/** Validate a request in main; throws a readable message when it is malformed. */
export function parseRequest<C extends Channel>(channel: C, payload: unknown): ParsedRequest<C> {
  const r = INVOKE[channel].request.safeParse(payload ?? {});
  if (!r.success) throw new Error(`bad ${channel} request: ${describeIssues(r.error)}`);
  return r.data as ParsedRequest<C>;
}

/** Validate a frame stream request in main; throws a readable message when it is malformed. */
export function parseFrameStreamRequest(payload: unknown): FrameStreamRequest {
  const r = FrameStreamRequestSchema.safeParse(payload);
  if (!r.success) throw new Error(`bad frame stream request: ${describeIssues(r.error)}`);
  return r.data;
}

/** Validate a response in the renderer. */
export function parseResponse<C extends Channel>(channel: C, payload: unknown): Response<C> {
  const r = INVOKE[channel].response.safeParse(payload);
  if (!r.success) throw new Error(`bad ${channel} reply: ${describeIssues(r.error)}`);
  return r.data as Response<C>;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}
