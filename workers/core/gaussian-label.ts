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
