import { afterAll, beforeAll, expect, it } from 'vitest';
import { memoryBus } from '../../adapters/bus/memory.bus.ts';
import type { Bus } from '../../adapters/bus/bus.port.ts';
import { silentLogger } from '../../shared/logger.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { createTestContainer, type TestContainer } from '../../../test/support/container.ts';
import { SCENARIO_ORG, scenarioCalls } from '../../../test/support/stream-scenario.ts';
import { accessRepository } from '../access/access.repository.ts';
import { callsRepository } from '../detect/calls/calls.repository.ts';
import { writeCallAlerts } from '../detect/calls/calls.stream.ts';
import { DEFAULT_CASE_POLICY } from '../detect/calls/calls.cases.ts';
import { newestEventTime, publishCallRecords, publishCallsFinish, waitForDrain } from './stream.producer.ts';
import { STREAMS } from './streams.schema.ts';
import { callAlertIntake, startDetectorWorkers, type DetectorWorkers } from './workers.factory.ts';

describeEachDatabase('worker call alerts into the library and cases', (dialect) => {
  let t: TestContainer;
  let bus: Bus;
  const workers: DetectorWorkers[] = [];
  beforeAll(async () => {
    t = await createTestContainer(dialect);
    await t.org(SCENARIO_ORG, 'operator');
    bus = memoryBus({ partitions: 4, maxBacklog: 50 });
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await bus.close();
    await t.close();
  });

  const intake = () =>
    callAlertIntake({
      claims: t.c.library,
      cases: t.c.collaboration.detectorCases,
      organisation: (id) => accessRepository().findOrganisation(t.c.handle.db, id),
    });
  const counts = async () => {
    const db = t.c.handle.db;
    const claims = await db
      .selectFrom('claims')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', SCENARIO_ORG)
      .where('source', 'like', 'detector:calls.%')
      .executeTakeFirstOrThrow();
    const cases = await db
      .selectFrom('cases')
      .select(['id', 'created_by'])
      .where('created_by', 'like', 'detector:calls.%')
      .execute();
    const events = await db
      .selectFrom('case_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return { claims: Number(claims.n), cases: cases.length, events: Number(events.n) };
  };

  it('makes each finding one claim and, above its threshold, one case; the same alerts again change nothing', async () => {
    const records = scenarioCalls(100, 6, 5);
    for (const id of ['w1', 'w2'])
      workers.push(
        startDetectorWorkers({
          bus,
          db: t.c.handle.db,
          clock: t.clock,
          logger: silentLogger,
          smsClassifier: t.c.smsClassifier,
          callAlertIntake: intake(),
          workerId: id,
          checkpointMs: 100,
        }),
      );
    await publishCallRecords(bus, SCENARIO_ORG, records, 300);
    await publishCallsFinish(bus, SCENARIO_ORG, newestEventTime(records));
    await waitForDrain(bus, [STREAMS.callRecords.name, STREAMS.callsShared.name], 60_000);

    const alerts = await callsRepository().listAlerts(t.c.handle.db, SCENARIO_ORG, { limit: 10_000 });
    expect(alerts.length).toBeGreaterThan(0);
    // The library refuses values that are not valid (the generator's IMEIs need not have a right check
    // digit): each valid finding is one claim.
    const valid = alerts.filter((a) => {
      try {
        t.c.library.normalize(a.subjectType === 'device' ? 'device' : 'phone', a.subject);
        return true;
      } catch {
        return false;
      }
    });
    expect(valid.length).toBeGreaterThan(0);
    const before = await counts();
    expect(before.claims).toBe(valid.length);
    const casesWanted = valid.filter((a) => {
      const rule = DEFAULT_CASE_POLICY[a.detector.split('@')[0] ?? ''];
      return rule !== undefined && a.score >= rule.openAtScore;
    });
    expect(casesWanted.length).toBeGreaterThan(0);
    expect(before.cases).toBe(casesWanted.length);

    // A redelivered record re-raises the same alerts: stored already, they change nothing.
    await writeCallAlerts(
      { db: t.c.handle.db, bus, clock: t.clock, intake: intake() },
      alerts.map((alert) => ({ org: SCENARIO_ORG, alert })),
    );
    expect(await counts()).toEqual(before);
  });
});
