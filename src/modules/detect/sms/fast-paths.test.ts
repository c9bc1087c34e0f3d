/**
 * The SMS engine's fast paths give exactly what the plain code they replaced gives (speed must not
 * change a verdict, score or reason): the typed-array LSH buckets against a Map, the model's unrolled and class-by-class
 * scoring against the feature-by-feature loop,
 * one word scan for extraction and the hand features against a scan each, the fraud-type cues counted
 * in one pass against a `match` each.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractIndicators } from '../../extract/extract.ts';
import { GATE_WORD_BITS } from '../../extract/text-facts.ts';
import { compileLiteralCounter, countLiterals } from '../../../shared/literal-count.ts';
import { FRAUD_TYPE_CUES } from './fraud-type-rules.data.ts';
import { LshBuckets } from './lsh-buckets.ts';
import { handFeatures, scanSmsWords } from './sms.features.ts';
import { loadSmsClassifier } from './sms.loader.ts';
import { compactLinearModel, createLinearModel, predictCompact, predictProbabilities } from './sms.model.ts';
import { normalizeSms } from '../../../shared/text/text-normalize.ts';

describe('LshBuckets', () => {
  it('visits and keeps what a Map of arrays capped at four members would', () => {
    // Few distinct keys (so buckets fill), spread over the whole 32-bit range (so the table grows).
    const keys = fc.constantFrom(0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 12345, 0x9e3779b1, 42, 7, 99);
    fc.assert(
      fc.property(fc.array(keys, { maxLength: 300 }), (sequence) => {
        const table = new LshBuckets(16);
        const map = new Map<number, number[]>();
        sequence.forEach((key, index) => {
          const seen: number[] = [];
          table.visitAndAdd(key, index, (m) => seen.push(m));
          const bucket = map.get(key);
          expect(seen).toEqual(bucket ?? []);
          if (!bucket) map.set(key, [index]);
          else if (bucket.length < LshBuckets.SLOTS) bucket.push(index);
        });
      }),
      { numRuns: 300 },
    );
  });
});

/** The feature-by-feature loop the fast paths replaced. */
const reference = (
  model: ReturnType<typeof createLinearModel>,
  hashes: Int32Array,
  values: Float32Array,
  mask: number,
): Float64Array => {
  const k = model.classes.length;
  const out = new Float64Array(k);
  for (let c = 0; c < k; c++) out[c] = model.bias[c] ?? 0;
  for (let i = 0; i < hashes.length; i++) {
    const base = ((hashes[i] ?? 0) & mask) * k;
    for (let c = 0; c < k; c++) out[c] = (out[c] ?? 0) + (model.weights[base + c] ?? 0) * (values[i] ?? 0);
  }
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, out[c] ?? 0);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    out[c] = Math.exp((out[c] ?? 0) - max);
    sum += out[c] ?? 0;
  }
  for (let c = 0; c < k; c++) out[c] = (out[c] ?? 0) / sum;
  return out;
};

/** A k-class model over 10 bits, and arbitraries of its weights, of feature hashes and of a mask. */
const modelCase = (k: number, minFeatures: number) => {
  const model = createLinearModel(
    Array.from({ length: k }, (_, c) => `c${c}`),
    10,
  );
  const weights = fc.array(fc.float({ noNaN: true, noDefaultInfinity: true, min: -4, max: 4 }), {
    minLength: model.weights.length,
    maxLength: model.weights.length,
  });
  const hashes = fc.array(fc.integer({ min: 0, max: 0xfffff }), { minLength: minFeatures, maxLength: 200 });
  return { model, weights, hashes, mask: fc.constantFrom(-1, 0x3ff, 0xff) };
};

describe('predictProbabilities', () => {
  it.each([3, 12])('gives bit-identical probabilities to the plain loop (%i classes)', (k) => {
    const { model, ...arbitrary } = modelCase(k, 0);
    fc.assert(
      fc.property(arbitrary.weights, arbitrary.hashes, arbitrary.mask, (weights, raw, mask) => {
        model.weights.set(weights);
        const hashes = Int32Array.from(raw, (h) => (mask === -1 ? h & 0x3ff : h));
        const values = new Float32Array(hashes.length).fill(hashes.length ? 1 / Math.sqrt(hashes.length) : 0);
        const record = new Float32Array(3 * hashes.length);
        const fast = predictProbabilities(
          model,
          hashes,
          values,
          undefined,
          mask,
          k === 3 ? record : undefined,
        );
        expect(Array.from(fast)).toEqual(Array.from(reference(model, hashes, values, mask)));
        if (k === 3)
          hashes.forEach((h, i) => {
            expect(record[3 * i + 2]).toBe(model.weights[(h & mask) * 3 + 2]);
          });
      }),
      { numRuns: 40 },
    );
  });
});

