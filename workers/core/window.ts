/** Hann window of n points as numpy's np.hanning: 0.5 - 0.5 cos(2 pi k / (n - 1)), zero at both ends. */
export function hanning(n: number): Float64Array {
  const w = new Float64Array(n);
  if (n === 1) {
    w[0] = 1;
    return w;
  }
  for (let k = 0; k < n; k++) w[k] = 0.5 - 0.5 * Math.cos((2 * Math.PI * k) / (n - 1));
  return w;
}

/** Row-major outer product of two Hann windows (rows x cols): the cosine window of pysot and DCFNet. */
export function hanningWindow2d(rows: number, cols = rows): Float32Array {
  const wr = hanning(rows);
  const wc = hanning(cols);
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = wr[i] * wc[j];
  return out;
}
