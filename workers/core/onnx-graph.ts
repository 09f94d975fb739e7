/**
 * One rewrite of an ONNX model, in plain bytes (protobuf-wire.ts): a Local Response Normalisation
 * at the end of the graph is replaced by the same formula in elementwise operators and a 1x1
 * convolution, which onnxruntime runs vectorised. Its own LRN kernel took 87 % of DCFNet's kernel
 * time in Node (2.6 ms of a 3.2 ms run on a 64x64 crop, 9.9 of 11.8 ms at 125: its per-kernel
 * profile), far more than the two convolutions before it. The weights file is unchanged (its sha256 is checked before
 * this runs); only the session gets the rewritten graph.
 */
import { concatBytes } from '../../common/bytes';
import {
  fieldString, lengthDelimited, parseMessage, readVarint, rewriteFields, stringField, varintField,
  WIRE_FIXED32, WIRE_LEN, WIRE_VARINT, type WireField,
} from './protobuf-wire';

/** ONNX LRN: y = x / (bias + alpha / size * sum of x^2 over `size` neighbouring channels)^beta. */
export interface LrnParams {
  size: number;
  alpha: number;
  beta: number;
  bias: number;
}

// Field numbers from onnx.proto.
const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_INITIALIZER = 5;
const GRAPH_OUTPUT = 12;
const VALUE_INFO_NAME = 1;
const NODE_INPUT = 1;
const NODE_OUTPUT = 2;
const NODE_OP_TYPE = 4;
const NODE_ATTRIBUTE = 5;
const NODE_DOMAIN = 7;
const ATTR_NAME = 1;
const ATTR_F = 2;
const ATTR_I = 3;
const TENSOR_DIMS = 1;
const TENSOR_DATA_TYPE = 2;
const TENSOR_NAME = 8;
const TENSOR_RAW_DATA = 9;
/** TensorProto.DataType.FLOAT */
const TENSOR_FLOAT = 1;

interface NodeInfo {
  field: WireField;
  inputs: string[];
  outputs: string[];
  opType: string;
  domain: string;
  attributes: Map<string, number>;
}

/**
 * Replace an LRN node whose output is a graph output by
 *   S = X * X;  T = Conv1x1(S, W, B);  Y = X / T^beta   (T^0.75 as sqrt(T) * sqrt(sqrt(T)))
 * with W[o][i] = alpha / size where channel i is in o's window and B = bias: exactly ONNX's
 *   Y = X / (bias + alpha / size * sum of X^2 over the window)^beta.
 * `channels` is the LRN input's channel count (the band matrix's side). Null when the graph has
 * no such node.
 */
export function rewriteFinalLrn(model: Uint8Array, channels: number): { model: Uint8Array; lrn: LrnParams } | null {
  if (!Number.isInteger(channels) || channels < 1) throw new Error(`LRN rewrite needs a positive channel count, got ${channels}`);
  const modelFields = parseMessage(model);
  const graphs = modelFields.filter((f) => f.field === MODEL_GRAPH && f.wire === WIRE_LEN);
  if (graphs.length !== 1) throw new Error(`ONNX model has ${graphs.length} graphs, expected 1`);
  const graph = model.subarray(graphs[0].dataStart, graphs[0].dataEnd);
  const graphFields = parseMessage(graph);
  const outputs = new Set(graphFields.filter((f) => f.field === GRAPH_OUTPUT && f.wire === WIRE_LEN).map((f) => valueInfoName(graph, f)));
  const lrn = graphFields
    .filter((f) => f.field === GRAPH_NODE && f.wire === WIRE_LEN)
    .map((f) => readNode(graph, f))
    .find((n) => n.opType === 'LRN' && (n.domain === '' || n.domain === 'ai.onnx') && n.outputs.length === 1 && outputs.has(n.outputs[0]));
  if (!lrn) return null;
  const size = lrn.attributes.get('size');
  if (!size || !Number.isInteger(size) || size < 1) throw new Error('ONNX LRN node lacks a positive integer "size"');
  const params: LrnParams = {
    size,
    alpha: lrn.attributes.get('alpha') ?? 1e-4,
    beta: lrn.attributes.get('beta') ?? 0.75,
    bias: lrn.attributes.get('bias') ?? 1,
  };
  const [x] = lrn.inputs;
  const [y] = lrn.outputs;
  const t = (name: string) => `${y}__lrn_${name}`;
  const below = Math.floor((size - 1) / 2);
  const above = Math.ceil((size - 1) / 2);
  const band = new Float32Array(channels * channels);
  for (let o = 0; o < channels; o++) {
    for (let i = Math.max(0, o - below); i <= Math.min(channels - 1, o + above); i++) band[o * channels + i] = params.alpha / size;
  }
  const replacement = [
    initializer(t('band'), [channels, channels, 1, 1], band),
    initializer(t('bias'), [channels], new Float32Array(channels).fill(params.bias)),
    node('Mul', [x, x], [t('squares')]),
    node('Conv', [t('squares'), t('band'), t('bias')], [t('base')]),
  ];
  if (params.beta === 0.75) {
    replacement.push(
      node('Sqrt', [t('base')], [t('root')]),
      node('Sqrt', [t('root')], [t('fourth_root')]),
      node('Mul', [t('root'), t('fourth_root')], [t('divisor')]),
    );
  } else {
    replacement.push(initializer(t('beta'), [], Float32Array.of(params.beta)), node('Pow', [t('base'), t('beta')], [t('divisor')]));
  }
  replacement.push(node('Div', [x, t('divisor')], [y]));
  const newGraph = rewriteFields(graph, graphFields, (f) => (f === lrn.field ? concatBytes(replacement) : undefined));
  const newModel = rewriteFields(model, modelFields, (f) => (f === graphs[0] ? lengthDelimited(MODEL_GRAPH, newGraph) : undefined));
  return { model: newModel, lrn: params };
}

