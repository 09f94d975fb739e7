// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { SUCCESS_THRESHOLDS } from '../../../common/metrics';
import { successPlotSvg, type PlotCurve } from '../../../main/eval/plot';

const curve = (name: string, f: (t: number) => number): PlotCurve => {
  const successCurve = SUCCESS_THRESHOLDS.map(f);
  return { name, successCurve, auc: successCurve.reduce((a, b) => a + b, 0) / successCurve.length };
};

const curves = [
  curve('dcf', (t) => (t < 1 ? 0.8 * (1 - t) : 0)),
  curve('nano <&> "track"', (t) => (t < 1 ? 1 - t * t : 0)),
  curve('stay', (t) => (t < 0.5 ? 0.5 : 0)),
];

function parse(svg: string): Document {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
  return doc;
}

describe('successPlotSvg', () => {
  it('is a well-formed standalone SVG with one path per tracker', () => {
    const doc = parse(successPlotSvg(curves, { title: 'Success plot of OPE', subtitle: '3 sequences' }));
    const root = doc.documentElement;
    expect(root.localName).toBe('svg');
    expect(root.namespaceURI).toBe('http://www.w3.org/2000/svg');
    const paths = [...doc.querySelectorAll('path.curve')];
    expect(paths).toHaveLength(3);
    expect(paths.map((p) => p.getAttribute('data-tracker')).sort()).toEqual(['dcf', 'nano <&> "track"', 'stay']);
    expect(new Set(paths.map((p) => p.getAttribute('stroke'))).size).toBe(3);
    const texts = [...doc.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts).toContain('Success plot of OPE');
    expect(texts).toContain('3 sequences');
    expect(texts).toContain('Overlap threshold (IoU)');
    expect(texts).toContain('Success rate');
  });

  it('lists the legend best first as "name [AUC]"', () => {
    const doc = parse(successPlotSvg(curves));
    const legend = [...doc.querySelectorAll('g.legend text')].map((t) => t.textContent);
    // AUC = sum over t = k/20 / 21 (the t = 1 point is 0): 1 - t^2 -> (20 - 2470/400)/21 = 0.658;
    // 0.8(1 - t) -> 0.8 * 10.5/21 = 0.4; 0.5 for t < 0.5 -> 10 * 0.5/21 = 0.238.
    expect(legend).toEqual(['nano <&> "track" [0.658]', 'dcf [0.400]', 'stay [0.238]']);
  });

  it('maps threshold to x and success to y inside the plot frame', () => {
    const doc = parse(successPlotSvg([curves[0]], { width: 640, height: 480 }));
    const frame = doc.querySelector('rect.frame')!;
    const [left, top] = [Number(frame.getAttribute('x')), Number(frame.getAttribute('y'))];
    const [right, bottom] = [left + Number(frame.getAttribute('width')), top + Number(frame.getAttribute('height'))];
    const points = doc.querySelector('path.curve')!.getAttribute('d')!.split(/[ML]/).filter(Boolean).map((p) => p.split(',').map(Number));
    expect(points).toHaveLength(21);
    expect(points[0][0]).toBeCloseTo(left, 1);
    expect(points[20]).toEqual([right, bottom]); // success 0 at threshold 1
    expect(points[0][1]).toBeCloseTo(bottom - 0.8 * (bottom - top), 1);
    for (let i = 1; i < 21; i++) expect(points[i][0]).toBeGreaterThan(points[i - 1][0]);
  });

  it('draws an empty plot for no trackers, and refuses a curve of the wrong length', () => {
    const doc = parse(successPlotSvg([]));
    expect(doc.querySelectorAll('path.curve')).toHaveLength(0);
    expect(() => successPlotSvg([{ name: 'x', successCurve: [1, 0], auc: 0.5 }])).toThrow(/has 2 points, expected 21/);
  });
});
