/**
 * The SMS detector, `sms@<version>` (STYLE rule 8): `evaluate(input, features, config)` is pure and
 * decides from the model's probabilities with thresholds that are data; `createSmsClassifier` does the
 * work before it (normalise → extract → featurise → score) and is what the CLI, the HTTP routes and
 * the shadow runner call.
 *
 * `score` is the probability that the message is unwanted (fraud or spam), 1 − p(normal), so it is
 * one monotone risk scale whatever the verdict.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { DomainError } from '../../../shared/errors.ts';
import { extractIndicators, type Indicator } from '../../extract/extract.ts';
import { FRAUD_TYPE_CUES } from './fraud-type-rules.data.ts';
import { featureName, featurize, handFeatures, type FeatureVector } from './sms.features.ts';
import { predictProbabilities, type SmsModel } from './sms.model.ts';
import { normalizeSms, type NormalizedSms } from './text-normalize.ts';

export const SMS_VERDICTS = ['normal', 'spam', 'fraud'] as const;
export type SmsVerdict = (typeof SMS_VERDICTS)[number];

export const SmsDetectorConfig = Type.Object({
  version: Type.String({ pattern: '^sms@\\d+\\.\\d+\\.\\d+$' }),
  thresholds: Type.Object({
    /** p(fraud) at or above which the verdict is fraud. */
    fraud: Type.Number({ minimum: 0, maximum: 1 }),
    /** p(spam) + p(fraud) at or above which a message that is not fraud is spam. */
    spam: Type.Number({ minimum: 0, maximum: 1 }),
    /** The fraud type is given only when its probability reaches this. */
    fraudType: Type.Number({ minimum: 0, maximum: 1 }),
  }),
  /** Weight of the keyword cues (fraud-type-rules.data.ts) against the type model, 0..1. */
  fraudTypeCueWeight: Type.Number({ minimum: 0, maximum: 1 }),
  maxReasons: Type.Integer({ minimum: 0, maximum: 20 }),
  /** Sender signatures of banks, operators, carriers and government that legitimately send links. */
  officialSignatures: Type.Array(Type.String()),
  officialDomains: Type.Array(Type.String()),
});
export type SmsDetectorConfig = Static<typeof SmsDetectorConfig>;

export const parseSmsDetectorConfig = (json: unknown): SmsDetectorConfig => {
  if (!Value.Check(SmsDetectorConfig, json)) {
    const first = [...Value.Errors(SmsDetectorConfig, json)][0];
    throw new DomainError(
      'invalid_value',
      `invalid SMS detector config: ${first?.message ?? ''}`,
      first?.path || 'config',
    );
  }
  return json;
};

export interface SmsInput {
  readonly text: string;
}

/** What the model saw and said; computed by the classifier, consumed by `evaluate`. */
export interface SmsFeatures {
  readonly normalized: NormalizedSms;
  readonly indicators: readonly Indicator[];
  /** p(normal), p(spam), p(fraud). */
  readonly probabilities: { readonly normal: number; readonly spam: number; readonly fraud: number };
  readonly fraudTypes: ReadonlyArray<{ readonly code: string; readonly probability: number }>;
  /** Features that pushed towards a class, strongest first, as readable names (computed on demand). */
  readonly explain: (verdict: SmsVerdict) => readonly string[];
}

export interface SmsDecision {
  readonly verdict: SmsVerdict;
  readonly score: number;
  readonly fraudType?: string;
  readonly reasons: string[];
}

const round = (v: number): number => Math.round(v * 10000) / 10000;

export const evaluate = (_input: SmsInput, features: SmsFeatures, config: SmsDetectorConfig): SmsDecision => {
  const p = features.probabilities;
  const score = round(Math.min(1, Math.max(0, 1 - p.normal)));
  const verdict: SmsVerdict =
    p.fraud >= config.thresholds.fraud
      ? 'fraud'
      : p.spam + p.fraud >= config.thresholds.spam
        ? 'spam'
        : 'normal';
  const reasons = [
    `p(${verdict})=${round(p[verdict])}`,
    ...features.explain(verdict).slice(0, config.maxReasons),
  ];
  if (verdict !== 'fraud') return { verdict, score, reasons };
  const best = features.fraudTypes[0];
  if (!best || best.probability < config.thresholds.fraudType) return { verdict, score, reasons };
  return { verdict, score, fraudType: best.code, reasons };
};

export interface SmsAnalysis {
  readonly decision: SmsDecision;
  readonly features: SmsFeatures;
}

export interface SmsClassifier {
  readonly version: string;
  classify(input: SmsInput): SmsDecision;
  /** The decision with what led to it (normalised text, indicators, probabilities). */
  analyze(input: SmsInput): SmsAnalysis;
}

/** Digits and in-word fragments explain nothing to an analyst: reasons cite words, phrases and hand features. */
const READABLE_TEXT = /[\u3400-\u9fff]{2}|[a-z]{3}/;
const SILENT_FEATURES = /^#(?:length_|signature_none)/;
const readable = (name: string): boolean =>
  name.startsWith('#') ? !SILENT_FEATURES.test(name) : !name.startsWith('~') && READABLE_TEXT.test(name);