function node(opType: string, inputs: string[], outputs: string[]): Uint8Array {
  return lengthDelimited(GRAPH_NODE, concatBytes([
    ...inputs.map((n) => stringField(NODE_INPUT, n)),
    ...outputs.map((n) => stringField(NODE_OUTPUT, n)),
    stringField(NODE_OP_TYPE, opType),
  ]));
}

/** A float32 TensorProto initializer with raw little-endian data. */
function initializer(name: string, dims: number[], values: Float32Array): Uint8Array {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return lengthDelimited(GRAPH_INITIALIZER, concatBytes([
    ...dims.map((d) => varintField(TENSOR_DIMS, d)),
    varintField(TENSOR_DATA_TYPE, TENSOR_FLOAT),
    stringField(TENSOR_NAME, name),
    lengthDelimited(TENSOR_RAW_DATA, raw),
  ]));
}

function valueInfoName(graph: Uint8Array, f: WireField): string {
  const info = graph.subarray(f.dataStart, f.dataEnd);
  const name = parseMessage(info).find((g) => g.field === VALUE_INFO_NAME && g.wire === WIRE_LEN);
  return name ? fieldString(info, name) : '';
}

function readNode(graph: Uint8Array, f: WireField): NodeInfo {
  const node = graph.subarray(f.dataStart, f.dataEnd);
  const info: NodeInfo = { field: f, inputs: [], outputs: [], opType: '', domain: '', attributes: new Map() };
  for (const g of parseMessage(node)) {
    if (g.wire !== WIRE_LEN) continue;
    if (g.field === NODE_INPUT) info.inputs.push(fieldString(node, g));
    else if (g.field === NODE_OUTPUT) info.outputs.push(fieldString(node, g));
    else if (g.field === NODE_OP_TYPE) info.opType = fieldString(node, g);
    else if (g.field === NODE_DOMAIN) info.domain = fieldString(node, g);
    else if (g.field === NODE_ATTRIBUTE) readAttribute(node.subarray(g.dataStart, g.dataEnd), info.attributes);
  }
  return info;
}

/** A float (f) or int (i) attribute into `into`; other kinds are not needed here. */
function readAttribute(attr: Uint8Array, into: Map<string, number>): void {
  let name = '';
  let value: number | undefined;
  for (const a of parseMessage(attr)) {
    if (a.field === ATTR_NAME && a.wire === WIRE_LEN) name = fieldString(attr, a);
    else if (a.field === ATTR_F && a.wire === WIRE_FIXED32) value = new DataView(attr.buffer, attr.byteOffset + a.dataStart, 4).getFloat32(0, true);
    else if (a.field === ATTR_I && a.wire === WIRE_VARINT) value = readVarint(attr, a.dataStart)[0];
  }
  if (name && value !== undefined) into.set(name, value);
}
