import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LabelledSms } from '../../../../scripts/sms/data.ts';
import { foldOfKey, groupKeyOf } from '../../../../scripts/sms/folds.ts';
import { DEFAULT_PIPELINE, featurizeAll, trainSmsModel } from '../../../../scripts/sms/pipeline.ts';
import { parseSmsDetectorConfig } from './sms.detector.ts';

const config = parseSmsDetectorConfig(
  JSON.parse(readFileSync(new URL('../../../../models/sms/config.json', import.meta.url), 'utf8')),
);
const sms = (id: string, text: string, label: LabelledSms['label']): LabelledSms => ({
  id,
  text,
  label,
  fraudType: undefined,
  source: 'smishing',
});

describe('SMS cross-validation groups', () => {
  it('puts copies that differ in numbers, spacing, case and punctuation in one group', () => {
    const a = groupKeyOf(
      'PRIVATE! Your 2003 Account Statement for 07753741225 shows 800 un-redeemed S. I. M. points',
    );
    const b = groupKeyOf(
      '\tprivate! Your 2003 Account Statement for 07815296484 shows 800 un-redeemed S.I.M. points.',
    );
    expect(b).toBe(a);
    expect(groupKeyOf('Your 2003 Account Statement for 07753741225 is ready')).not.toBe(a);
  });

  it('draws folds in range, the same for the same key, and other folds for another seed', () => {
    const keys = Array.from({ length: 200 }, (_, i) => `message ${String.fromCharCode(97 + (i % 26))} ${i}`);
    const folds = keys.map((k) => foldOfKey(k, 5));
    expect(folds.every((f) => f >= 0 && f < 5)).toBe(true);
    expect(new Set(folds).size).toBe(5);
    expect(keys.map((k) => foldOfKey(k, 5))).toEqual(folds);
    const other = keys.map((k) => foldOfKey(k, 5, 1));
    expect(other.filter((f, i) => f !== folds[i]).length).toBeGreaterThan(100);
  });
});

describe('trainSmsModel', () => {
  it('trains copies labelled both spam and fraud as "spam or fraud"', () => {
    const rows = [
      sms('a', 'Had your mobile 11 months? Call 08002986030 to update for free', 'fraud'),
      sms('b', 'Had your mobile 11 months? Call 08002986906 to update for free!', 'spam'),
      sms('c', 'You have won a prize, call 09061743389 to claim', 'fraud'),
      sms('d', 'Ringtone club: txt TONE to 85023, 150p per week', 'spam'),
      sms('e', 'See you at lunch tomorrow?', 'normal'),
    ];
    const options = { ...DEFAULT_PIPELINE, unwantedOnlyWeight: DEFAULT_PIPELINE.unwantedWeight };
    const featurized = featurizeAll(rows, config);
    const withOption = trainSmsModel(featurized, 'sms@0.0.1', { ...options, conflictsAsPartial: true });
    // The same as marking the two copies "known only to be unwanted" by hand.
    const byHand = trainSmsModel(
      featurized.map((f) => (f.row.id === 'a' || f.row.id === 'b' ? { ...f, unwantedOnly: true } : f)),
      'sms@0.0.1',
      { ...options, conflictsAsPartial: false },
    );
    expect(Array.from(withOption.verdict.weights)).toEqual(Array.from(byHand.verdict.weights));
    // And not the same as training them with their two labels.
    const asLabelled = trainSmsModel(featurized, 'sms@0.0.1', { ...options, conflictsAsPartial: false });
    expect(Array.from(asLabelled.verdict.weights)).not.toEqual(Array.from(withOption.verdict.weights));
  });
});
