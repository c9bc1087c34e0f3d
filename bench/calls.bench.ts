/**
 * The call-records engine under the generator's load: records per second through parsing-free
 * ingestion, window features and every detector (the fraud-number model included), on one core; and
 * the memory per active number (typed state, and heap measured around a run).
 */
import type { BenchSuite } from './harness.ts';
import { CallsEngine } from '../src/modules/detect/calls/engine.ts';
import { DEFAULT_ENGINE_CONFIG } from '../src/modules/detect/calls/engine.config.ts';
import { generateCallRecords } from '../src/modules/detect/calls/generator.ts';
import { defaultParams } from '../src/modules/detect/calls/generator.params.ts';
import { loadFraudModel } from '../src/modules/detect/calls/fraud-model.ts';
import { parseRecord } from '../src/modules/detect/calls/records.schema.ts';

export const suite: BenchSuite = {
  name: 'calls',
  async run(record) {
    const { records } = generateCallRecords(defaultParams(77, 3000, 7));
    const model = await loadFraudModel();
    const once = (withModel: boolean): { ms: number; cpuMs: number; engine: CallsEngine; alerts: number } => {
      let alerts = 0;
      const engine = new CallsEngine(
        DEFAULT_ENGINE_CONFIG,
        () => alerts++,
        withModel ? (items) => model.score(items) : undefined,
      );
      const start = performance.now();
      const cpu = process.cpuUsage();
      for (const r of records) engine.ingest(r);
      engine.finish();
      const used = process.cpuUsage(cpu);
      return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, engine, alerts };
    };
    once(true); // warm-up
    const runs = [once(true), once(true), once(true)].sort((a, b) => a.ms - b.ms);
    const best = runs[1] ?? runs[0];
    if (!best) return;
    const plain = [once(false), once(false), once(false)].sort((a, b) => a.ms - b.ms)[1];
    record({
      name: `records/s, ingest + windows + all detectors (${records.length} records)`,
      value: (records.length * 1000) / best.ms,
      unit: 'rec/s',
      goal: '>= 200000',
      ...(plain
        ? { baseline: { name: 'without the fraud-number model', value: (records.length * 1000) / plain.ms } }
        : {}),
    });
    // Wall time suffers when the machine is shared; CPU time of this (single-threaded) process does not,
    // and counts GC helper threads too, so it is a conservative per-core figure.
    record({
      name: 'records per CPU-second (per core), all detectors',
      value: (records.length * 1000) / best.cpuMs,
      unit: 'rec/s',
      goal: '>= 200000',
    });
    const parseStart = performance.now();
    const raw = records.map((r) => JSON.parse(JSON.stringify(r)) as unknown);
    const jsonMs = performance.now() - parseStart;
    const checkStart = performance.now();
    for (const r of raw) parseRecord(r);
    record({
      name: 'records/s, schema validation alone (parse, do not cast)',
      value: (raw.length * 1000) / (performance.now() - checkStart),
      unit: 'rec/s',
    });
    record({
      name: 'records/s, JSON round trip alone (for scale)',
      value: (raw.length * 1000) / jsonMs,
      unit: 'rec/s',
    });
    record({
      name: 'typed state bytes per active number (fixed at creation)',
      value: best.engine.bytesPerNumber,
      unit: 'B',
    });
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const before = process.memoryUsage().heapUsed;
    const kept = once(false);
    gc?.();
    const after = process.memoryUsage().heapUsed;
    record({
      name: `heap per active number, all state (${kept.engine.numbers.size} numbers${gc ? '' : ', no --expose-gc: rough'})`,
      value: (after - before) / kept.engine.numbers.size,
      unit: 'B',
    });
    model.free();
  },
};
