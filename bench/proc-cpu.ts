/**
 * CPU time by process and thread class from /proc (Linux only), sampled every 250 ms while a
 * benchmark runs: where the CPU of a tracking run goes on a machine whose cores are all busy
 * (docs/app.md, "where the CPU goes"). A process's own counter includes its exited threads; a
 * process that exits during the window (an ffmpeg child) counts up to its last sample.
 *
 * Only the host and its descendants are counted: another Chromium or ffmpeg on the machine (a
 * test file running beside this one, the analyst's own browser) is not ours.
 *
 * The sampler runs on the cores it measures, so it reads as little as it can: each process is
 * classified once (its command line read once), processes that are not ours are skipped from then
 * on, and only the page's renderer is read thread by thread (the other classes are whole processes).
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ = 100 on Linux

interface Ticks {
  group: string;
  first: number;
  last: number;
}

/**
 * How a process is counted: not ours ('skip'), ours but not counted ('uncounted': a shell between
 * the host and a child), as a whole under `group`, or thread by thread (the renderer).
 */
type ProcessKind = { kind: 'skip' } | { kind: 'uncounted' } | { kind: 'whole'; group: string } | { kind: 'threads' };

/** The parent pid from a /proc/.../stat file. */
function readParent(pid: string): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
}

/** Classify `pid` (and, on the way, its unknown ancestors), once. */
function classify(pid: string, kinds: Map<string, ProcessKind>): ProcessKind {
  let kind = kinds.get(pid);
  if (kind) return kind;
  if (pid === String(process.pid)) kind = { kind: 'whole', group: HOST };
  else {
    const parent = readParent(pid);
    const ours = parent !== '0' && classify(parent, kinds).kind !== 'skip';
    kind = ours ? classifyOurs(readFileSync(`/proc/${pid}/cmdline`, 'latin1')) : { kind: 'skip' };
  }
  kinds.set(pid, kind);
  return kind;
}

function classifyOurs(cmdline: string): ProcessKind {
  const exe = cmdline.split(/[\s\0]/)[0];
  if (/ffmpeg/.test(exe)) return { kind: 'whole', group: 'ffmpeg' };
  if (!/chrom/.test(exe)) return { kind: 'uncounted' };
  const type = /--type=([a-z-]+)/.exec(cmdline)?.[1] ?? 'browser';
  if (type === 'renderer') return { kind: 'threads' };
  return { kind: 'whole', group: type === 'gpu-process' ? 'GPU process' : `chromium ${type}` };
}

function classifyRendererThread(comm: string): string {
  if (comm.startsWith('DedicatedWorker')) return 'page: tracker worker';
  if (/Compositor|Tile|Raster/.test(comm)) return 'page: compositor and raster';
  if (/^chrom/.test(comm) || comm.startsWith('CrRendererMain')) return 'page: main thread';
  return 'page: other threads';
}

/** utime + stime and the name of a /proc/.../stat file. */
function readStat(path: string): { ticks: number; comm: string } {
  const stat = readFileSync(path, 'latin1');
  const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { ticks: Number(fields[11]) + Number(fields[12]), comm };
}

/** Update every counter; a counter seen for the first time starts from 0 if `bornSince`, else from now. */
function sample(kinds: Map<string, ProcessKind>, counters: Map<string, Ticks>, bornSince: boolean): void {
  const count = (key: string, group: string, ticks: number) => {
    const seen = counters.get(key);
    if (seen) seen.last = ticks;
    else counters.set(key, { group, first: bornSince ? 0 : ticks, last: ticks });
  };
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const kind = classify(pid, kinds);
      if (kind.kind === 'whole') count(pid, kind.group, readStat(`/proc/${pid}/stat`).ticks);
      else if (kind.kind === 'threads') {
        for (const tid of readdirSync(`/proc/${pid}/task`)) {
          try {
            const { ticks, comm } = readStat(`/proc/${pid}/task/${tid}/stat`);
            count(`${pid}/${tid}`, counters.get(`${pid}/${tid}`)?.group ?? classifyRendererThread(comm), ticks);
          } catch {
            // the thread exited
          }
        }
      }
    } catch {
      // the process exited meanwhile
    }
  }
}

export interface CpuSampler {
  /** CPU milliseconds by class since start(), largest first, and the sampler's own (taken off the host's). */
  stop(): { groups: Array<{ group: string; ms: number }>; samplerMs: number };
}

const HOST = 'host (Node; the benchmark\'s Playwright shares it)';

export function startCpuSampler(intervalMs = 250): CpuSampler {
  const kinds = new Map<string, ProcessKind>();
  const counters = new Map<string, Ticks>();
  // The sampler runs in the host process: its own CPU is measured and taken off the host's.
  let ownMs = 0;
  const timed = (bornSince: boolean) => {
    const c0 = process.cpuUsage();
    sample(kinds, counters, bornSince);
    const c = process.cpuUsage(c0);
    ownMs += (c.user + c.system) / 1000;
  };
  timed(false);
  ownMs = 0;
  const timer = setInterval(() => timed(true), intervalMs);
  return {
    stop() {
      clearInterval(timer);
      timed(true);
      const byGroup = new Map<string, number>();
      for (const t of counters.values()) byGroup.set(t.group, (byGroup.get(t.group) ?? 0) + (t.last - t.first) * TICK_MS);
      byGroup.set(HOST, Math.max(0, (byGroup.get(HOST) ?? 0) - ownMs));
      const groups = [...byGroup].map(([group, ms]) => ({ group, ms })).filter((g) => g.ms > 0).sort((a, b) => b.ms - a.ms);
      return { groups, samplerMs: ownMs };
    },
  };
}
