import { SUCCESS_THRESHOLDS } from '../../common/metrics';

/** One tracker's curve on the success plot. */
export interface PlotCurve {
  name: string;
  /** Success rate at each of SUCCESS_THRESHOLDS (21 values). */
  successCurve: readonly number[];
  /** Success AUC, shown in the legend as "name [0.612]". */
  auc: number;
}

export interface SuccessPlotOptions {
  title?: string;
  /** A second, smaller title line, e.g. "9 sequences, one-pass". */
  subtitle?: string;
  width?: number;
  height?: number;
}

// Tableau 10 (as in d3-scale-chromatic's schemeTableau10): distinct, readable on white and in print.
const PALETTE = ['#4e79a7', '#f28e2c', '#e15759', '#76b7b2', '#59a14f', '#edc949', '#af7aa1', '#ff9da7', '#9c755f', '#bab0ab'];
// After ten curves the colours repeat with another dash pattern.
const DASHES = ['', '6 3', '2 3'];
const FONT = 'Helvetica, Arial, sans-serif';

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const r2 = (v: number) => Math.round(v * 100) / 100;

/**
 * The OTB success plot (one-pass evaluation) as a standalone SVG document: success rate against
 * the overlap (IoU) threshold 0..1, one curve per tracker, legend "name [AUC]" best first.
 */
export function successPlotSvg(curves: readonly PlotCurve[], opts: SuccessPlotOptions = {}): string {
  for (const c of curves) {
    if (c.successCurve.length !== SUCCESS_THRESHOLDS.length) {
      throw new Error(`success curve of "${c.name}" has ${c.successCurve.length} points, expected ${SUCCESS_THRESHOLDS.length}`);
    }
  }
  const width = opts.width ?? 640;
  const height = opts.height ?? 480;
  const title = opts.title ?? 'Success plot of OPE';
  const top = opts.subtitle ? 64 : 48;
  const box = { left: 64, right: width - 24, top, bottom: height - 56 };
  const px = (t: number) => r2(box.left + t * (box.right - box.left));
  const py = (s: number) => r2(box.bottom - s * (box.bottom - box.top));
  const out: string[] = [];

  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${width / 2}" y="28" text-anchor="middle" font-size="18" font-weight="bold" fill="#222">${escapeXml(title)}</text>`);
  if (opts.subtitle) {
    out.push(`<text x="${width / 2}" y="48" text-anchor="middle" font-size="13" fill="#555">${escapeXml(opts.subtitle)}</text>`);
  }

  // Grid and tick labels every 0.1.
  out.push('<g class="grid" stroke="#e3e3e3" stroke-width="1">');
  for (let i = 1; i < 10; i++) {
    out.push(`<line x1="${px(i / 10)}" y1="${box.top}" x2="${px(i / 10)}" y2="${box.bottom}"/>`);
    out.push(`<line x1="${box.left}" y1="${py(i / 10)}" x2="${box.right}" y2="${py(i / 10)}"/>`);
  }
  out.push('</g>');
  out.push('<g class="ticks" font-size="12" fill="#333">');
  for (let i = 0; i <= 10; i++) {
    const label = i === 10 ? '1' : i === 0 ? '0' : (i / 10).toFixed(1);
    out.push(`<text x="${px(i / 10)}" y="${box.bottom + 18}" text-anchor="middle">${label}</text>`);
    out.push(`<text x="${box.left - 8}" y="${py(i / 10) + 4}" text-anchor="end">${label}</text>`);
  }
  out.push('</g>');
  out.push(`<rect class="frame" x="${box.left}" y="${box.top}" width="${box.right - box.left}" height="${box.bottom - box.top}" fill="none" stroke="#333" stroke-width="1"/>`);
  out.push(`<text x="${(box.left + box.right) / 2}" y="${height - 16}" text-anchor="middle" font-size="14" fill="#222">Overlap threshold (IoU)</text>`);
  out.push(`<text transform="translate(20 ${(box.top + box.bottom) / 2}) rotate(-90)" text-anchor="middle" font-size="14" fill="#222">Success rate</text>`);

  // Best first in the legend; drawn last so it lies on top.
  const ranked = curves.map((c, i) => ({ ...c, colour: PALETTE[i % PALETTE.length], dash: DASHES[Math.floor(i / PALETTE.length) % DASHES.length] }))
    .sort((a, b) => b.auc - a.auc);
  out.push('<g class="curves" fill="none" stroke-width="2.2" stroke-linejoin="round">');
  for (const c of [...ranked].reverse()) {
    const d = c.successCurve.map((s, i) => `${i ? 'L' : 'M'}${px(SUCCESS_THRESHOLDS[i])},${py(s)}`).join('');
    out.push(`<path class="curve" data-tracker="${escapeXml(c.name)}" d="${d}" stroke="${c.colour}"${c.dash ? ` stroke-dasharray="${c.dash}"` : ''}/>`);
  }
  out.push('</g>');

  // Legend in the lower left or the upper right, whichever the curves cross less
  // (success curves are high at small thresholds and low at large ones, so both are usually free).
  const rowH = 20;
  const legendW = r2(Math.min(box.right - box.left - 24, 52 + 6.8 * Math.max(0, ...ranked.map((c) => c.name.length + 8))));
  const legendH = ranked.length * rowH + 10;
  const corners = [
    { x: box.left + 12, y: box.bottom - 12 - legendH },
    { x: box.right - 12 - legendW, y: box.top + 12 },
  ];
  const crossings = (r: { x: number; y: number }) => {
    let n = 0;
    for (const c of ranked) {
      for (let i = 0; i + 1 < c.successCurve.length; i++) {
        for (let k = 0; k <= 10; k++) {
          const t = SUCCESS_THRESHOLDS[i] + ((SUCCESS_THRESHOLDS[i + 1] - SUCCESS_THRESHOLDS[i]) * k) / 10;
          const s = c.successCurve[i] + ((c.successCurve[i + 1] - c.successCurve[i]) * k) / 10;
          if (px(t) >= r.x && px(t) <= r.x + legendW && py(s) >= r.y && py(s) <= r.y + legendH) n++;
        }
      }
    }
    return n;
  };
  const { x: lx, y: ly } = crossings(corners[1]) < crossings(corners[0]) ? corners[1] : corners[0];
  out.push(`<g class="legend" font-size="13" fill="#222">`);
  if (ranked.length) out.push(`<rect x="${lx}" y="${ly}" width="${legendW}" height="${legendH}" fill="#ffffff" fill-opacity="0.9" stroke="#bbb"/>`);
  ranked.forEach((c, i) => {
    const y = ly + 5 + rowH * i + rowH / 2;
    out.push(`<line x1="${lx + 10}" y1="${y}" x2="${lx + 38}" y2="${y}" stroke="${c.colour}" stroke-width="2.2"${c.dash ? ` stroke-dasharray="${c.dash}"` : ''}/>`);
    out.push(`<text x="${lx + 46}" y="${y + 4.5}">${escapeXml(c.name)} [${c.auc.toFixed(3)}]</text>`);
  });
  out.push('</g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
