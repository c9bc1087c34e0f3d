/**
 * The URL model: logistic regression over the dense lexical features (standardised) and hashed
 * tokens. Chosen over ml-xgboost because its weights are a small JSON file read without a wasm
 * runtime, it scores well above 50k URLs/s on one core, and each weight can be cited as a reason.
 * Weights live in models/url/model.json, written by `npm run train:url`.
 */
import { readFileSync } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { DomainError } from '../../../shared/errors.ts';
import { DENSE_FEATURES, HASH_BITS, type UrlFeatures } from './url-features.ts';

export const UrlModelSchema = Type.Object({
  id: Type.Literal('url'),
  version: Type.String(),
  kind: Type.Literal('logistic'),
  denseFeatures: Type.Array(Type.String()),
  mean: Type.Array(Type.Number()),
  std: Type.Array(Type.Number()),
  denseWeights: Type.Array(Type.Number()),
  hashBits: Type.Integer({ minimum: 8, maximum: 24 }),
  hashedWeights: Type.Array(Type.Number()),
  bias: Type.Number(),
  threshold: Type.Number({ minimum: 0, maximum: 1 }),
  training: Type.Record(Type.String(), Type.Unknown()),
});
export type UrlModel = Static<typeof UrlModelSchema>;

export const DEFAULT_URL_MODEL_PATH = new URL('../../../../models/url/model.json', import.meta.url);

/** Parses a model file's content, checking that it fits this code's features. */
export const parseUrlModel = (json: unknown): UrlModel => {
  if (!Value.Check(UrlModelSchema, json)) {
    const first = Value.Errors(UrlModelSchema, json).First();
    throw new DomainError(
      'invalid_value',
      `URL model does not match its schema: ${first?.message ?? ''}`,
      first?.path ?? 'model',
    );
  }
  const n = DENSE_FEATURES.length;
  if (
    json.denseFeatures.join() !== DENSE_FEATURES.join() ||
    json.mean.length !== n ||
    json.std.length !== n ||
    json.denseWeights.length !== n
  )
    throw new DomainError(
      'invalid_value',
      'URL model was trained on other features; run npm run train:url',
      'denseFeatures',
    );
  if (json.hashBits !== HASH_BITS || json.hashedWeights.length !== 1 << HASH_BITS)
    throw new DomainError(
      'invalid_value',
      'URL model hash size does not match; run npm run train:url',
      'hashBits',
    );
  return json;
};

export const loadUrlModel = (path: string | URL = DEFAULT_URL_MODEL_PATH): UrlModel =>
  parseUrlModel(JSON.parse(readFileSync(path, 'utf8')) as unknown);

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

// The JSON array becomes a typed array once per model: the hashed lookups are the hot loop.
const typedWeights = new WeakMap<UrlModel, Float64Array>();
const hashedWeightsOf = (model: UrlModel): Float64Array => {
  let w = typedWeights.get(model);
  if (!w) {
    w = Float64Array.from(model.hashedWeights);
    typedWeights.set(model, w);
  }
  return w;
};

/** Raw margin; `contributions`, when given, receives each dense feature's share for the reasons. */
export const urlMargin = (model: UrlModel, f: UrlFeatures, contributions?: Float64Array): number => {
  let z = model.bias;
  for (let i = 0; i < f.dense.length; i++) {
    const std = model.std[i] ?? 1;
    const x = ((f.dense[i] ?? 0) - (model.mean[i] ?? 0)) / (std === 0 ? 1 : std);
    const c = x * (model.denseWeights[i] ?? 0);
    if (contributions) contributions[i] = c;
    z += c;
  }
  const weights = hashedWeightsOf(model);
  for (let i = 0; i < f.hashed.length; i++) z += weights[f.hashed[i] ?? 0] ?? 0;
  return z;
};

export const urlProbability = (model: UrlModel, f: UrlFeatures): number => sigmoid(urlMargin(model, f));
