import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFraudModel } from './fraud-model.ts';
import { rocAuc } from './metrics.ts';
import { parseFeatureHeader, parseFeatureRow } from './sichuan.features.ts';
import { scanRecordFile, scoreFeatureFile } from '../../../adapters/cli/commands/calls.cli.ts';
import { generateCallRecords } from './generator.ts';
import { defaultParams } from './generator.params.ts';

const FIXTURE = new URL('../../../../test/fixtures/calls/sichuan-sample.csv', import.meta.url);

describe('fraud-number model', () => {
  it('loads the committed model and ranks the sample fraud numbers above the normal ones', async () => {
    const [header = '', ...lines] = readFileSync(FIXTURE, 'utf8').trim().split('\n');
    const layout = parseFeatureHeader(header);
    const rows = lines.map((l) => parseFeatureRow(layout, l));
    const model = await loadFraudModel();
    try {
      const scores = model.score(rows.map((r) => ({ phone: r.phone, row: r.row })));
      expect(scores).toHaveLength(rows.length);
      expect(
        rocAuc(
          scores.map((s) => s.score),
          rows.map((r) => r.label ?? 0),
        ),
      ).toBeGreaterThan(0.9);
      expect(scores.every((s) => s.score >= model.threshold === (s.verdict === 'fraud'))).toBe(true);
    } finally {
      model.free();
    }
  });

  it('rejects a feature file without phone_no_m, naming the column', () => {
    expect(() => parseFeatureHeader('a,b,c')).toThrow(/phone_no_m/);
  });

  it('`calls score` writes one {phone, verdict, score} line per row, ignoring the label column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fanzha-calls-'));
    const out = join(dir, 'scores.jsonl');
    const r = await scoreFeatureFile(FIXTURE.pathname, out);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(r).toEqual({ scored: 120, errors: 0 });
    expect(lines).toHaveLength(120);
    for (const l of lines) {
      expect(Object.keys(l).sort()).toEqual(['phone', 'score', 'verdict']);
      expect(['fraud', 'normal']).toContain(l.verdict);
    }
  });

  it('`calls scan` writes alerts with the contract fields', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fanzha-calls-'));
    const input = join(dir, 'records.jsonl');
    const { records } = generateCallRecords(defaultParams(8, 200, 4));
    writeFileSync(input, records.map((r) => JSON.stringify(r)).join('\n') + '\n{"kind":"voice"}\n');
    const out = join(dir, 'alerts.jsonl');
    const r = await scanRecordFile(input, out, false);
    expect(r.errors).toBe(1);
    const alerts = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts)
      for (const k of ['detector', 'subject', 'verdict', 'score', 'reasons', 'window'])
        expect(a).toHaveProperty(k);
  });
});
