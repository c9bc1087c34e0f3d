/**
 * The SMS models: multinomial logistic regressions over hashed features (sms.features.ts), one for the
 * verdict (normal / spam / fraud) and one for the fraud type. Weights travel as JSON with int16
 * quantised, base64-encoded arrays (a few hundred KB), and are parsed, not cast, when loaded.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { DomainError } from '../../../shared/errors.ts';

export interface LinearModel {
  readonly classes: readonly string[];
  readonly bits: number;
  /** Row-major: weights[feature * classes.length + class], so one feature's weights sit together. */
  readonly weights: Float32Array;
  readonly bias: Float32Array;
}

export const createLinearModel = (classes: readonly string[], bits: number): LinearModel => ({
  classes,
  bits,
  weights: new Float32Array((1 << bits) * classes.length),
  bias: new Float32Array(classes.length),
});

/**
 * Class probabilities (softmax of the linear scores) written into `out`, which is returned. `mask`
 * folds the hashes to a smaller model's feature space (`h & mask`) without a copy of the hashes.
 * A three-class model can `record` each feature's weights (record[3i + c]) on the way: explaining a
 * verdict then reads them in order instead of fetching them again from the large weight table.
 */
export const predictProbabilities = (
  model: LinearModel,
  hashes: Int32Array,
  values: Float32Array,
  out: Float64Array = new Float64Array(model.classes.length),
  mask = -1,
  record?: Float32Array,
): Float64Array => {
  const k = model.classes.length;
  const w = model.weights;
  if (k === 3) {
    // The verdict model runs on every message: three local accumulators instead of reads and writes
    // of `out` per weight. The same products are added in the same order, so results are bit-equal.
    let s0 = model.bias[0] ?? 0;
    let s1 = model.bias[1] ?? 0;
    let s2 = model.bias[2] ?? 0;
    for (let i = 0; i < hashes.length; i++) {
      const base = ((hashes[i] ?? 0) & mask) * 3;
      const v = values[i] ?? 0;
      const w0 = w[base] ?? 0;
      const w1 = w[base + 1] ?? 0;
      const w2 = w[base + 2] ?? 0;
      s0 += w0 * v;
      s1 += w1 * v;
      s2 += w2 * v;
      if (record) {
        record[3 * i] = w0;
        record[3 * i + 1] = w1;
        record[3 * i + 2] = w2;
      }
    }
    out[0] = s0;
    out[1] = s1;
    out[2] = s2;
  } else {
    // Class by class with a register accumulator: each class's sum still adds the features in order,
    // so the result is the same as feature by feature, without a read and write of `out` per weight.
    for (let c = 0; c < k; c++) {
      let sum = model.bias[c] ?? 0;
      for (let i = 0; i < hashes.length; i++)
        sum += (w[((hashes[i] ?? 0) & mask) * k + c] ?? 0) * (values[i] ?? 0);
      out[c] = sum;
    }
  }
  return softmaxInPlace(out, k);
};

/**
 * A linear model as the classifier holds it: int16 weights (what the model file stores) times one
 * scale. Half the bytes of the Float32Array (verdict table about 0.75 MB, fraud-type 0.4 MB): scoring
 * is a random read per feature, and cache misses on those reads were its cost.
 */
export interface CompactLinearModel {
  readonly classes: readonly string[];
  readonly bits: number;
  /** Row-major like LinearModel.weights, in units of `scale`. */
  readonly weights: Int16Array;
  readonly scale: number;
  readonly bias: Float32Array;
  /** With an even number of classes, the weights read as 32-bit words (two classes each). */
  readonly pairs: Int32Array | undefined;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export const compactLinearModel = (m: LinearModel): CompactLinearModel => {
  const q = quantizeWeights(m.weights);
  const w = q.ints;
  const pairs =
    m.classes.length % 2 === 0 && LITTLE_ENDIAN && w.byteOffset % 4 === 0
      ? new Int32Array(w.buffer, w.byteOffset, w.length >> 1)
      : undefined;
  return { classes: m.classes, bits: m.bits, weights: w, scale: q.scale, bias: m.bias, pairs };
};

/**
 * `predictProbabilities` for a compact model, over the first `count` hashes. The weights of a feature
 * are summed as integers (exact) and scaled once: every feature of a message carries the same value
 * (featurize L2-normalises a vector of ones), which `value` is.
 */
export const predictCompact = (
  model: CompactLinearModel,
  hashes: Int32Array,
  value: number,
  out: Float64Array,
  mask = -1,
  count = hashes.length,
): Float64Array => {
  const k = model.classes.length;
  const w = model.weights;
  const factor = value * model.scale;
  const pairs = model.pairs;
  if (pairs && k === 12) {
    // The taxonomy's twelve fraud types, the fraud-type model of every fraud message: one pass with
    // twelve register sums instead of six passes over the features (the same integer sums).
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let a4 = 0;
    let a5 = 0;
    let a6 = 0;
    let a7 = 0;
    let a8 = 0;
    let a9 = 0;
    let a10 = 0;
    let a11 = 0;
    for (let i = 0; i < count; i++) {
      const b = ((hashes[i] ?? 0) & mask) * 6;
      const w0 = pairs[b] ?? 0;
      const w1 = pairs[b + 1] ?? 0;
      const w2 = pairs[b + 2] ?? 0;
      const w3 = pairs[b + 3] ?? 0;
      const w4 = pairs[b + 4] ?? 0;
      const w5 = pairs[b + 5] ?? 0;
      a0 += (w0 << 16) >> 16;
      a1 += w0 >> 16;
      a2 += (w1 << 16) >> 16;
      a3 += w1 >> 16;
      a4 += (w2 << 16) >> 16;
      a5 += w2 >> 16;
      a6 += (w3 << 16) >> 16;
      a7 += w3 >> 16;
      a8 += (w4 << 16) >> 16;
      a9 += w4 >> 16;
      a10 += (w5 << 16) >> 16;
      a11 += w5 >> 16;
    }
    const sums = [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11];
    for (let c = 0; c < 12; c++) out[c] = (model.bias[c] ?? 0) + (sums[c] ?? 0) * factor;
  } else if (pairs) {
    // Two classes per read: a feature's weights for classes 2j and 2j+1 are one 32-bit word, low half
    // first. Half the reads and index computations of class by class; the integer sums are the same.
    const half = k >> 1;
    for (let j = 0; j < half; j++) {
      let low = 0;
      let high = 0;
      for (let i = 0; i < count; i++) {
        const word = pairs[((hashes[i] ?? 0) & mask) * half + j] ?? 0;
        low += (word << 16) >> 16;
        high += word >> 16;
      }
      out[2 * j] = (model.bias[2 * j] ?? 0) + low * factor;
      out[2 * j + 1] = (model.bias[2 * j + 1] ?? 0) + high * factor;
    }
  } else {
    for (let c = 0; c < k; c++) {
      let sum = 0;
      for (let i = 0; i < count; i++) sum += w[((hashes[i] ?? 0) & mask) * k + c] ?? 0;
      out[c] = (model.bias[c] ?? 0) + sum * factor;
    }
  }
  return softmaxInPlace(out, k);
};

export const softmaxInPlace = (out: Float64Array, k: number): Float64Array => {
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, out[c] ?? 0);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp((out[c] ?? 0) - max);
    out[c] = e;
    sum += e;
  }
  for (let c = 0; c < k; c++) out[c] = (out[c] ?? 0) / sum;
  return out;
};

