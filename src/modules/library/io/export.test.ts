import { describe, expect, it } from 'vitest';
import { EXPORT_CSV_COLUMNS, exportCsvHeader, toCsvRow, toJsonlLine } from './export.ts';
import { parseCsv } from './csv.ts';
import { parseCsvHeader, parseImportLine } from './import-line.ts';
import { normalizeValue } from '../normalize/index.ts';
import { sampleRecords } from './export.fixtures.ts';

describe('CSV export', () => {
  it('writes a header and one quoted-as-needed row per record', () => {
    const text = exportCsvHeader() + sampleRecords.map(toCsvRow).join('');
    const rows = parseCsv(text).map((r) => ('fields' in r ? r.fields : []));
    expect(rows[0]).toEqual([...EXPORT_CSV_COLUMNS]);
    const phone = Object.fromEntries(EXPORT_CSV_COLUMNS.map((c, i) => [c, rows[1]?.[i]]));
    expect(phone).toMatchObject({
      type: 'phone',
      normalized: '+8613800138000',
      verdict: 'fraud',
      score: '0.93',
      fraud_type: 'fake_customer_service',
      status: 'confirmed',
      claim_count: '2',
      organisations: 'org-operator;org-bank',
      created_at: '2025-01-01T00:00:00.000Z',
    });
    expect(JSON.parse(phone['claims'] ?? '')).toHaveLength(2);
    expect(rows[2]?.[1]).toBe('http://例子.中国/pay?x="1",2');
  });

  it('re-imports its own export to the same values, verdicts and confidences', () => {
    const rows = parseCsv(exportCsvHeader() + sampleRecords.map(toCsvRow).join(''));
    const [head, ...data] = rows.map((r) => ('fields' in r ? r.fields : []));
    const h = parseCsvHeader(head ?? []);
    if (!h.ok) throw new Error(h.error.message);
    const claims = data.map((fields, i) => parseImportLine('csv', fields, i + 2, h.value));
    const ctx = { pseudonymKey: 'k' };
    claims.forEach((c, i) => {
      const record = sampleRecords[i];
      if (!c.ok || !record) throw new Error(`row ${i + 2} did not re-import`);
      expect(c.value.type).toBe(record.type);
      expect(c.value.confidence).toBe(record.score);
      const again = normalizeValue(c.value.type, c.value.value, ctx);
      expect(again.ok && again.value.normalized).toBe(record.normalized);
    });
    expect(claims.map((c) => c.ok && c.value.verdict)).toEqual(['fraud', 'suspicious', 'benign']);
  });
});

describe('JSONL export', () => {
  it('writes one JSON object per line with ISO timestamps', () => {
    const lines = sampleRecords.map(toJsonlLine);
    expect(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
    const first: unknown = JSON.parse(lines[0] ?? '');
    expect(first).toMatchObject({
      type: 'phone',
      value: '+86 138 0013 8000',
      normalized: '+8613800138000',
      fraudType: 'fake_customer_service',
      updatedAt: '2025-01-01T01:00:00.000Z',
    });
    const reimported = parseImportLine('jsonl', lines[0] ?? '', 1);
    expect(reimported.ok && reimported.value).toMatchObject({
      type: 'phone',
      value: '+8613800138000',
      confidence: 0.93,
    });
  });
});
