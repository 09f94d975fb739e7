import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePeerJson, peerArgs, peerMean, peerSetup, runPeer } from '../../bench/peer';
import { HAVE_SHARED, SHARED_DIR, sequenceDir } from '../helpers/paths';

// As peer_baseline.py writes it: json.dump(results, f, indent=1), Python's bare Infinity for a zero time.
const SAMPLE = `{
 "David": {
  "csrt": {
   "auc": 0.7179331306990882,
   "p20": 1.0,
   "fps": 15.82153917070213,
   "frames": 471
  }
 },
 "Crossing": {
  "csrt": {
   "auc": 0.5,
   "p20": 0.25,
   "fps": Infinity,
   "frames": 120
  },
  "kcf": { "auc": 0.1, "p20": 0.1, "fps": 300.0, "frames": 120 }
 }
}`;

describe('parsePeerJson', () => {
  it('reads one tracker per sequence and turns Infinity into null', () => {
    const r = parsePeerJson(SAMPLE);
    expect(Object.keys(r)).toEqual(['David', 'Crossing']);
    expect(r.David).toEqual({ auc: 0.7179331306990882, p20: 1, fps: 15.82153917070213, frames: 471 });
    expect(r.Crossing.fps).toBeNull();
    expect(parsePeerJson('{"Crossing": {"csrt": {}, "kcf": {"auc": 0.1, "p20": 0.2, "fps": 300.0, "frames": 120}}}', 'kcf'))
      .toEqual({ Crossing: { auc: 0.1, p20: 0.2, fps: 300, frames: 120 } });
  });

  it('refuses a file without the tracker, with bad fields, or not JSON', () => {
    expect(() => parsePeerJson(SAMPLE, 'kcf')).toThrow(/no "kcf" result for David/);
    expect(() => parsePeerJson('{"David": {"csrt": {"auc": "high", "p20": 1, "fps": 1, "frames": 3}}}')).toThrow(/David\.csrt\.auc/);
    expect(() => parsePeerJson('{"David": ')).toThrow(/not valid JSON/);
  });
});

describe('peerMean', () => {
  it('averages over the named sequences; fps only when every one was measured', () => {
    const r = parsePeerJson(SAMPLE);
    expect(peerMean(r, ['David'])).toEqual({ auc: 0.7179331306990882, p20: 1, fps: 15.82153917070213 });
    const both = peerMean(r, ['David', 'Crossing']);
    expect(both.auc).toBeCloseTo((0.7179331306990882 + 0.5) / 2, 12);
    expect(both.p20).toBeCloseTo(0.625, 12);
    expect(both.fps).toBeNull();
    expect(() => peerMean(r, ['Girl'])).toThrow(/no sequence Girl/);
  });
});

describe('peerArgs', () => {
  it('runs the script as given, or through a wrapper that sets the OpenCV thread count first', () => {
    const plain = peerArgs({ script: '/s/peer_baseline.py', setThreads: null }, ['/a', '/b'], '/o.json');
    expect(plain).toEqual(['/s/peer_baseline.py', '--trackers', 'csrt', '--json', '/o.json', '/a', '/b']);
    const one = peerArgs({ script: '/s/peer_baseline.py', setThreads: 1 }, ['/a'], '/o.json');
    expect(one[0]).toBe('-c');
    expect(one[1]).toContain('cv2.setNumThreads(1)');
    expect(one.slice(2)).toEqual(['/s/peer_baseline.py', '--trackers', 'csrt', '--json', '/o.json', '/a']);
  });
});

describe('peerSetup', () => {
  it('says why it cannot run when the script is missing', () => {
    expect(peerSetup('/nonexistent/peer_baseline.py', null)).toEqual({ skip: '/nonexistent/peer_baseline.py not found' });
  });
});

const setup = HAVE_SHARED ? peerSetup(join(SHARED_DIR, 'tools', 'peer_baseline.py'), 1) : { skip: 'no shared data' };

describe.runIf('script' in setup)('runPeer with the real script and OpenCV', () => {
  it('runs CSRT on Crossing and its JSON reads back', async () => {
    if (!('script' in setup)) return;
    expect(setup.threads).toBe(1); // cv2.setNumThreads ran before the script
    const dir = mkdtempSync(join(tmpdir(), 'peer-'));
    try {
      const lines: string[] = [];
      const r = await runPeer(setup, [sequenceDir('Crossing')], join(dir, 'out.json'), (l) => lines.push(l));
      expect(r.Crossing.frames).toBe(120);
      expect(r.Crossing.auc).toBeGreaterThan(0.3); // CSRT follows this pedestrian
      expect(r.Crossing.auc).toBeLessThanOrEqual(1);
      expect(r.Crossing.fps).toBeGreaterThan(0);
      expect(lines[0]).toMatch(/^Crossing\s+csrt /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