/**
 * The features that pushed hardest towards `target` (weight for it minus the best other class),
 * strongest first. Only the winners get names built.
 */
const topEvidence = (
  vector: FeatureVector,
  nameOf: (i: number) => string,
  weights: Float32Array,
  classCount: number,
  target: number,
  limit: number,
): string[] => {
  // Keep the best few candidates in small arrays: no per-feature allocation on the hot path.
  const keep = limit * 3;
  const bestMargin: number[] = [];
  const bestIndex: number[] = [];
  for (let i = 0; i < vector.hashes.length; i++) {
    const base = (vector.hashes[i] ?? 0) * classCount;
    let others = -Infinity;
    for (let c = 0; c < classCount; c++) if (c !== target) others = Math.max(others, weights[base + c] ?? 0);
    const margin = (weights[base + target] ?? 0) - others;
    if (margin <= 0.05 || (bestMargin.length >= keep && margin <= (bestMargin[keep - 1] ?? 0))) continue;
    let at = Math.min(bestMargin.length, keep - 1);
    while (at > 0 && (bestMargin[at - 1] ?? 0) < margin) {
      bestMargin[at] = bestMargin[at - 1] ?? 0;
      bestIndex[at] = bestIndex[at - 1] ?? 0;
      at--;
    }
    bestMargin[at] = margin;
    bestIndex[at] = i;
  }
  const out: string[] = [];
  for (const i of bestIndex) {
    if (out.length >= limit) break;
    const name = nameOf(i);
    if (!readable(name)) continue;
    const reason = name.startsWith('#') ? `feature ${name.slice(1)}` : `text "${name}"`;
    if (!out.includes(reason)) out.push(reason);
  }
  return out;
};

/** Each type's share of the keyword cues found in the text, or undefined when there are none. */
const fraudTypeCueShares = (lower: string): Map<string, number> | undefined => {
  const counts = new Map<string, number>();
  let total = 0;
  for (const [code, re] of Object.entries(FRAUD_TYPE_CUES)) {
    const n = lower.match(re)?.length ?? 0;
    if (n > 0) counts.set(code, n);
    total += n;
  }
  if (total === 0) return undefined;
  for (const [code, n] of counts) counts.set(code, n / total);
  return counts;
};

export const createSmsClassifier = (model: SmsModel, config: SmsDetectorConfig): SmsClassifier => {
  const officialSignatures = new Set(config.officialSignatures);
  const officialDomains = new Set(config.officialDomains);
  const verdictProbabilities = new Float64Array(3);
  const typeProbabilities = new Float64Array(model.fraudType.classes.length);
  const { verdict: verdictModel, fraudType: typeModel } = model;
  if (typeModel.bits > verdictModel.bits)
    throw new DomainError(
      'invalid_value',
      'the fraud-type model may not use more bits than the verdict model',
      'fraudType.bits',
    );

  const analyze = (input: SmsInput): SmsAnalysis => {
    const normalized = normalizeSms(input.text);
    const lower = normalized.text.toLowerCase();
    const indicators = extractIndicators(normalized.text);
    const hand = handFeatures({ normalized, lower, indicators, officialSignatures, officialDomains });
    const vector = featurize(lower, hand, verdictModel.bits);
    predictProbabilities(verdictModel, vector.hashes, vector.values, verdictProbabilities);
    const probabilities = {
      normal: verdictProbabilities[0] ?? 0,
      spam: verdictProbabilities[1] ?? 0,
      fraud: verdictProbabilities[2] ?? 0,
    };
    let fraudTypes: Array<{ code: string; probability: number }> = [];
    if (probabilities.fraud >= config.thresholds.fraud) {
      // The type model's feature space is the verdict model's folded to fewer bits: same hashes, masked.
      const typeMask = (1 << typeModel.bits) - 1;
      const typeHashes =
        typeModel.bits === verdictModel.bits ? vector.hashes : vector.hashes.map((h) => h & typeMask);
      predictProbabilities(typeModel, typeHashes, vector.values, typeProbabilities);
      const cues = fraudTypeCueShares(lower);
      const w = cues ? config.fraudTypeCueWeight : 0;
      fraudTypes = typeModel.classes
        .map((code, i) => ({
          code,
          probability: (1 - w) * (typeProbabilities[i] ?? 0) + w * (cues?.get(code) ?? 0),
        }))
        .sort((a, b) => b.probability - a.probability);
    }
    const explain = (verdict: SmsVerdict): string[] =>
      topEvidence(
        vector,
        (i) => featureName(vector, i, lower, hand),
        verdictModel.weights,
        3,
        SMS_VERDICTS.indexOf(verdict),
        config.maxReasons,
      );
    const features: SmsFeatures = { normalized, indicators, probabilities, fraudTypes, explain };
    return { decision: evaluate(input, features, config), features };
  };

  const classify = (input: SmsInput): SmsDecision => analyze(input).decision;
  return { version: config.version, classify, analyze };
};
