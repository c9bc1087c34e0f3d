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
import { featureName, featurize, featurizeView, handFeatures, type FeatureVector } from './sms.features.ts';
import { compactLinearModel, predictCompact, type SmsModel } from './sms.model.ts';
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

// topEvidence's candidate lists, shared: it runs to completion and keeps nothing between calls.
let bestMargins = new Float64Array(16);
let bestIndexes = new Int32Array(16);

/**
 * The features that pushed hardest towards `target` (weight for it minus the best other class),
 * strongest first. `weights` holds each feature's three class weights in feature order (recorded
 * while scoring, in units of the model's scale; `minMargin` is in the same units). Only features that
 * can be cited are ranked: in-word fragments and single characters never read as a reason. Only the
 * winners get names built.
 */
const topEvidence = (
  vector: FeatureVector,
  nameOf: (i: number) => string,
  weights: Int16Array,
  target: number,
  limit: number,
  minMargin: number,
): string[] => {
  // The best few candidates, kept sorted by insertion in two small typed arrays (no allocation
  // per feature on the hot path).
  const keep = limit * 3;
  if (bestMargins.length < keep) {
    bestMargins = new Float64Array(keep);
    bestIndexes = new Int32Array(keep);
  }
  // Local constants, so the loop does not reload the module-level bindings.
  const bestMargin = bestMargins;
  const bestIndex = bestIndexes;
  const { starts, ends } = vector;
  const count = vector.hashes.length;
  let kept = 0;
  const other1 = target === 0 ? 1 : 0;
  const other2 = target === 2 ? 1 : 2;
  for (let i = 0; i < count; i++) {
    const start = starts[i] ?? 0;
    // Hand features have start < 0; text features with end < start + 2 are fragments or one character.
    if (start >= 0 && (ends[i] ?? 0) < start + 2) continue;
    const base = 3 * i;
    const others = Math.max(weights[base + other1] ?? 0, weights[base + other2] ?? 0);
    const margin = (weights[base + target] ?? 0) - others;
    if (margin <= minMargin || (kept >= keep && margin <= (bestMargin[keep - 1] ?? 0))) continue;
    let at = Math.min(kept, keep - 1);
    while (at > 0 && (bestMargin[at - 1] ?? 0) < margin) {
      bestMargin[at] = bestMargin[at - 1] ?? 0;
      bestIndex[at] = bestIndex[at - 1] ?? 0;
      at--;
    }
    bestMargin[at] = margin;
    bestIndex[at] = i;
    if (kept < keep) kept++;
  }
  const out: string[] = [];
  for (let k = 0; k < kept && out.length < limit; k++) {
    const name = nameOf(bestIndex[k] ?? 0);
    if (!readable(name)) continue;
    const reason = name.startsWith('#') ? `feature ${name.slice(1)}` : `text "${name}"`;
    if (!out.includes(reason)) out.push(reason);
  }
  return out;
};
const CUE_ENTRIES = Object.entries(FRAUD_TYPE_CUES);

/** Each type's share of the keyword cues found in the text, or undefined when there are none. */
const fraudTypeCueShares = (lower: string): Map<string, number> | undefined => {
  const counts = new Map<string, number>();
  let total = 0;
  for (const [code, re] of CUE_ENTRIES) {
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
  // Each feature's verdict weights as scored, for `explain`; grown when a message has more features.
  let scratchWeights = new Int16Array(3 * 4096);
  const typeProbabilities = new Float64Array(model.fraudType.classes.length);
  if (model.fraudType.bits > model.verdict.bits)
    throw new DomainError(
      'invalid_value',
      'the fraud-type model may not use more bits than the verdict model',
      'fraudType.bits',
    );
  // The int16 weights the model file stores, so the tables stay small (see CompactLinearModel).
  const verdictModel = compactLinearModel(model.verdict);
  const typeModel = compactLinearModel(model.fraudType);
  // The type model's feature space is the verdict model's folded to fewer bits: same hashes, masked.
  const typeMask = typeModel.bits === verdictModel.bits ? -1 : (1 << typeModel.bits) - 1;
  // Reasons need a margin of 0.05 in weight units.
  const minMargin = 0.05 / verdictModel.scale;

  // `classify` reads the features only before it returns, so it uses views of shared buffers;
  // `analyze` hands its features (and `explain`) to the caller, so it gets its own copy.
  const run = (input: SmsInput, ownVector: boolean): SmsAnalysis => {
    const normalized = normalizeSms(input.text);
    const lower = normalized.text.toLowerCase();
    const indicators = extractIndicators(normalized.text, lower);
    const hand = handFeatures({ normalized, lower, indicators, officialSignatures, officialDomains });
    const vector = (ownVector ? featurize : featurizeView)(lower, hand, verdictModel.bits);
    const count = vector.hashes.length;
    if (scratchWeights.length < 3 * count) scratchWeights = new Int16Array(6 * count);
    // `analyze` hands `explain` to its caller, so it keeps its own copy of the recorded weights.
    const weights = ownVector ? new Int16Array(3 * count) : scratchWeights;
    predictCompact(verdictModel, vector.hashes, vector.value, verdictProbabilities, -1, weights);
    const probabilities = {
      normal: verdictProbabilities[0] ?? 0,
      spam: verdictProbabilities[1] ?? 0,
      fraud: verdictProbabilities[2] ?? 0,
    };
    let fraudTypes: Array<{ code: string; probability: number }> = [];
    if (probabilities.fraud >= config.thresholds.fraud) {
      predictCompact(typeModel, vector.hashes, vector.value, typeProbabilities, typeMask);
      const cues = fraudTypeCueShares(lower);
      const w = cues ? config.fraudTypeCueWeight : 0;
      const blended = (i: number): number =>
        (1 - w) * (typeProbabilities[i] ?? 0) + w * (cues?.get(typeModel.classes[i] ?? '') ?? 0);
      if (ownVector) {
        fraudTypes = typeModel.classes
          .map((code, i) => ({ code, probability: blended(i) }))
          .sort((a, b) => b.probability - a.probability);
      } else {
        // `classify` only reports the likeliest type: no list to build and sort.
        let best = 0;
        let bestProbability = -1;
        for (let i = 0; i < typeModel.classes.length; i++) {
          const probability = blended(i);
          if (probability > bestProbability) {
            best = i;
            bestProbability = probability;
          }
        }
        fraudTypes = [{ code: typeModel.classes[best] ?? '', probability: bestProbability }];
      }
    }
    const explain = (verdict: SmsVerdict): string[] =>
      topEvidence(
        vector,
        (i) => featureName(vector, i, lower, hand),
        weights,
        SMS_VERDICTS.indexOf(verdict),
        config.maxReasons,
        minMargin,
      );
    const features: SmsFeatures = { normalized, indicators, probabilities, fraudTypes, explain };
    return { decision: evaluate(input, features, config), features };
  };

  const classify = (input: SmsInput): SmsDecision => run(input, false).decision;
  const analyze = (input: SmsInput): SmsAnalysis => run(input, true);
  return { version: config.version, classify, analyze };
};
