import { afterAll, beforeAll, expect, it } from 'vitest';
import { memoryBus } from '../../adapters/bus/memory.bus.ts';
import type { Bus } from '../../adapters/bus/bus.port.ts';
import { systemClock } from '../../shared/clock.ts';
import { silentLogger } from '../../shared/logger.ts';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../../../test/support/databases.ts';
import { SCENARIO_ORG, scenarioCalls, scenarioSms } from '../../../test/support/stream-scenario.ts';
import { alertId, CALLS_GROUP, statsOfSnapshot } from '../detect/calls/calls.stream.ts';
import { callsRepository } from '../detect/calls/calls.repository.ts';
import { loadSmsClassifier } from '../detect/sms/sms.loader.ts';
import { checkpointKey } from './partition-worker.ts';
import {
  collectAlerts,
  publishCallRecords,
  newestEventTime,
  publishCallsFinish,
  publishSms,
  waitForDrain,
} from './stream.producer.ts';
import { referenceCallAlerts, referenceSmsAlerts } from './stream.reference.ts';
import { STREAMS } from './streams.schema.ts';
import { startDetectorWorkers, type DetectorWorkers } from './workers.factory.ts';

const PARTITIONS = 6;

describeEachDatabase('detector workers on the in-process bus', (dialect) => {
  let db: TestDatabase;
  let bus: Bus;
  const classifier = loadSmsClassifier();
  const records = scenarioCalls(120, 6);
  const sms = scenarioSms(42, 4);
  const workers: DetectorWorkers[] = [];
  const start = (id: string): DetectorWorkers => {
    const w = startDetectorWorkers({
      bus,
      db: db.handle.db,
      clock: systemClock,
      logger: silentLogger,
      smsClassifier: classifier,
      workerId: id,
      checkpointMs: 100,
    });
    workers.push(w);
    return w;
  };
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    bus = memoryBus({ partitions: PARTITIONS, maxBacklog: 50 });
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await bus.close();
    await db.drop();
  });

  it('three workers, one leaving and one joining mid-stream, find what one process finds, each record counted once', async () => {
    const [, w2] = [start('w1'), start('w2'), start('w3')];
    const half = Math.floor(records.length / 2);
    await publishCallRecords(bus, SCENARIO_ORG, records.slice(0, half), 500);
    await publishSms(bus, sms.slice(0, sms.length / 2), 200);
    // A worker leaves (its partitions move with their checkpoints) and another joins while records flow.
    await w2?.stop();
    start('w4');
    await publishCallRecords(bus, SCENARIO_ORG, records.slice(half), 500);
    await publishSms(bus, sms.slice(sms.length / 2), 200);
    await publishCallsFinish(bus, SCENARIO_ORG, newestEventTime(records));
    await waitForDrain(
      bus,
      [STREAMS.callRecords.name, STREAMS.callsShared.name, STREAMS.smsRecords.name],
      60_000,
    );

    const stored = await callsRepository().listAlerts(db.handle.db, SCENARIO_ORG, { limit: 10_000 });
    const got = new Set(stored.map((a) => alertId(SCENARIO_ORG, a)));
    // Every detector, the SIM-box and 实名不实人 ones included (their second stage), finds exactly
    // what the single-process pipeline finds.
    const single = referenceCallAlerts(SCENARIO_ORG, records, 1);
    const detectors = new Set([...single].map((id) => id.split('|').slice(1, 3).join('|')));
    expect(detectors.size).toBeGreaterThanOrEqual(6);
    expect(got).toEqual(single);

    let accepted = 0;
    let duplicates = 0;
    for (let p = 0; p < PARTITIONS; p++) {
      const cp = await bus.load(checkpointKey(CALLS_GROUP, STREAMS.callRecords.name, p));
      const snapshot = cp === undefined ? undefined : (JSON.parse(cp) as { state: string }).state;
      for (const s of snapshot === undefined ? [] : statsOfSnapshot(snapshot).values()) {
        accepted += s.accepted;
        duplicates += s.duplicates;
      }
    }
    expect({ accepted, duplicates }).toEqual({ accepted: records.length, duplicates: 0 });

    const alerts = await collectAlerts(bus, 'test');
    const smsAlerts = new Set([...alerts.keys()].filter((id) => id.includes('|sms.campaign@')));
    const expected = await referenceSmsAlerts(classifier, sms, memoryBus({ partitions: 1 }));
    expect(expected.size).toBeGreaterThan(0);
    expect(smsAlerts).toEqual(expected);
  });

  it('sends a poisoned record to the dead-letter stream with its reason and goes on', async () => {
    await bus.publish(STREAMS.callRecords.name, [
      {
        key: '13800000000',
        body: JSON.stringify({ org: SCENARIO_ORG, record: { kind: 'voice', phone: 5 } }),
      },
      { key: '13800000000', body: 'not json' },
    ]);
    await waitForDrain(bus, [STREAMS.callRecords.name], 10_000);
    const dead = await bus.deadLetters(STREAMS.callRecords.name, 10);
    expect(dead.map((d) => d.reason)).toEqual([
      expect.stringMatching(/^schema: \/: Expected union value/),
      'schema: not JSON',
    ]);
  });
});
