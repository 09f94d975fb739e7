/** `npm run serve` and `npm start` as processes: the URL on stdout, the Electron fallback, readable failures. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..', '..');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGTERM');
});

function run(entry: string, args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, entry), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => { stdout += d; });
  child.stderr!.on('data', (d) => { stderr += d; });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const url = new Promise<string>((resolveUrl, reject) => {
    child.stdout!.on('data', () => {
      const m = /^(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(stdout);
      if (m) resolveUrl(m[1]);
    });
    void exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  url.catch(() => undefined); // awaited only by the tests that expect a URL
  return { child, url, exited, out: () => stdout, err: () => stderr };
}

function site() {
  const dir = mkdtempSync(join(tmpdir(), 'serve-'));
  mkdirSync(join(dir, 'static'));
  writeFileSync(join(dir, 'static', 'index.html'), '<title>app</title>');
  return dir;
}

describe('serve command', () => {
  it('prints one URL with its token on stdout, and the page answers there', async () => {
    const dir = site();
    const p = run('main/host/cli.ts', ['--root', dir, '--static', join(dir, 'static'), '--data', join(dir, 'data')]);
    const url = await p.url;
    expect(p.out().trim()).toBe(url);
    expect(p.err()).toContain(`serving ${dir}`);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>app</title>');
    expect((await fetch(url.replace(/\?token=.*/, ''))).status).toBe(403);
  }, 60_000);

  it('says what to do when the renderer is not built', async () => {
    const dir = site();
    const p = run('main/host/cli.ts', ['--root', dir, '--static', join(dir, 'nothing-here')]);
    expect(await p.exited).toBe(1);
    expect(p.err()).toMatch(/no built renderer in .*run `npm run build` first/);
  }, 60_000);
});

describe('start command', () => {
  it('without the Electron binary, says so and starts the browser host instead', async () => {
    const dir = site();
    const p = run('main/host/start.ts', ['--root', dir, '--static', join(dir, 'static'), '--data', join(dir, 'data')]);
    const url = await p.url;
    expect(p.err()).toMatch(/Electron's binary is not installed/);
    expect((await fetch(url)).status).toBe(200);
  }, 60_000);
});
