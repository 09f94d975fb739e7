/** The services behind the bridge, with the real video service (ffmpeg), weights and files. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, dispatch } from '../../main/ipc';
import { rootedAccess } from '../../main/ipc/file-access';
import { realServiceDeps } from '../../main/ipc/services';
import { HAVE_SHARED, SEQUENCES_DIR, sequenceDir } from '../helpers/paths';

describe.skipIf(!HAVE_SHARED)('main services', () => {
  let out: string;
  let readOnly: string;
  let handlers: ReturnType<typeof createHandlers>;

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'ipc-out-'));
    readOnly = mkdtempSync(join(tmpdir(), 'ipc-ro-')); // never try writes into ../shared itself
    const deps = realServiceDeps({ shell: 'browser', version: '9.9.9', access: rootedAccess([out], [SEQUENCES_DIR, readOnly]), dataDir: mkdtempSync(join(tmpdir(), 'ipc-data-')) });
    handlers = createHandlers(deps);
  });
  afterAll(() => handlers.closeAll());

  it('answers every request with an envelope: unknown channels and bad requests are readable errors', async () => {
    expect(await dispatch(handlers, 'fs:rm', {})).toEqual({ ok: false, error: 'unknown channel "fs:rm"' });
    const bad = await dispatch(handlers, 'video:frame', { videoId: 'v1', index: -3 });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/^bad video:frame request: index/);
    const info = await dispatch(handlers, 'app:info', {});
    expect(info).toMatchObject({ ok: true, value: { version: '9.9.9', shell: 'browser', defaultTracker: 'fusion' } });
  });

  it('opens a video and serves exact frames, forwards and backwards', async () => {
    const info = await handlers['video:open']({ path: join(sequenceDir('David'), 'video.mp4') });
    expect(info).toMatchObject({ width: 320, height: 240, frameCount: 471, name: 'video.mp4' });
    expect(info.frameTimesS?.[30]).toBeCloseTo(1, 5);
    const f100 = await handlers['video:frame']({ videoId: info.videoId, index: 100 });
    const f99 = await handlers['video:frame']({ videoId: info.videoId, index: 99 });
    const again = await handlers['video:frame']({ videoId: info.videoId, index: 100 });
    expect(f100).toMatchObject({ format: 'i420', matrix: 'bt601', width: 320, height: 240 }); // 2.7x fewer bytes than RGBA
    expect(f100.data.byteLength).toBe(320 * 240 * 1.5);
    expect(f99.index).toBe(99);
    expect(Buffer.compare(Buffer.from(f100.data), Buffer.from(f99.data))).not.toBe(0);
    expect(Buffer.compare(Buffer.from(f100.data), Buffer.from(again.data))).toBe(0);
    const past = await dispatch(handlers, 'video:frame', { videoId: info.videoId, index: 471 });
    expect(!past.ok && past.error).toMatch(/outside the video/);
    await handlers['video:close']({ videoId: info.videoId });
    const closed = await dispatch(handlers, 'video:frame', { videoId: info.videoId, index: 1 });
    expect(!closed.ok && closed.error).toMatch(/no longer open/);
  });

  it('says when seeks become fast: David (a 250-frame GOP) gets a seek proxy, and its frames stay exact', async () => {
    const info = await handlers['video:open']({ path: join(sequenceDir('David'), 'video.mp4') });
    const before = await handlers['video:frame']({ videoId: info.videoId, index: 300 });
    expect(await handlers['video:fast-seeks']({ videoId: info.videoId })).toEqual({ fastSeeks: true });
    // Push frame 300 out of main's 48-frame cache, so that it is decoded again, through the proxy.
    for (let i = 0; i < 60; i++) await handlers['video:frame']({ videoId: info.videoId, index: i });
    const after = await handlers['video:frame']({ videoId: info.videoId, index: 300 }); // now read through the proxy
    expect(Buffer.compare(Buffer.from(before.data), Buffer.from(after.data))).toBe(0);
    await handlers['video:close']({ videoId: info.videoId });
    const closed = await dispatch(handlers, 'video:fast-seeks', { videoId: info.videoId });
    expect(!closed.ok && closed.error).toMatch(/no longer open/);
  });

  it('refuses videos outside the roots and files that are not videos', async () => {
    const outside = await dispatch(handlers, 'video:open', { path: '/etc/hostname' });
    expect(!outside.ok && outside.error).toMatch(/outside the folders/);
    writeFileSync(join(out, 'fake.mp4'), 'this is not a video');
    const fake = await dispatch(handlers, 'video:open', { path: join(out, 'fake.mp4') });
    expect(fake.ok).toBe(false);
    expect(!fake.ok && fake.error.split('\n')).toHaveLength(1);
  });

  it('loads the tracker weights (sha256-checked) as bytes', async () => {
    const m = await handlers['models:load']({ tracker: 'nanotrack' });
    expect(m.models.nanotrackv2.backbone).toBeInstanceOf(Uint8Array);
    expect(m.models.nanotrackv2.head.byteLength).toBeGreaterThan(1000);
    const unknown = await dispatch(handlers, 'models:load', { tracker: 'nope' });
    expect(!unknown.ok && unknown.error).toMatch(/unknown tracker "nope"/);
  });

  it('lists folders, reads and writes text atomically, never into read-only roots', async () => {
    const listing = await handlers['fs:list']({ path: sequenceDir('David') });
    expect(listing.entries.map((e) => e.name)).toEqual(expect.arrayContaining(['img', 'video.mp4', 'groundtruth.txt']));
    expect(listing.entries[0].kind).toBe('dir');
    const roots = await handlers['fs:list']({});
    expect(roots.entries).toHaveLength(3);
    await handlers['fs:write-text']({ path: join(out, 'a.csv'), text: 'x,y\n' });
    expect(readFileSync(join(out, 'a.csv'), 'utf8')).toBe('x,y\n');
    expect((await handlers['fs:read-text']({ path: join(out, 'a.csv') })).text).toBe('x,y\n');
    const ro = await dispatch(handlers, 'fs:write-text', { path: join(readOnly, 'x.csv'), text: '' });
    expect(ro.ok).toBe(false);
    expect(!ro.ok && ro.error).toMatch(/read-only/);
  });

  it('keeps autosaves and the recent list in its own data folder', async () => {
    const video = join(sequenceDir('David'), 'video.mp4');
    expect(await handlers['project:recover']({ videoPath: video })).toEqual({ text: null, path: null });
    const saved = await handlers['project:autosave']({ videoPath: video, text: '{"p":1}' });
    expect(saved.path).not.toContain(SEQUENCES_DIR);
    expect((await handlers['project:recover']({ videoPath: video })).text).toBe('{"p":1}');
    await handlers['recent:add']({ path: '/a.mp4' });
    const r = await handlers['recent:add']({ path: '/b.mp4' });
    await handlers['recent:add']({ path: '/a.mp4' });
    expect(r.paths).toEqual(['/b.mp4', '/a.mp4']);
    expect((await handlers['recent:list']({})).paths).toEqual(['/a.mp4', '/b.mp4']);
  });

  it("keeps this computer's preferences in its data folder, validated", async () => {
    expect(await handlers['prefs:get']({})).toEqual({ backend: 'auto' });
    expect(await handlers['prefs:set']({ backend: 'wasm' })).toEqual({ backend: 'wasm' });
    expect(await handlers['prefs:get']({})).toEqual({ backend: 'wasm' });
    for (const bad of [{ backend: 'cuda' }, { backend: 'wasm', extra: 1 }, { backend: 3 }]) {
      const r = await dispatch(handlers, 'prefs:set', bad);
      expect(r.ok, JSON.stringify(bad)).toBe(false);
    }
    expect(await handlers['prefs:get']({})).toEqual({ backend: 'wasm' });
  });

  it('opening a video in a read-only root does not make its folder writable', async () => {
    const clip = join(readOnly, 'clip.mp4');
    const made = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=64x48:r=10:d=0.5', '-pix_fmt', 'yuv420p', clip]);
    expect(made.status).toBe(0);
    const info = await handlers['video:open']({ path: clip });
    expect(info.frameCount).toBe(5);
    const w = await dispatch(handlers, 'fs:write-text', { path: join(readOnly, 'clip.tracker.json'), text: '{}' });
    expect(!w.ok && w.error).toMatch(/read-only/);
  });

  it('has no native dialogs in the browser host', async () => {
    const d = await dispatch(handlers, 'dialog:open', { title: 'x', filters: [] });
    expect(!d.ok && d.error).toMatch(/only in the desktop app/);
  });
});