const QuantizedArray = Type.Object({
  scale: Type.Number({ exclusiveMinimum: 0 }),
  length: Type.Integer({ minimum: 0 }),
  int16Base64: Type.String(),
});
export const SerializedLinearModel = Type.Object({
  classes: Type.Array(Type.String(), { minItems: 2 }),
  bits: Type.Integer({ minimum: 8, maximum: 24 }),
  weights: QuantizedArray,
  bias: Type.Array(Type.Number()),
});
export type SerializedLinearModel = Static<typeof SerializedLinearModel>;

export const SerializedSmsModel = Type.Object({
  version: Type.String({ pattern: '^sms@\\d+\\.\\d+\\.\\d+$' }),
  trainedOn: Type.Record(Type.String(), Type.Integer()),
  verdict: SerializedLinearModel,
  fraudType: SerializedLinearModel,
});
export type SerializedSmsModel = Static<typeof SerializedSmsModel>;

export interface SmsModel {
  readonly version: string;
  readonly verdict: LinearModel;
  readonly fraudType: LinearModel;
}

const quantizeWeights = (data: Float32Array): { readonly ints: Int16Array; readonly scale: number } => {
  let max = 0;
  for (const v of data) max = Math.max(max, Math.abs(v));
  const scale = max > 0 ? max / 32767 : 1;
  const ints = new Int16Array(data.length);
  for (let i = 0; i < data.length; i++) ints[i] = Math.round((data[i] ?? 0) / scale);
  return { ints, scale };
};

const quantize = (data: Float32Array): Static<typeof QuantizedArray> => {
  const { ints, scale } = quantizeWeights(data);
  return { scale, length: data.length, int16Base64: Buffer.from(ints.buffer).toString('base64') };
};

const dequantize = (q: Static<typeof QuantizedArray>, field: string): Float32Array => {
  const bytes = Buffer.from(q.int16Base64, 'base64');
  if (bytes.length !== q.length * 2)
    throw new DomainError('invalid_value', 'weights length does not match', field);
  const ints = new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) out[i] = (ints[i] ?? 0) * q.scale;
  return out;
};

export const serializeLinearModel = (m: LinearModel): SerializedLinearModel => ({
  classes: [...m.classes],
  bits: m.bits,
  weights: quantize(m.weights),
  bias: Array.from(m.bias, (b) => Math.round(b * 1e6) / 1e6),
});

const parseLinear = (s: SerializedLinearModel, field: string): LinearModel => {
  const weights = dequantize(s.weights, `${field}.weights`);
  if (weights.length !== (1 << s.bits) * s.classes.length)
    throw new DomainError('invalid_value', 'weights do not match bits × classes', field);
  if (s.bias.length !== s.classes.length)
    throw new DomainError('invalid_value', 'one bias per class', `${field}.bias`);
  return { classes: s.classes, bits: s.bits, weights, bias: Float32Array.from(s.bias) };
};

/** Validates a model file's JSON and decodes its weights. */
export const parseSmsModel = (json: unknown): SmsModel => {
  if (!Value.Check(SerializedSmsModel, json)) {
    const first = [...Value.Errors(SerializedSmsModel, json)][0];
    throw new DomainError(
      'invalid_value',
      `not an SMS model: ${first?.message ?? 'invalid'}`,
      first?.path || 'model',
    );
  }
  const verdict = parseLinear(json.verdict, 'verdict');
  if (verdict.classes.join() !== 'normal,spam,fraud')
    throw new DomainError('invalid_value', 'verdict classes must be normal, spam, fraud', 'verdict.classes');
  return { version: json.version, verdict, fraudType: parseLinear(json.fraudType, 'fraudType') };
};
