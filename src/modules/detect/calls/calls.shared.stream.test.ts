import { afterAll, beforeAll, expect, it } from 'vitest';
import { memoryBus } from '../../../adapters/bus/memory.bus.ts';
import { partitionOfKey, type Bus } from '../../../adapters/bus/bus.port.ts';
import { systemClock } from '../../../shared/clock.ts';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../../../../test/support/databases.ts';
import { SCENARIO_ORG, scenarioCalls } from '../../../../test/support/stream-scenario.ts';
import { collectAlerts, newestEventTime } from '../../stream/stream.producer.ts';
import { referenceCallAlerts } from '../../stream/stream.reference.ts';
import { STREAMS } from '../../stream/streams.schema.ts';
import { callsStreamHandler } from './calls.stream.ts';
import { callsSharedStreamHandler } from './calls.shared.stream.ts';

const PARTITIONS = 5;

/** A second-stage snapshot with each organisation's days in day order (restoring may add them in another). */
const daysSorted = (snapshot: string): unknown => {
  const s = JSON.parse(snapshot) as { orgs: Array<[string, { days: Array<[number, unknown]> }]> };
  for (const [, o] of s.orgs) o.days.sort((a, b) => a[0] - b[0]);
  return s;
};

describeEachDatabase('calls second stage (device and identity partitions)', (dialect) => {
  let db: TestDatabase;
  let bus: Bus;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    bus = memoryBus({ partitions: PARTITIONS, maxBacklog: 1_000_000 });
  });
  afterAll(async () => {
    await bus.close();
    await db.drop();
  });

  it('finds what the single engine finds, with every message delivered twice and a restore half-way from deltas', async () => {
    const records = scenarioCalls(150, 6);
    const deps = { db: db.handle.db, bus, clock: systemClock };
    const first = callsStreamHandler(deps);
    const subscribers = Array.from({ length: PARTITIONS }, (_, p) => first.open(p, undefined));
    for (const r of records)
      subscribers[partitionOfKey(r.phone, PARTITIONS)]?.apply({ org: SCENARIO_ORG, record: r });
    for (const s of subscribers)
      s.apply({ org: SCENARIO_ORG, control: 'finish', newest: newestEventTime(records) });
    for (const s of subscribers) await s.flush();
    // The subscriber stage alone finds only what one subscriber's state shows.
    const subscriberOnly = new Set((await collectAlerts(bus, 'check')).keys());
    const single = referenceCallAlerts(SCENARIO_ORG, records, 1);
    expect(subscriberOnly.size).toBeLessThan(single.size);

    const second = callsSharedStreamHandler({ ...deps, sources: PARTITIONS });
    for (let p = 0; p < PARTITIONS; p++) {
      const deliveries = await bus.read(STREAMS.callsShared.name, 'test', p, 1_000_000, 0);
      const bodies = deliveries.flatMap((d) => d.bodies);
      expect(bodies.length).toBeGreaterThan(0);
      let state = second.open(p, undefined);
      const half = Math.floor(bodies.length / 2);
      // Checkpoints along the way: the whole state at the start, a delta every tenth of the messages,
      // and half-way a restore from the whole state and its deltas.
      const full = state.snapshot();
      const deltas: string[] = [];
      const step = Math.max(1, Math.floor(bodies.length / 10));
      bodies.forEach((body, i) => {
        const m = second.parse(body);
        if (!m.ok) throw new Error(m.error);
        state.apply(m.value);
        // A sender repeating itself after a crash: the same evidence again changes nothing.
        state.apply(m.value);
        if (i % step === 0 || i === half) deltas.push(state.delta?.take() ?? '');
        if (i === half) {
          const live = state.snapshot();
          state = second.open(p, full, deltas);
          expect(daysSorted(state.snapshot())).toEqual(daysSorted(live));
        }
      });
      await state.flush();
    }
    // Read alerts are dropped from the stream: the second read holds the second stage's alerts.
    const got = new Set([...subscriberOnly, ...(await collectAlerts(bus, 'check')).keys()]);
    const detectors = new Set([...single].map((id) => id.split('|').slice(1, 3).join('|')));
    expect(detectors).toContain('calls.identity-mismatch@1.0.0|phone');
    expect(detectors).toContain('calls.simbox@1.0.0|device');
    expect(got).toEqual(single);
  });
});
