import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../../common/bytes';
import { encodeVarint, fieldString, lengthDelimited, parseMessage, stringField, varintField } from '../../../workers/core/protobuf-wire';
import { rewriteFinalLrn } from '../../../workers/core/onnx-graph';
import { HAVE_SHARED } from '../../helpers/paths';
import { seededRandom } from '../../helpers/random';
import { sharedModels } from '../trackers/sequence-fixture';

const floatAttr = (name: string, v: number) => {
  const f = new Uint8Array(4);
  new DataView(f.buffer).setFloat32(0, v, true);
  // AttributeProto: name (1), f (2, fixed32), type (20) = FLOAT (1)
  return lengthDelimited(5, concatBytes([stringField(1, name), encodeVarint((2 << 3) | 5), f, varintField(20, 1)]));
};
const intAttr = (name: string, v: number) => lengthDelimited(5, concatBytes([stringField(1, name), varintField(3, v), varintField(20, 2)]));
/** ValueInfoProto of a float tensor with a fixed shape. */
const tensorInfo = (field: number, name: string, dims: number[]) => lengthDelimited(field, concatBytes([
  stringField(1, name),
  lengthDelimited(2, lengthDelimited(1, concatBytes([varintField(1, 1), lengthDelimited(2, concatBytes(dims.map((d) => lengthDelimited(1, varintField(1, d)))))]))),
]));

/** A model that is only X -> LRN -> Y, built byte by byte (ONNX ir 7, opset 13). */
function lrnOnlyModel(dims: number[], attrs: { size: number; alpha?: number; beta?: number; bias?: number }): Uint8Array {
  const node = lengthDelimited(1, concatBytes([
    stringField(1, 'X'), stringField(2, 'Y'), stringField(3, 'norm'), stringField(4, 'LRN'),
    intAttr('size', attrs.size),
    ...(attrs.alpha === undefined ? [] : [floatAttr('alpha', attrs.alpha)]),
    ...(attrs.beta === undefined ? [] : [floatAttr('beta', attrs.beta)]),
    ...(attrs.bias === undefined ? [] : [floatAttr('bias', attrs.bias)]),
  ]));
  const graph = concatBytes([node, stringField(2, 'lrn-only'), tensorInfo(11, 'X', dims), tensorInfo(12, 'Y', dims)]);
  return concatBytes([varintField(1, 7), lengthDelimited(7, graph), lengthDelimited(8, concatBytes([stringField(1, ''), varintField(2, 13)]))]);
}

function opTypes(model: Uint8Array): string[] {
  const graphField = parseMessage(model).find((f) => f.field === 7)!;
  const graph = model.subarray(graphField.dataStart, graphField.dataEnd);
  return parseMessage(graph).filter((f) => f.field === 1).map((f) => {
    const node = graph.subarray(f.dataStart, f.dataEnd);
    return fieldString(node, parseMessage(node).find((g) => g.field === 4)!);
  });
}

async function run(model: Uint8Array, input: Float32Array, dims: number[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
  try {
    const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', input, dims) });
    return out[session.outputNames[0]].data as Float32Array;
  } finally {
    await session.release();
  }
}

function maxRelativeDifference(a: Float32Array, b: Float32Array): number {
  expect(b.length).toBe(a.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1e-3, Math.abs(a[i])));
  return worst;
}

function randomInput(n: number, seed: number, spread: number): Float32Array {
  const r = seededRandom(seed);
  return Float32Array.from({ length: n }, () => (r() - 0.5) * spread);
}

describe('rewriteFinalLrn', () => {
  const cases = [
    { what: "DCFNet's settings (size 5, beta 0.75: the square-root path)", dims: [2, 7, 5, 6], attrs: { size: 5, alpha: 1e-2, beta: 0.75, bias: 1 } },
    { what: 'another beta (the Pow path)', dims: [1, 6, 4, 4], attrs: { size: 3, alpha: 0.5, beta: 0.6, bias: 2 } },
    { what: "ONNX's defaults for alpha, beta and bias", dims: [1, 3, 3, 3], attrs: { size: 3 } },
    { what: 'a window wider than the channels', dims: [1, 2, 3, 2], attrs: { size: 7, alpha: 1, beta: 0.75, bias: 1 } },
  ];
  for (const { what, dims, attrs } of cases) {
    it(`computes what onnxruntime's LRN computes: ${what}`, async () => {
      const model = lrnOnlyModel(dims, attrs);
      const rewritten = rewriteFinalLrn(model, dims[1]);
      expect(rewritten).not.toBeNull();
      expect(rewritten!.lrn).toMatchObject({ size: attrs.size, beta: Math.fround(attrs.beta ?? 0.75), bias: Math.fround(attrs.bias ?? 1) });
      expect(rewritten!.lrn.alpha).toBeCloseTo(attrs.alpha ?? 1e-4, 9);
      expect(opTypes(rewritten!.model)).not.toContain('LRN');
      const input = randomInput(dims.reduce((a, b) => a * b), 7, 20);
      const expected = await run(model, input, dims);
      const actual = await run(rewritten!.model, input, dims);
      expect(maxRelativeDifference(expected, actual)).toBeLessThan(1e-5);
    });
  }

  it('leaves a graph without a final LRN alone, and refuses a bad channel count', () => {
    const model = lrnOnlyModel([1, 4, 2, 2], { size: 3 });
    expect(() => rewriteFinalLrn(model, 0)).toThrow(/channel count/);
    const noLrn = concatBytes([varintField(1, 7), lengthDelimited(7, concatBytes([
      lengthDelimited(1, concatBytes([stringField(1, 'X'), stringField(2, 'Y'), stringField(4, 'Relu')])),
      tensorInfo(11, 'X', [1, 4]), tensorInfo(12, 'Y', [1, 4]),
    ]))]);
    expect(rewriteFinalLrn(noLrn, 4)).toBeNull();
  });

  it.runIf(HAVE_SHARED)('gives the real DCFNet the same features, without its LRN kernel', async () => {
    const model = sharedModels(['dcfnet']).dcfnet!.feature;
    const rewritten = rewriteFinalLrn(model, 32)!;
    expect(rewritten.lrn).toMatchObject({ size: 5, beta: 0.75, bias: 1 });
    expect(opTypes(model)).toContain('LRN');
    expect(opTypes(rewritten.model)).toEqual(['Conv', 'Relu', 'Conv', 'Mul', 'Conv', 'Sqrt', 'Sqrt', 'Mul', 'Div']);
    const dims = [2, 3, 48, 48];
    // BGR minus the mean, as the tracker feeds it
    const input = randomInput(2 * 3 * 48 * 48, 11, 255);
    const expected = await run(model, input, dims);
    const actual = await run(rewritten.model, input, dims);
    expect(maxRelativeDifference(expected, actual)).toBeLessThan(1e-4);
  });
});
