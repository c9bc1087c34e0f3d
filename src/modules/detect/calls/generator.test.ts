import { describe, expect, it } from 'vitest';
import { generateCallRecords } from './generator.ts';
import { defaultParams } from './generator.params.ts';
import { eventTime, parseRecord } from './records.schema.ts';

describe('call-record generator', () => {
  const a = generateCallRecords(defaultParams(4, 120, 3));

  it('is reproducible from its seed and differs across seeds', () => {
    expect(JSON.stringify(generateCallRecords(defaultParams(4, 120, 3)))).toBe(JSON.stringify(a));
    expect(JSON.stringify(generateCallRecords(defaultParams(5, 120, 3)).records)).not.toBe(
      JSON.stringify(a.records),
    );
  });

  it('writes valid records in event-time order, with ground truth for every injected behaviour', () => {
    expect(a.records.every((r) => parseRecord(r).ok)).toBe(true);
    for (let i = 1; i < a.records.length; i++) {
      const prev = a.records[i - 1];
      const cur = a.records[i];
      if (prev && cur) expect(eventTime(cur)).toBeGreaterThanOrEqual(eventTime(prev));
    }
    expect(a.truth.simBoxes.length).toBeGreaterThan(0);
    expect(a.truth.identityHandovers.length).toBeGreaterThan(0);
    expect(a.truth.keyRegionEntries.length).toBeGreaterThan(0);
    const boxPhones = new Set(a.truth.simBoxes.flatMap((b) => b.phones));
    // SIM-box SIMs never receive calls and never send SMS.
    expect(
      a.records.some(
        (r) => boxPhones.has(r.phone) && ((r.kind === 'voice' && r.callType === 2) || r.kind === 'sms'),
      ),
    ).toBe(false);
  });
});
