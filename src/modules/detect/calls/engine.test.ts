import { describe, expect, it } from 'vitest';
import { CallsEngine, type CallAlert } from './engine.ts';
import { DEFAULT_ENGINE_CONFIG } from './engine.config.ts';
import { generateCallRecords } from './generator.ts';
import { defaultParams } from './generator.params.ts';
import { eventTime, type CallRecord } from './records.schema.ts';
import { mulberry32 } from './prng.ts';

const { records, truth } = generateCallRecords(defaultParams(5, 300, 6));

const run = (input: readonly CallRecord[]): { alerts: string[]; engine: CallsEngine } => {
  const alerts: CallAlert[] = [];
  const engine = new CallsEngine(DEFAULT_ENGINE_CONFIG, (a) => alerts.push(a));
  for (const r of input) engine.ingest(r);
  engine.finish();
  return { alerts: alerts.map((a) => JSON.stringify(a)).sort(), engine };
};

describe('calls engine', () => {
  const inOrder = run(records);

  it('finds the injected SIM-boxes and key-region entries in a generated stream', () => {
    const boxes = new Set(
      inOrder.alerts
        .map((a) => JSON.parse(a) as CallAlert)
        .filter((a) => a.subjectType === 'device')
        .map((a) => a.subject),
    );
    for (const b of truth.simBoxes) expect(boxes.has(b.imei)).toBe(true);
    const kicked = new Set(
      inOrder.alerts
        .map((a) => JSON.parse(a) as CallAlert)
        .filter((a) => a.action === 'kick')
        .map((a) => a.subject),
    );
    for (const e of truth.keyRegionEntries) expect(kicked.has(e.phone)).toBe(!e.preRegistered);
  });

  it('gives the same alerts when records arrive out of order (within the lateness) and twice', () => {
    const rnd = mulberry32(99);
    const lateness = DEFAULT_ENGINE_CONFIG.window.allowedLatenessMs;
    const jittered = records.map((r) => ({ r, at: eventTime(r) + rnd.next() * lateness * 0.9 }));
    for (const r of records)
      if (rnd.chance(0.2)) jittered.push({ r: { ...r }, at: eventTime(r) + rnd.next() * lateness * 0.9 });
    jittered.sort((a, b) => a.at - b.at);
    const shuffled = run(jittered.map((x) => x.r));
    expect(shuffled.engine.stats.duplicates).toBeGreaterThan(records.length * 0.15);
    expect(shuffled.engine.stats.late).toBe(0);
    expect(shuffled.alerts).toEqual(inOrder.alerts);
  });

  it('drops records later than the allowed lateness and counts them', () => {
    const engine = new CallsEngine(DEFAULT_ENGINE_CONFIG, () => {});
    const last = records.at(-1);
    const first = records.find((r) => r.kind === 'voice');
    if (!last || !first) throw new Error('generator produced no records');
    engine.ingest(last);
    expect(engine.ingest(first)).toBe('late');
    expect(engine.stats.late).toBe(1);
  });

  it('states a bounded state size per number', () => {
    expect(inOrder.engine.bytesPerNumber).toBeLessThan(8_192);
  });
});
