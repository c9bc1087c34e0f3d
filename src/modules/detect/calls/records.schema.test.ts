import { describe, expect, it } from 'vitest';
import { eventTime, parseRecord, recordKey } from './records.schema.ts';
import { csvRowToObject, RECORD_CSV_COLUMNS, recordToCsv } from '../../../adapters/cli/records.reader.ts';
import { splitCsvLine } from './sichuan.features.ts';

const voice = {
  kind: 'voice',
  phone: '13800000001',
  opposite: '13900000002',
  callType: 1,
  start: 1_772_000_000_000,
  durationSec: 42,
  city: '成都',
  imei: '860000000000001',
};

describe('call record schema', () => {
  it('accepts a voice record and keys it for de-duplication', () => {
    const r = parseRecord(voice);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(eventTime(r.value)).toBe(voice.start);
    expect(recordKey(r.value)).toBe(recordKey({ ...r.value }));
  });

  it('names the field at fault', () => {
    const bad = parseRecord({ ...voice, durationSec: -1 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.field).toBe('durationSec');
    const kind = parseRecord({ ...voice, kind: 'fax' });
    expect(!kind.ok && kind.error.field).toBe('kind');
    expect(parseRecord('not a record').ok).toBe(false);
  });

  it('round-trips a record through the CSV form', () => {
    const r = parseRecord(voice);
    if (!r.ok) throw new Error('fixture invalid');
    const back = parseRecord(csvRowToObject(RECORD_CSV_COLUMNS, splitCsvLine(recordToCsv(r.value))));
    expect(back).toEqual(r);
  });
});
