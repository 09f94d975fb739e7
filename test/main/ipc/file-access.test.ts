import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { grantedAccess, rootedAccess } from '../../../main/ipc/file-access';

let base: string;
let root: string;
let shared: string;
let outside: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'file-access-'));
  root = join(base, 'root');
  shared = join(base, 'shared');
  outside = join(base, 'outside');
  for (const d of [root, join(root, 'sub'), shared, outside]) mkdirSync(d, { recursive: true });
  writeFileSync(join(root, 'sub', 'clip.mp4'), 'x');
  writeFileSync(join(shared, 'data.mp4'), 'x');
  writeFileSync(join(outside, 'secret.txt'), 'x');
  symlinkSync(outside, join(root, 'link-out'));
  symlinkSync(join(outside, 'secret.txt'), join(root, 'secret-link.txt'));
});

describe('rooted access (browser host)', () => {
  it('opens and writes inside its roots, by absolute or root-relative path', () => {
    const a = rootedAccess([root]);
    expect(a.readable(join(root, 'sub', 'clip.mp4'))).toMatch(/sub\/clip\.mp4$/);
    expect(a.readable('sub/clip.mp4')).toMatch(/root\/sub\/clip\.mp4$/);
    expect(a.writable(join(root, 'new.csv'))).toMatch(/root\/new\.csv$/);
  });

  it.each([
    ['a file outside', () => join(outside, 'secret.txt'), /outside the folders/],
    ['"..", even one that resolves back inside', () => `${root}/sub/../sub/clip.mp4`, /contains "\.\."/],
    ['relative ".." escapes', () => '../outside/secret.txt', /contains "\.\."/],
    ['a symlinked folder pointing out', () => join(root, 'link-out', 'secret.txt'), /outside the folders/],
    ['a symlinked file pointing out', () => join(root, 'secret-link.txt'), /outside the folders/],
    ['a NUL byte', () => join(root, 'a\0b'), /NUL/],
    ['an encoded path (taken literally, so it does not exist)', () => join(root, '%2e%2e', 'outside'), /no such file/],
    ['/etc/passwd', () => '/etc/passwd', /outside the folders/],
  ])('refuses %s', (_what, path, message) => {
    expect(() => rootedAccess([root]).readable(path())).toThrow(message);
  });

  it('never writes through a symlink out or into a folder that does not exist', () => {
    const a = rootedAccess([root]);
    expect(() => a.writable(join(root, 'link-out', 'x.csv'))).toThrow(/outside/);
    expect(() => a.writable(join(root, 'secret-link.txt'))).toThrow(/outside/);
    expect(() => a.writable(join(root, 'nope', 'x.csv'))).toThrow(/folder does not exist/);
  });

  it('reads but never writes read-only roots', () => {
    const a = rootedAccess([root], [shared]);
    expect(a.readable(join(shared, 'data.mp4'))).toMatch(/data\.mp4$/);
    expect(() => a.writable(join(shared, 'out.csv'))).toThrow(/read-only/);
    expect(a.roots()).toHaveLength(2);
  });

  it('lets main (not the renderer) grant one more folder, e.g. the sample clip', () => {
    const a = rootedAccess([root]);
    expect(() => a.readable(join(outside, 'secret.txt'))).toThrow(/outside/);
    a.grant(join(outside, 'secret.txt'));
    expect(a.readable(join(outside, 'secret.txt'))).toMatch(/secret\.txt$/);
  });
});

describe('granted access (Electron)', () => {
  it('allows only what was granted: a dialog choice and its folder', () => {
    const a = grantedAccess();
    expect(() => a.readable(join(shared, 'data.mp4'))).toThrow(/not chosen in a dialog/);
    expect(() => a.readable('relative.mp4')).toThrow(/not an absolute path/);
    a.grant(join(shared, 'data.mp4'));
    expect(a.readable(join(shared, 'data.mp4'))).toMatch(/data\.mp4$/);
    expect(a.writable(join(shared, 'data.tracker.json'))).toMatch(/data\.tracker\.json$/);
    expect(() => a.readable(join(outside, 'secret.txt'))).toThrow(/not chosen/);
    expect(() => a.readable(`${shared}/../outside/secret.txt`)).toThrow(/contains "\.\."/);
  });
});
