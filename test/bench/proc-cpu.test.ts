import { spawn } from 'node:child_process';
import { once } from 'node:events';
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
    // Spin in slices, so the sampler's timer runs meanwhile and sees ffmpeg before it exits.
    for (let slice = 0; slice < 15; slice++) {
      const until = performance.now() + 20;
      while (performance.now() < until) Math.sqrt(Math.random());
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
});
