/** The highest cell of a row-major map and the highest one outside a square neighbourhood around it. */
export interface PeakStats {
  index: number;
  value: number;
  /** Best cell more than `exclusionRadius` cells (Chebyshev) from the peak; -1 when there is none. */
  secondIndex: number;
  secondValue: number;
}

/** Index of the largest value (the first one on ties), -1 for an empty map. NaN never wins. */
export function argmax(data: ArrayLike<number>, length = data.length): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let k = 0; k < length; k++) {
    if (data[k] > bestValue) {
      bestValue = data[k];
      best = k;
    }
  }
  return best;
}

/**
 * Peak and second peak of a width x height map: a second peak close to the first means a
 * distractor or an ambiguous target, the signal a confidence model needs beyond the peak itself.
 */
export function peakStats(data: ArrayLike<number>, width: number, height: number, exclusionRadius: number): PeakStats {
  const index = argmax(data, width * height);
  const pi = Math.floor(index / width);
  const pj = index - pi * width;
  let secondIndex = -1;
  let secondValue = -Infinity;
  for (let i = 0; i < height; i++) {
    const near = Math.abs(i - pi) <= exclusionRadius;
    for (let j = 0; j < width; j++) {
      if (near && Math.abs(j - pj) <= exclusionRadius) continue;
      const v = data[i * width + j];
      if (v > secondValue) {
        secondValue = v;
        secondIndex = i * width + j;
      }
    }
  }
  return { index, value: index >= 0 ? data[index] : -Infinity, secondIndex, secondValue };
}
