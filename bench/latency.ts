/** Latency figures of the hand-run app and seek benchmarks: median, p90 (nearest rank), max, mean. */
export interface Latency {
  n: number;
  median: number;
  p90: number;
  max: number;
  mean: number;
}

export function latencyStats(ms: number[]): Latency {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, median: q(0.5), p90: q(0.9), max: s[s.length - 1], mean: s.reduce((a, b) => a + b, 0) / s.length };
}

export const formatLatency = (l: Latency) => `median ${l.median.toFixed(0)} ms, p90 ${l.p90.toFixed(0)} ms, max ${l.max.toFixed(0)} ms (n=${l.n})`;
