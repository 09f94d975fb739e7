import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Every ffmpeg/ffprobe child the video service starts, until it has exited. Tests assert
 * it is empty after early breaks, aborts and errors: no child may outlive its request.
 */
const liveChildren = new Set<ChildProcess>();

export function liveChildCount(): number {
  return liveChildren.size;
}

export function spawnTracked(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { windowsHide: true, ...options });
  liveChildren.add(child);
  const forget = () => liveChildren.delete(child);
  child.once('exit', forget);
  child.once('error', forget); // spawn failure: no 'exit' follows
  return child;
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null || !liveChildren.has(child);
}

/** Resolves with the exit code (null when killed by a signal) once the child is gone. */
export function waitForExit(child: ChildProcess): Promise<number | null> {
  if (hasExited(child)) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
}

/** Kill (SIGKILL: ffmpeg holds nothing worth flushing here) and wait until the child has exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  child.kill('SIGKILL');
  await waitForExit(child);
}

export interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Run a short command to completion with a deadline; output is collected as text. */
export async function runTool(command: string, args: string[], timeoutMs: number): Promise<ToolRun> {
  const child = spawnTracked(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (d: Buffer) => out.push(d));
  child.stderr!.on('data', (d: Buffer) => err.push(d));
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
  let spawnError: Error | undefined;
  child.once('error', (e) => { spawnError = e; });
  // 'close' waits for the pipes too, so the collected output is complete.
  const code = await new Promise<number | null>((resolve) => {
    child.once('close', (c) => resolve(c));
    child.once('error', () => resolve(null));
  });
  clearTimeout(timer);
  await waitForExit(child);
  if (spawnError) throw spawnError;
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), timedOut };
}