describe('predictCompact', () => {
  it.each([3, 10, 12])(
    'gives the probabilities of the int16 weights the model file stores (%i classes)',
    (k) => {
      const { model, ...arbitrary } = modelCase(k, 1);
      fc.assert(
        fc.property(arbitrary.weights, arbitrary.hashes, arbitrary.mask, (weights, raw, mask) => {
          model.weights.set(weights);
          model.bias.set(Array.from({ length: k }, (_, c) => c / 10));
          const compact = compactLinearModel(model);
          // What the float path computes on the weights after a round trip through the int16 file form.
          const dequantized = {
            ...model,
            weights: Float32Array.from(compact.weights, (q) => q * compact.scale),
          };
          const hashes = Int32Array.from(raw, (h) => (mask === -1 ? h & 0x3ff : h));
          const value = 1 / Math.sqrt(hashes.length);
          const values = new Float32Array(hashes.length).fill(value);
          const fast = predictCompact(compact, hashes, value, new Float64Array(k), mask);
          const slow = predictProbabilities(dequantized, hashes, values, undefined, mask);
          fast.forEach((p, c) => expect(p).toBeCloseTo(slow[c] ?? NaN, 5));
          // The paired and unrolled reads sum the same integers as class by class: bit-equal.
          const plain = predictCompact(
            { ...compact, pairs: undefined },
            hashes,
            value,
            new Float64Array(k),
            mask,
          );
          expect(Array.from(fast)).toEqual(Array.from(plain));
          // Over the first `count` hashes of a longer buffer, as the classifier's reused buffers are.
          const longer = Int32Array.from([...hashes, 1, 2, 3]);
          const counted = predictCompact(compact, longer, value, new Float64Array(k), mask, hashes.length);
          expect(Array.from(counted)).toEqual(Array.from(fast));
        }),
        { numRuns: 40 },
      );
    },
  );
});

describe('classify on shared buffers', () => {
  const classifier = loadSmsClassifier();
  const a = '【京东】您的订单异常，客服将为您办理退款，请加微信kf8899联系 http://jd-refund.top/a';
  const b = 'Hey, are we still on for dinner at 7? Call me when you get out of the meeting.';
  it('leaves what analyze handed out intact, and decides as analyze does', () => {
    const first = classifier.analyze({ text: a });
    const before = first.features.explain('fraud');
    // classify reuses the feature buffers: an earlier analysis must not see them change.
    expect(classifier.classify({ text: b })).toEqual(classifier.analyze({ text: b }).decision);
    expect(first.features.explain('fraud')).toEqual(before);
    expect(classifier.classify({ text: a })).toEqual(first.decision);
  });
});

describe('scanSmsWords', () => {
  it('gives extraction and the hand features what their own scans give', () => {
    const texts = [
      '【建行】您的账户异常，请立即加微信 abc12345 或 QQ 123456789，退订回T',
      '免费领取红包！支付宝账号：138 0013 8000，验证码 123456，限时今日',
      'URGENT: your parcel is on hold, verify at http://x.top/a or call +44 7700 900123. Reply STOP',
      'WINNER! claim your prize, whatsapp me, line id: abc_123, telegram @scam, t.me/scam, $500 usd',
      'code 4821 is your otp; opt-out text 0',
      'ok see you at 5',
    ];
    const signatures = new Set<string>();
    for (const text of texts) {
      const normalized = normalizeSms(text);
      const lower = normalized.text.toLowerCase();
      const words = scanSmsWords(lower);
      const indicators = extractIndicators(normalized.text, lower);
      expect(extractIndicators(normalized.text, lower, words & GATE_WORD_BITS)).toEqual(indicators);
      const input = {
        normalized,
        lower,
        indicators,
        officialSignatures: signatures,
        officialDomains: signatures,
      };
      expect(handFeatures({ ...input, words })).toEqual(handFeatures(input));
    }
  });
});

describe('countLiterals', () => {
  const cues = Object.values(FRAUD_TYPE_CUES);
  const counter = compileLiteralCounter(cues);
  it('expands every fraud-type cue (none falls back to match)', () => {
    expect(counter.fallback).toEqual([]);
  });
  it('counts what match counts, for the cues and for regexes with options, groups and prefixes', () => {
    const extra = [/ab|a|abc/g, /a(?:b|bc)?c/g, /x[- ]?y|xy/g, /aa/g, /a+/g, /a/gi];
    const all = [...cues, ...extra];
    const both = compileLiteralCounter(all);
    expect(both.fallback.map(([k]) => k)).toEqual([all.length - 2, all.length - 1]);
    // Text made of pieces of the cues, so that matches touch, overlap and repeat.
    const pieces = [
      '刷单',
      '刷流水',
      '老师带单',
      'part-time',
      'part time',
      'skins',
      'skin',
      'v-bucks',
      'abc',
      'ac',
    ];
    const more = [
      'account is suspended',
      'account locked',
      'credit card',
      'x-y',
      'xy',
      'aaa',
      'A',
      ' ',
      '爸妈',
    ];
    const counts = new Float64Array(all.length);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces, ...more)), (parts) => {
        const text = parts.join('');
        const total = countLiterals(both, text, counts);
        const expected = all.map((re) => text.match(re)?.length ?? 0);
        expect(Array.from(counts)).toEqual(expected);
        expect(total).toBe(expected.reduce((s, n) => s + n, 0));
      }),
      { numRuns: 300 },
    );
  });
});
