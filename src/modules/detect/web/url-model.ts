/**
 * The URL model: logistic regression over the dense lexical features (standardised), hashed
 * tokens and whether the host belongs to a well-known site (well-known.ts), one model for bare
 * domains and one for full URLs (their spellings differ, and the many bare scam domains would
 * otherwise set the weights URLs read). Each margin is calibrated (Platt scaling fitted on
 * out-of-fold margins), so the probability it reports is one the thresholds can be read against. Chosen over ml-xgboost because its weights are a small JSON file read without a wasm
 * runtime, it scores well above 50k URLs/s on one core, and each weight can be cited as a reason.
 * Weights live in models/url/model.json, written by `npm run train:url`.
 */
import { readFileSync } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { DomainError } from '../../../shared/errors.ts';
import { DENSE_FEATURES, HASH_BITS, type UrlFeatures } from './url-features.ts';

/** One logistic model: bare domains and full URLs each have their own (they share no weights). */
export const UrlModelPartSchema = Type.Object({
  mean: Type.Array(Type.Number()),
  std: Type.Array(Type.Number()),
  denseWeights: Type.Array(Type.Number()),
  /** The non-zero hashed weights: `hashedWeights[i]` belongs to slot `hashedIndex[i]`. */
  hashedIndex: Type.Array(Type.Integer({ minimum: 0 })),
  hashedWeights: Type.Array(Type.Number()),
  bias: Type.Number(),
  /** Weight of the well-known-host flag (full URLs: a bare well-known domain is decided by the prior). */
  priorWeight: Type.Number(),
  /** Platt scaling `sigmoid(a·margin + b)`, fitted on out-of-fold margins. */
  calibration: Type.Tuple([Type.Number(), Type.Number()]),
});
export type UrlModelPart = Static<typeof UrlModelPartSchema>;

export const UrlModelSchema = Type.Object({
  id: Type.Literal('url'),
  version: Type.String(),
  kind: Type.Literal('logistic'),
  denseFeatures: Type.Array(Type.String()),
  hashBits: Type.Integer({ minimum: 8, maximum: 24 }),
  domain: UrlModelPartSchema,
  url: UrlModelPartSchema,
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
  for (const [name, part] of [
    ['domain', json.domain],
    ['url', json.url],
  ] as const) {
    if (
      json.denseFeatures.join() !== DENSE_FEATURES.join() ||
      part.mean.length !== n ||
      part.std.length !== n ||
      part.denseWeights.length !== n
    )
      throw new DomainError(
        'invalid_value',
        'URL model was trained on other features; run npm run train:url',
        `${name}.denseWeights`,
      );
    if (
      json.hashBits !== HASH_BITS ||
      part.hashedWeights.length !== part.hashedIndex.length ||
      part.hashedIndex.some((i) => i >= 1 << HASH_BITS)
    )
      throw new DomainError(
        'invalid_value',
        'URL model hash size does not match; run npm run train:url',
        `${name}.hashedIndex`,
      );
  }
  return json;
};

export const loadUrlModel = (path: string | URL = DEFAULT_URL_MODEL_PATH): UrlModel =>
  parseUrlModel(JSON.parse(readFileSync(path, 'utf8')) as unknown);

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

// The sparse JSON weights become a dense typed array once per part: the hashed lookups are the hot loop.
// Single precision: the weights have three decimals, and half the bytes keep more of the table in cache.
const typedWeights = new WeakMap<UrlModelPart, Float32Array>();
const hashedWeightsOf = (part: UrlModelPart, bits: number): Float32Array => {
  let w = typedWeights.get(part);
  if (!w) {
    const dense = new Float32Array(1 << bits);
    part.hashedIndex.forEach((slot, i) => (dense[slot] = part.hashedWeights[i] ?? 0));
    typedWeights.set(part, dense);
    w = dense;
  }
  return w;
};

/** The part that reads these features: the bare-domain model or the full-URL model. */
export const partOf = (model: UrlModel, f: UrlFeatures): UrlModelPart =>
  f.dense[0] === 1 ? model.domain : model.url;

/**
 * Raw margin; `contributions`, when given, receives each dense feature's share for the reasons.
 * `wellKnown` says the host is a well-known site's own.
 */
export const urlMargin = (
  model: UrlModel,
  f: UrlFeatures,
  contributions?: Float64Array,
  wellKnown = false,
): number => {
  const part = partOf(model, f);
  let z = part.bias + (wellKnown ? part.priorWeight : 0);
  for (let i = 0; i < f.dense.length; i++) {
    const std = part.std[i] ?? 1;
    const x = ((f.dense[i] ?? 0) - (part.mean[i] ?? 0)) / (std === 0 ? 1 : std);
    const c = x * (part.denseWeights[i] ?? 0);
    if (contributions) contributions[i] = c;
    z += c;
  }
  const weights = hashedWeightsOf(part, model.hashBits);
  for (let i = 0; i < f.hashed.length; i++) z += weights[f.hashed[i] ?? 0] ?? 0;
  return z;
};

/** The calibrated probability of a margin, for a bare domain or a full URL. */
export const calibrated = (model: UrlModel, margin: number, bareDomain: boolean): number => {
  const c = (bareDomain ? model.domain : model.url).calibration;
  return sigmoid(c[0] * margin + c[1]);
};

export const urlProbability = (model: UrlModel, f: UrlFeatures, wellKnown = false): number =>
  calibrated(model, urlMargin(model, f, undefined, wellKnown), f.dense[0] === 1);
