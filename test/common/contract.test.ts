import { describe, expect, it } from 'vitest';
import { CHANNELS, INVOKE, isChannel, MenuCommandSchema, parseRequest, parseResponse } from '../../common/contract';

const frame = (w: number, h: number, bytes = w * h * 4) => ({ index: 3, timeS: 0.1, width: w, height: h, data: new Uint8Array(bytes) });

describe('bridge contract', () => {
  it('names every channel once, each with a request and a response schema', () => {
    expect(new Set(CHANNELS).size).toBe(CHANNELS.length);
    for (const c of CHANNELS) {
      expect(INVOKE[c].request).toBeDefined();
      expect(INVOKE[c].response).toBeDefined();
      expect(isChannel(c)).toBe(true);
    }
    expect(isChannel('fs:delete')).toBe(false);
    expect(isChannel('toString')).toBe(false); // no prototype keys
    expect(isChannel(42)).toBe(false);
  });

  it('accepts well-formed requests', () => {
    expect(parseRequest('video:open', { path: '/v/clip.mp4' })).toEqual({ path: '/v/clip.mp4' });
    expect(parseRequest('video:frame', { videoId: 'v1', index: 0 })).toEqual({ videoId: 'v1', index: 0 });
    expect(parseRequest('app:info', undefined)).toEqual({});
    expect(parseRequest('fs:list', {})).toEqual({});
    expect(parseRequest('fs:write-text', { path: 'out.csv', text: 'a,b\n' }).text).toBe('a,b\n');
    expect(parseRequest('dialog:save', { title: 'Save', defaultPath: '/a.csv', filters: [{ name: 'CSV', extensions: ['csv'] }] }).title).toBe('Save');
  });

  it.each([
    ['video:open', {}, /path/],
    ['video:open', { path: '' }, /path/],
    ['video:open', { path: 'a\0b' }, /NUL/],
    ['video:open', { path: '/a', extra: 1 }, /extra|unrecognized/i],
    ['video:frame', { videoId: 'v1', index: -1 }, /index/],
    ['video:frame', { videoId: 'v1', index: 1.5 }, /index/],
    ['video:frame', { videoId: 'v1', index: '3' }, /index/],
    ['models:load', { tracker: 'x'.repeat(65) }, /tracker/],
    ['fs:write-text', { path: '/a', text: 5 }, /text/],
    ['dialog:open', { title: 't', filters: [{ name: 'x', extensions: ['../etc'] }] }, /extensions/],
  ] as const)('refuses a malformed %s request %j', (channel, payload, message) => {
    expect(() => parseRequest(channel, payload)).toThrow(message);
    expect(() => parseRequest(channel, payload)).toThrow(new RegExp(`bad ${channel} request`));
  });

  it('checks frame replies: bytes, not numbers, and the size must match', () => {
    expect(parseResponse('video:frame', frame(4, 2)).data.byteLength).toBe(32);
    expect(() => parseResponse('video:frame', frame(4, 2, 31))).toThrow(/frame data size does not match its format and size/);
    // i420: Y plane plus two chroma planes at half size, rounded up (5x3: 15 + 2 * 3 * 2 bytes).
    expect(parseResponse('video:frame', { ...frame(5, 3, 27), format: 'i420', matrix: 'bt709' }).format).toBe('i420');
    expect(() => parseResponse('video:frame', { ...frame(5, 3, 60), format: 'i420' })).toThrow(/does not match its format/);
    expect(() => parseResponse('video:frame', { ...frame(5, 3, 27), format: 'yuv' })).toThrow(/format/);
    expect(() => parseResponse('video:frame', { ...frame(1, 1), data: [0, 0, 0, 0] })).toThrow(/Uint8Array/);
    expect(() => parseResponse('video:frame', { ...frame(1, 1), width: 0 })).toThrow(/width/);
  });

  it('checks the other replies', () => {
    const info = { videoId: 'v1', path: '/a.mp4', name: 'a.mp4', width: 320, height: 240, fps: 30, frameCount: 471, durationS: 15.7 };
    expect(parseResponse('video:open', info).frameCount).toBe(471);
    expect(() => parseResponse('video:open', { ...info, fps: 0 })).toThrow(/fps/);
    const models = { tracker: 'nanotrack', models: { nanotrackv2: { backbone: new Uint8Array(3) } } };
    expect(parseResponse('models:load', models).models.nanotrackv2.backbone).toBeInstanceOf(Uint8Array);
    expect(() => parseResponse('models:load', { tracker: 'n', models: { m: { f: 'AAAA' } } })).toThrow(/Uint8Array/);
    expect(() => parseResponse('fs:list', { path: '/', parent: null, entries: [{ name: 'a', path: '/a', kind: 'link', size: 0 }] })).toThrow(/kind/);
  });

  it('knows the menu commands', () => {
    expect(MenuCommandSchema.safeParse('export-csv').success).toBe(true);
    expect(MenuCommandSchema.safeParse('rm -rf').success).toBe(false);
  });
});
