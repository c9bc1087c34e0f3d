/**
 * The SMS detector, `sms@<version>`: `evaluate(input, features, config)` is pure and
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
import { compileLiteralCounter, countLiterals } from '../../../shared/literal-count.ts';
import { extractIndicators, type Indicator } from '../../extract/extract.ts';
import { GATE_WORD_BITS } from '../../extract/text-facts.ts';
import { DEFAULT_BRANDS } from '../../brands/brands.data.ts';
import { FRAUD_TYPE_CUES } from './fraud-type-rules.data.ts';
import { EvidenceCandidates, scoreVerdict, topEvidence } from './sms.evidence.ts';
import { FeatureBuffer, handFeatures, scanSmsWords, type FeatureVector } from './sms.features.ts';
import { compactLinearModel, predictCompact, type SmsModel } from './sms.model.ts';
import { createBrandDirectory, smsCues, type SmsCues } from './sms.sender-cues.ts';
import { normalizeSms, type NormalizedSms } from '../../../shared/text/text-normalize.ts';

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
  /** The number the message came from, when known (a service port is not a private mobile). */
  readonly sender?: string;
}

/** What the model saw and said; computed by the classifier, consumed by `evaluate`. */
export interface SmsFeatures {
  readonly normalized: NormalizedSms;
  readonly indicators: readonly Indicator[];
  /** p(normal), p(spam), p(fraud). */
  readonly probabilities: { readonly normal: number; readonly spam: number; readonly fraud: number };
  readonly fraudTypes: ReadonlyArray<{ readonly code: string; readonly probability: number }>;
  /** Who the message says sent it and what it asks for (sms.sender-cues.ts). */
  readonly cues: SmsCues;
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

/** p(fraud) at which a signature alone (no link, no contact) no longer keeps a message out of fraud. */
const SURE_FRAUD = 0.9;

/**
 * The verdict's index in SMS_VERDICTS: the thresholds on p(spam) and p(fraud), then the cues. A
 * mismatch or an ask (cues.fraud) makes it fraud; a legitimate sender's profile with no such cue
 * (cues.legitimate) keeps it out of fraud: marketing (an unsubscribe line, or p(spam) above
 * p(normal)) is spam, the rest normal.
 */
const verdictIndex = (
  normal: number,
  spam: number,
  fraud: number,
  cues: SmsCues,
  config: SmsDetectorConfig,
): 0 | 1 | 2 => {
  if (cues.fraud !== undefined) return 2;
  const v = fraud >= config.thresholds.fraud ? 2 : spam + fraud >= config.thresholds.spam ? 1 : 0;
  // A signature with nothing else to show for it does not overrule a model that is sure of fraud.
  if (v !== 2 || cues.legitimate === undefined || (cues.signatureOnly && fraud >= SURE_FRAUD)) return v;
  return cues.unsubscribe || spam >= normal ? 1 : 0;
};

/** The cue behind the verdict, as a reason: the fraud cue of a fraud verdict, else the legitimate profile. */
const cueReason = (verdict: 0 | 1 | 2, cues: SmsCues): string | undefined =>
  verdict === 2
    ? cues.fraud === undefined
      ? undefined
      : `fraud cue: ${cues.fraud}`
    : cues.legitimate === undefined
      ? undefined
      : `legitimate sender: ${cues.legitimate}`;

/** The first reason of every decision: the verdict's probability. */
const verdictReason = (verdict: SmsVerdict, probability: number): string =>
  `p(${verdict})=${round(probability)}`;

/**
 * The decision for a verdict, from p(normal), its reasons (verdictReason first) and the likeliest fraud
 * type (named only for fraud, and only when it reaches its threshold). `evaluate` and the classifier's
 * fast `classify` both decide through this, `verdictIndex` and `verdictReason`.
 */
const decide = (
  verdict: SmsVerdict,
  normal: number,
  reasons: string[],
  fraudType: string | undefined,
  fraudTypeProbability: number,
  config: SmsDetectorConfig,
): SmsDecision => {
  const score = round(Math.min(1, Math.max(0, 1 - normal)));
  if (verdict !== 'fraud' || fraudType === undefined || fraudTypeProbability < config.thresholds.fraudType)
    return { verdict, score, reasons };
  return { verdict, score, fraudType, reasons };
};

export const evaluate = (_input: SmsInput, features: SmsFeatures, config: SmsDetectorConfig): SmsDecision => {
  const p = features.probabilities;
  const v = verdictIndex(p.normal, p.spam, p.fraud, features.cues, config);
  const verdict = SMS_VERDICTS[v];
  const cue = cueReason(v, features.cues);
  const reasons = [
    verdictReason(verdict, p[verdict]),
    ...(cue === undefined ? [] : [cue]),
    ...features.explain(verdict).slice(0, config.maxReasons),
  ];
  const best = features.fraudTypes[0];
  return decide(verdict, p.normal, reasons, best?.code, best?.probability ?? -1, config);
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

const CUE_ENTRIES = Object.values(FRAUD_TYPE_CUES);
const CUE_CODES = Object.keys(FRAUD_TYPE_CUES);
const cueCounts = new Float64Array(CUE_ENTRIES.length);
// The cues are sets of literals: all twelve counted in one pass over the text, not a regex scan each.
const CUE_COUNTER = compileLiteralCounter(CUE_ENTRIES);

/**
 * Each type's share of the keyword cues found in the text (cues of every type count in the whole),
 * written into `shares` for the type model's classes (`cueOf`: each class's index in CUE_ENTRIES, or
 * -1); false, and shares of 0, when the text has no cues at all.
 */
const fraudTypeCueShares = (lower: string, cueOf: Int32Array, shares: Float64Array): boolean => {
  const total = countLiterals(CUE_COUNTER, lower, cueCounts);
  for (let i = 0; i < cueOf.length; i++) {
    const k = cueOf[i] ?? -1;
    shares[i] = total > 0 && k >= 0 ? (cueCounts[k] ?? 0) / total : 0;
  }
  return total > 0;
};

/**
 * What `run` computed for `evaluate`, a class so that `explain` is a method: a closure made per
 * message costs more than the object (tsx keeps function names, one property definition each).
 */
class ScoredSms implements SmsFeatures {
  constructor(
    readonly normalized: NormalizedSms,
    readonly indicators: readonly Indicator[],
    readonly probabilities: SmsFeatures['probabilities'],
    readonly fraudTypes: SmsFeatures['fraudTypes'],
    readonly cues: SmsCues,
    private readonly evidence: {
      readonly candidates: EvidenceCandidates;
      readonly origins: Pick<FeatureVector, 'starts' | 'ends'>;
      readonly lower: string;
      readonly hand: readonly string[];
      readonly limit: number;
    },
  ) {}

  explain(verdict: SmsVerdict): string[] {
    const e = this.evidence;
    return topEvidence(e.candidates, SMS_VERDICTS.indexOf(verdict), e.limit, e.origins, e.lower, e.hand);
  }
}

/** What `prepare` leaves besides the shared buffers. */
interface Prepared {
  readonly normalized: NormalizedSms;
  readonly lower: string;
  readonly indicators: readonly Indicator[];
  readonly hand: readonly string[];
  readonly cues: SmsCues;
}

export const createSmsClassifier = (model: SmsModel, config: SmsDetectorConfig): SmsClassifier => {
  const officialSignatures = new Set(config.officialSignatures);
  const officialDomains = new Set(config.officialDomains);
  // The brands' own domains: the generated list and the library's protected brands.
  const brands = createBrandDirectory(
    DEFAULT_BRANDS.map((b) => ({ names: b.names, domains: b.officialDomains })),
  );
  const verdictProbabilities = new Float64Array(3);
  // `classify` reads a message's features only before it returns: one set of buffers serves all.
  const buffer = new FeatureBuffer();
  const sharedCandidates = new EvidenceCandidates();
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
  const typeClasses = typeModel.classes;
  // The type model's feature space is the verdict model's folded to fewer bits: same hashes, masked.
  const typeMask = typeModel.bits === verdictModel.bits ? -1 : (1 << typeModel.bits) - 1;
  // Reasons need a margin of 0.05 in weight units.
  const minMargin = 0.05 / verdictModel.scale;
  const cueShares = new Float64Array(typeClasses.length);
  const cueOf = Int32Array.from(typeClasses, (code) => CUE_CODES.indexOf(code));

  /**
   * Normalise, extract, featurise and score the verdict: the features end in `buffer`, the verdict
   * probabilities in `verdictProbabilities`, the reason candidates in `sharedCandidates`.
   */
  const prepare = (input: SmsInput): Prepared => {
    const normalized = normalizeSms(input.text);
    const lower = normalized.text.toLowerCase();
    // One scan for the words that extraction's gates and the hand features ask about.
    const words = scanSmsWords(lower);
    const indicators = extractIndicators(normalized.text, lower, words & GATE_WORD_BITS);
    const cues = smsCues(lower, normalized.signature, indicators, brands, officialDomains, input.sender);
    const hand = handFeatures({
      normalized,
      lower,
      indicators,
      officialSignatures,
      officialDomains,
      words,
      cues: cues.features,
    });
    buffer.fill(lower, hand, verdictModel.bits);
    scoreVerdict(verdictModel, buffer, verdictProbabilities, minMargin, sharedCandidates);
    return { normalized, lower, indicators, hand, cues };
  };

  /** The fraud-type probabilities of the features in `buffer`, blended with the cues, into typeProbabilities. */
  const scoreTypes = (lower: string): void => {
    predictCompact(typeModel, buffer.hashes, buffer.value, typeProbabilities, typeMask, buffer.count);
    const w = fraudTypeCueShares(lower, cueOf, cueShares) ? config.fraudTypeCueWeight : 0;
    for (let i = 0; i < typeClasses.length; i++)
      typeProbabilities[i] = (1 - w) * (typeProbabilities[i] ?? 0) + w * (cueShares[i] ?? 0);
  };

  // `analyze` hands its features (and `explain`) to the caller, so it gets its own copies.
  const analyze = (input: SmsInput): SmsAnalysis => {
    const { normalized, lower, indicators, hand, cues } = prepare(input);
    const probabilities = {
      normal: verdictProbabilities[0] ?? 0,
      spam: verdictProbabilities[1] ?? 0,
      fraud: verdictProbabilities[2] ?? 0,
    };
    let fraudTypes: Array<{ code: string; probability: number }> = [];
    if (probabilities.fraud >= config.thresholds.fraud || cues.fraud !== undefined) {
      scoreTypes(lower);
      fraudTypes = typeClasses
        .map((code, i) => ({ code, probability: typeProbabilities[i] ?? 0 }))
        .sort((a, b) => b.probability - a.probability);
    }
    const features = new ScoredSms(normalized, indicators, probabilities, fraudTypes, cues, {
      candidates: sharedCandidates.copy(),
      origins: buffer.vector(),
      lower,
      hand,
      limit: config.maxReasons,
    });
    return { decision: evaluate(input, features, config), features };
  };

  /**
   * `analyze(input).decision`, decided as `evaluate` decides, without the features object, the
   * probabilities object and the sorted type list that only `analyze`'s caller reads: this is the
   * path of every message.
   */
  const classify = (input: SmsInput): SmsDecision => {
    const { lower, hand, cues } = prepare(input);
    const normal = verdictProbabilities[0] ?? 0;
    const v = verdictIndex(normal, verdictProbabilities[1] ?? 0, verdictProbabilities[2] ?? 0, cues, config);
    const verdict = SMS_VERDICTS[v];
    const reasons = [verdictReason(verdict, verdictProbabilities[v] ?? 0)];
    const cue = cueReason(v, cues);
    if (cue !== undefined) reasons.push(cue);
    topEvidence(sharedCandidates, v, config.maxReasons, buffer, lower, hand, reasons);
    if (v !== 2) return decide(verdict, normal, reasons, undefined, -1, config);
    scoreTypes(lower);
    // Only the likeliest type is reported (the first of equals, as analyze's stable sort has it).
    let best = -1;
    let bestProbability = -1;
    for (let i = 0; i < typeClasses.length; i++) {
      const probability = typeProbabilities[i] ?? 0;
      if (probability > bestProbability) {
        best = i;
        bestProbability = probability;
      }
    }
    return decide(verdict, normal, reasons, typeClasses[best], bestProbability, config);
  };
  return { version: config.version, classify, analyze };
};
