/**
 * One-pass scoring and explanation (sms.evidence.ts) against the plain computation it replaced: the
 * probabilities of `predictCompact`, and reasons ranked over every feature of the message (weight for
 * the class minus the best other, stable sort, best 3 × limit, readable ones named without repeats).
 * Weights are drawn from a few values so that many margins tie and the tie order is tested too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EvidenceCandidates, readableReason, scoreVerdict, topEvidence } from './sms.evidence.ts';
import { FeatureBuffer, featureName } from './sms.features.ts';
import { compactLinearModel, createLinearModel, predictCompact } from './sms.model.ts';

const BITS = 8;
const HAND = ['url', 'money_words', 'length_short', 'signature_none', 'urgency_words'];

const referenceEvidence = (
  weights: Int16Array,
  features: FeatureBuffer,
  target: number,
  limit: number,
  minMargin: number,
  lower: string,
  hand: readonly string[],
): string[] => {
  const ranked: Array<{ i: number; margin: number }> = [];
  for (let i = 0; i < features.count; i++) {
    const start = features.starts[i] ?? 0;
    if (start >= 0 && (features.ends[i] ?? 0) < start + 2) continue;
    const w = [0, 1, 2].map((c) => weights[(features.hashes[i] ?? 0) * 3 + c] ?? 0);
    const margin = (w[target] ?? 0) - Math.max(...w.filter((_, c) => c !== target));
    if (margin > minMargin) ranked.push({ i, margin });
  }
  ranked.sort((a, b) => b.margin - a.margin);
  const out: string[] = [];
  for (const { i } of ranked.slice(0, 3 * limit)) {
    const reason = readableReason(featureName(features, i, lower, hand));
    if (reason !== undefined && !out.includes(reason) && out.length < limit) out.push(reason);
  }
  return out;
};

describe('scoreVerdict and topEvidence', () => {
  const text = fc
    .array(fc.constantFrom(...'刷单返利日结佣金 加微信 abc free cash 0123 won prize, ok'.split('')), {
      maxLength: 60,
    })
    .map((cs) => cs.join(''));
  it('score as predictCompact and rank reasons as the plain ranking over every feature', () => {
    const model = createLinearModel(['normal', 'spam', 'fraud'], BITS);
    const buffer = new FeatureBuffer();
    const candidates = new EvidenceCandidates();
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(-3, -1, 0, 0, 1, 2, 3), {
          minLength: model.weights.length,
          maxLength: model.weights.length,
        }),
        text,
        fc.subarray(HAND),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom(0, 0.5, 1.5),
        (weights, lower, hand, limit, marginInSteps) => {
          model.weights.set(weights);
          const compact = compactLinearModel(model);
          const minMargin = marginInSteps * (32767 / 3);
          buffer.fill(lower, hand, BITS);
          const probabilities = new Float64Array(3);
          scoreVerdict(compact, buffer, probabilities, minMargin, candidates);
          const plain = predictCompact(
            compact,
            buffer.hashes,
            buffer.value,
            new Float64Array(3),
            -1,
            buffer.count,
          );
          expect(Array.from(probabilities)).toEqual(Array.from(plain));
          for (let target = 0; target < 3; target++)
            expect(topEvidence(candidates, target, limit, buffer, lower, hand)).toEqual(
              referenceEvidence(compact.weights, buffer, target, limit, minMargin, lower, hand),
            );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps what a copy holds when the shared candidates are reused', () => {
    const model = createLinearModel(['normal', 'spam', 'fraud'], BITS);
    model.weights.forEach((_, i) => (model.weights[i] = ((i * 7919) % 7) - 3));
    const compact = compactLinearModel(model);
    const buffer = new FeatureBuffer();
    const shared = new EvidenceCandidates();
    scoreVerdict(compact, buffer.fill('刷单返利 free cash', ['url'], BITS), new Float64Array(3), 0, shared);
    const copy = shared.copy();
    const origins = buffer.vector();
    const before = [0, 1, 2].map((t) => topEvidence(copy, t, 5, origins, '刷单返利 free cash', ['url']));
    expect(before.flat().length).toBeGreaterThan(0);
    scoreVerdict(compact, buffer.fill('ok see you', [], BITS), new Float64Array(3), 0, shared);
    expect([0, 1, 2].map((t) => topEvidence(copy, t, 5, origins, '刷单返利 free cash', ['url']))).toEqual(
      before,
    );
  });
});
