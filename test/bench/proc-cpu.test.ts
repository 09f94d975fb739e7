import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startCpuSampler } from '../../bench/proc-cpu';
import { ffmpegTools } from '../../main/video/ffmpeg-path';

describe.runIf(process.platform === 'linux')('CPU sampler (/proc)', () => {
  it('charges our busy loop to the host and a decoding ffmpeg child to ffmpeg, and nothing to a page', async () => {
    const sampler = startCpuSampler(50);
    // ffmpeg encodes a synthetic clip to nowhere (~0.5 s of CPU or more) while the host spins ~300 ms.
    const child = spawn(ffmpegTools().ffmpeg, ['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30:duration=10',
      '-c:v', 'mpeg4', '-threads', '1', '-f', 'null', '-'], { stdio: 'ignore' });
    const exited = once(child, 'exit');
    // Spin 300 ms of this process's CPU time (not wall time: on a busy machine that would be less CPU),
    // in slices, so the sampler's timer runs meanwhile and sees ffmpeg before it exits.
    const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
    for (let slice = 0; slice < 15; slice++) {
      const until = cpuMs() + 20;
      while (cpuMs() < until) Math.sqrt(Math.random());
      await new Promise((r) => setImmediate(r));
    }
    await exited;
    const { groups, samplerMs } = sampler.stop();
    const ms = (name: string) => groups.find((g) => g.group === name)?.ms ?? 0;
    expect(ms('host (Node; the benchmark\'s Playwright shares it)')).toBeGreaterThanOrEqual(200);
    expect(ms('ffmpeg')).toBeGreaterThan(50);
    expect(groups.some((g) => g.group.startsWith('page:'))).toBe(false);
    expect(samplerMs).toBeGreaterThanOrEqual(0);
  });

  it('does not count an ffmpeg that is not a descendant of the host', async () => {
    // A shell starts ffmpeg in the background and exits, so ffmpeg is adopted by init: not ours,
    // like another test file's ffmpeg or the analyst's own programs.
    const shell = spawn('sh', ['-c', `"$0" -nostdin -loglevel error -f lavfi -i testsrc2=size=640x360:rate=30:duration=60 -c:v mpeg4 -threads 1 -f null - >/dev/null 2>&1 & echo $!`,
      ffmpegTools().ffmpeg], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    shell.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    await once(shell, 'close'); // exited, and its output read
    const orphan = Number(out.trim());
    try {
      expect(readFileSync(`/proc/${orphan}/cmdline`, 'latin1')).toMatch(/ffmpeg/);
      const sampler = startCpuSampler(50);
      await new Promise((r) => setTimeout(r, 600));
      const busy = readFileSync(`/proc/${orphan}/stat`, 'latin1'); // still running: it was busy all along
      const { groups } = sampler.stop();
      expect(busy).toBeTruthy();
      expect(groups.find((g) => g.group === 'ffmpeg')).toBeUndefined();
    } finally {
      process.kill(orphan, 'SIGKILL');
    }
  });
});
