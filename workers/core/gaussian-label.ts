/**
 * The regression target of a correlation filter: a Gaussian of the circular distance to
 * the origin on an N x N grid, peak 1 at (0,0) (DCFNet's gaussian_shaped_labels after its
 * np.roll), so that a zero shift answers at index 0. Row-major.
 */
export function gaussianLabel(size: number, sigma: number): Float64Array {
  const label = new Float64Array(size * size);
  const k = -0.5 / (sigma * sigma);
  for (let r = 0; r < size; r++) {
    const dy = r <= size / 2 ? r : r - size;
    for (let c = 0; c < size; c++) {
      const dx = c <= size / 2 ? c : c - size;
      label[r * size + c] = Math.exp(k * (dx * dx + dy * dy));
    }
  }
  return label;
}

/** Separable Hann (cosine) window, numpy's hanning(size) outer hanning(size). Row-major. */
export function hannWindow2d(size: number): Float64Array {
  const w1 = new Float64Array(size);
  for (let i = 0; i < size; i++) w1[i] = size === 1 ? 1 : 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (size - 1));
  const w = new Float64Array(size * size);
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) w[r * size + c] = w1[r] * w1[c];
  return w;
}
