/**
 * CPU time by process and thread class from /proc (Linux only), sampled every 250 ms while a
 * benchmark runs: where the CPU of a tracking run goes on a machine whose cores are all busy
 * (docs/app.md, "where the CPU goes"). Threads that exit during the window (an ffmpeg child)
 * count up to their last sample.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ = 100 on Linux

interface ThreadTicks {
  group: string;
  first: number;
  last: number;
}

/** The class a thread's CPU is reported under, or null for processes that are not ours. */
function classify(pid: string, cmdline: string, comm: string): string | null {
  if (pid === String(process.pid)) return HOST;
  const exe = cmdline.split(/[\s\0]/)[0];
  if (/ffmpeg/.test(exe)) return 'ffmpeg';
  if (/chrom/.test(exe)) {
    const type = /--type=([a-z-]+)/.exec(cmdline)?.[1] ?? 'browser';
    if (type !== 'renderer') return type === 'gpu-process' ? 'GPU process' : `chromium ${type}`;
    if (comm.startsWith('DedicatedWorker')) return 'page: tracker worker';
    if (/Compositor|Tile|Raster/.test(comm)) return 'page: compositor and raster';
    if (/^chrom/.test(comm) || comm.startsWith('CrRendererMain')) return 'page: main thread';
    return 'page: other threads';
  }
  return null;
}

/** Read every thread's CPU ticks; a thread seen for the first time starts from 0 if `bornSince`, else from now. */
function sample(threads: Map<string, ThreadTicks>, bornSince: boolean): void {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let cmdline: string;
    let tids: string[];
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // exited meanwhile
    }
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'latin1');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
        const key = `${pid}/${tid}`;
        const seen = threads.get(key);
        if (seen) seen.last = ticks;
        else {
          const group = classify(pid, cmdline, comm);
          if (group) threads.set(key, { group, first: bornSince ? 0 : ticks, last: ticks });
        }
      } catch {
        // the thread exited
      }
    }
  }
}

export interface CpuSampler {
  /** CPU milliseconds by class since start(), largest first, and the sampler's own (taken off the host's). */
  stop(): { groups: Array<{ group: string; ms: number }>; samplerMs: number };
}

const HOST = 'host (Node; the benchmark\'s Playwright shares it)';

export function startCpuSampler(intervalMs = 250): CpuSampler {
  const threads = new Map<string, ThreadTicks>();
  // The sampler runs in the host process: its own CPU is measured and taken off the host's.
  let ownMs = 0;
  const timed = (bornSince: boolean) => {
    const c0 = process.cpuUsage();
    sample(threads, bornSince);
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
      for (const t of threads.values()) byGroup.set(t.group, (byGroup.get(t.group) ?? 0) + (t.last - t.first) * TICK_MS);
      byGroup.set(HOST, Math.max(0, (byGroup.get(HOST) ?? 0) - ownMs));
      const groups = [...byGroup].map(([group, ms]) => ({ group, ms })).filter((g) => g.ms > 0).sort((a, b) => b.ms - a.ms);
      return { groups, samplerMs: ownMs };
    },
  };
}
