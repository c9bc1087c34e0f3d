import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCsvHeader, parseImportLine, type CsvHeader } from './import-line.ts';
import { readImportBatches } from './import-reader.ts';
import type { ImportFormat } from './import-line.ts';

/** Every outcome of a file, in order. */
const readImportLines = async (format: ImportFormat, input: AsyncIterable<string | Uint8Array>) => {
  const out = [];
  for await (const batch of readImportBatches(format, input)) out.push(...batch);
  return out;
};

const header = (fields: string[]): CsvHeader => {
  const h = parseCsvHeader(fields);
  if (!h.ok) throw new Error(h.error.message);
  return h.value;
};
const chunks = (text: string) => Readable.from([text]);

describe('parseImportLine: JSONL', () => {
  it('fills defaults and infers the type', () => {
    const r = parseImportLine('jsonl', '{"value":"138 0013 8000"}', 7);
    expect(r).toEqual({
      ok: true,
      value: {
        type: 'phone',
        value: '138 0013 8000',
        verdict: 'fraud',
        fraudType: undefined,
        confidence: 0.8,
        sharing: undefined,
        source: 'import',
        validUntil: undefined,
        evidence: undefined,
        attributes: undefined,
      },
    });
  });

  it('accepts camelCase, Chinese fraud-type names and ISO dates', () => {
    const r = parseImportLine(
      'jsonl',
      JSON.stringify({
        type: 'url',
        value: 'http://a.cn/x',
        verdict: 'suspicious',
        fraudType: '刷单返利类',
        confidence: 0.6,
        sharing: 'public',
        source: 'feed:tw165',
        validUntil: '2027-01-01T00:00:00Z',
        evidence: { reports: 3 },
        attributes: { hosting: 'HK' },
      }),
      1,
    );
    expect(r.ok && r.value).toMatchObject({
      type: 'url',
      verdict: 'suspicious',
      fraudType: 'task_rebate',
      confidence: 0.6,
      sharing: 'public',
      source: 'feed:tw165',
      validUntil: Date.UTC(2027, 0, 1),
      evidence: { reports: 3 },
      attributes: { hosting: 'HK' },
    });
  });

  it.each([
    ['not json', 'line'],
    ['[1,2]', 'line'],
    ['{}', 'value'],
    ['{"value":"abc"}', 'type'],
    ['{"value":"x","type":"fax"}', 'type'],
    ['{"value":"13800138000","verdict":"maybe"}', 'verdict'],
    ['{"value":"13800138000","fraud_type":"lottery"}', 'fraud_type'],
    ['{"value":"13800138000","confidence":1.5}', 'confidence'],
    ['{"value":"13800138000","confidence":"high"}', 'confidence'],
    ['{"value":"13800138000","sharing":"everyone"}', 'sharing'],
    ['{"value":"13800138000","validUntil":"someday"}', 'valid_until'],
    ['{"value":"13800138000","evidence":[1]}', 'evidence'],
    ['{"value":"13800138000","attributes":{"a":{"b":1}}}', 'attributes.a'],
  ])('rejects %s at field %s with the line number', (text, field) => {
    const r = parseImportLine('jsonl', text, 42);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatchObject({ line: 42, field });
  });

  it('never throws on arbitrary lines', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.json()), (text) => {
        const r = parseImportLine('jsonl', text, 1);
        if (r.ok) expect(r.value.value.length).toBeGreaterThan(0);
        else expect(r.error.line).toBe(1);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('parseImportLine: CSV', () => {
  it('reads columns by header name, in any order, ignoring unknown columns', () => {
    const h = header(['Fraud Type', 'value', 'comment', 'confidence', 'valid_until']);
    const r = parseImportLine(
      'csv',
      ['冒充公检法及政府机关', '+86 10 1234 5678', 'whatever', '0.9', '1798761600000'],
      3,
      h,
    );
    expect(r.ok && r.value).toMatchObject({
      type: 'phone',
      fraudType: 'impersonate_authority',
      confidence: 0.9,
      validUntil: 1798761600000,
    });
  });

  it('takes CSV evidence as JSON when it is an object and as a note otherwise', () => {
    const h = header(['value', 'evidence']);
    const json = parseImportLine('csv', ['13800138000', '{"call":"2024-01-01"}'], 2, h);
    const note = parseImportLine('csv', ['13800138000', 'reported by 5 users'], 3, h);
    expect(json.ok && json.value.evidence).toEqual({ call: '2024-01-01' });
    expect(note.ok && note.value.evidence).toEqual({ note: 'reported by 5 users' });
  });

  it('refuses a header without a value column, duplicate columns and too many fields', () => {
    expect(parseCsvHeader(['type', 'verdict']).ok).toBe(false);
    expect(parseCsvHeader(['value', 'Value']).ok).toBe(false);
    const r = parseImportLine('csv', ['a', 'b', 'c'], 9, header(['value', 'type']));
    expect(!r.ok && r.error).toMatchObject({ line: 9, field: 'line' });
  });
});

describe('readImportLines', () => {
  it('streams a CSV file into claims and numbered rejections', async () => {
    const csv =
      'type,value,verdict,fraud_type\r\nphone,13800138000,fraud,task_rebate\r\nurl,"http://a.cn/?q=1,2",suspicious,\r\nphone,,fraud,\r\n\r\nbank,6222021234567890128,benign,\r\n';
    const out = await readImportLines('csv', chunks(csv));
    expect(out.map((o) => [o.line, o.result.ok])).toEqual([
      [2, true],
      [3, true],
      [4, false],
      [6, true],
    ]);
    const third = out[2]?.result;
    expect(third && !third.ok && third.error.field).toBe('value');
  });

  it('streams JSONL, skipping blank lines and reporting bad ones', async () => {
    const text = '\ufeff{"value":"qq:123456"}\r\n\r\n{oops}\n{"value":"1.2.3.4","type":"ip"}';
    const out = await readImportLines('jsonl', chunks(text));
    expect(out.map((o) => [o.line, o.result.ok])).toEqual([
      [1, true],
      [3, false],
      [4, true],
    ]);
  });

  it('keeps every line once and in order across chunk boundaries and long files', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) =>
      i % 997 === 5 ? 'not json' : JSON.stringify({ type: 'ip', value: `10.0.${i >> 8}.${i & 255}` }),
    );
    const text = lines.join('\n');
    // Chunks of odd sizes split lines at arbitrary places.
    async function* pieces(): AsyncGenerator<Uint8Array> {
      const bytes = new TextEncoder().encode(text);
      for (let at = 0, size = 1; at < bytes.length; at += size, size = (size * 7 + 3) % 9001)
        yield bytes.subarray(at, at + size);
    }
    const batches = [];
    for await (const b of readImportBatches('jsonl', pieces())) batches.push(b);
    const out = batches.flat();
    expect(out.map((o) => o.line)).toEqual(lines.map((_, i) => i + 1));
    expect(out.filter((o) => !o.result.ok).map((o) => o.line)).toEqual([6, 1003, 2000, 2997]);
    const last = out[2999]?.result;
    expect(last?.ok && last.value.value).toBe('10.0.11.183');
  });

  it('stops with one error when the CSV header is unusable', async () => {
    const out = await readImportLines('csv', chunks('a,b\n1,2\n3,4\n'));
    expect(out).toHaveLength(1);
    expect(out[0]?.result.ok).toBe(false);
  });
});
