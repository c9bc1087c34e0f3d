import { sql } from 'kysely';
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
import { REPORTS_CLIENT, reportInputOf } from './reports.stream.ts';
import {
  callAlertIntake,
  organisationActor,
  startDetectorWorkers,
  type DetectorWorkers,
} from './workers.factory.ts';

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

  it('scores transfers from the bus once each, through the transfers service; refused records to the dead letters', async () => {
    await t.org('org_bank_a', 'bank');
    const transfersBus = memoryBus({ partitions: 3, maxBacklog: 50 });
    const w = startDetectorWorkers({
      bus: transfersBus,
      db: t.c.handle.db,
      clock: t.clock,
      logger: silentLogger,
      smsClassifier: t.c.smsClassifier,
      transfers: {
        ingest: (actor, raw) => t.c.transfers.ingest(actor, raw),
        actorOf: organisationActor(
          (id) => accessRepository().findOrganisation(t.c.handle.db, id),
          'detector:t',
        ),
      },
      workerId: 'tw',
      checkpointMs: 100,
    });
    workers.push(w);
    const start = t.clock.now().getTime() - 86_400_000;
    // Forty payers fan into one account within hours: a mule's shape.
    const transfers = Array.from({ length: 40 }, (_, i) => ({
      org: 'org_bank_a',
      id: `tx-${i}`,
      payer: `62220000000${String(1000 + i)}`,
      payee: '6222999900001111',
      amount: 4_900 + i,
      currency: 'CNY',
      time: start + i * 600_000,
    }));
    const publish = (list: readonly unknown[]) =>
      transfersBus.publish(
        STREAMS.transfers.name,
        list.map((m) => ({ key: (m as { payee: string }).payee, body: JSON.stringify(m) })),
      );
    await publish(transfers);
    // Sent again (a producer's retry), one the service refuses, and one of an unknown organisation.
    await publish([
      ...transfers.slice(0, 10),
      { ...transfers[0], id: 'tx-zero', amount: 0 },
      { ...transfers[1], id: 'tx-x', org: 'org_nobody' },
    ]);
    await waitForDrain(transfersBus, [STREAMS.transfers.name], 30_000);
    // The transfers module keeps its own tables (outside the shared schema type): counted in SQL.
    const stored = await sql<{ n: number | string }>`select count(*) as n from transfers`.execute(
      t.c.handle.db,
    );
    expect(Number(stored.rows[0]?.n)).toBe(transfers.length);
    expect(await t.c.transfers.score('6222999900001111')).toBeDefined();
    const dead = await transfersBus.deadLetters(STREAMS.transfers.name, 10);
    expect(dead.map((d) => d.reason).sort()).toEqual([
      expect.stringMatching(/^ingest: transfers\[0\]\.amount: /),
      'unknown organisation org_nobody',
    ]);
    await w.stop();
    await transfersBus.close();
  });

  it('files public reports from the bus once each through the report desk; refused ones to the dead letters', async () => {
    const reportsBus = memoryBus({ partitions: 3, maxBacklog: 50 });
    const w = startDetectorWorkers({
      bus: reportsBus,
      db: t.c.handle.db,
      clock: t.clock,
      logger: silentLogger,
      smsClassifier: t.c.smsClassifier,
      reports: t.c.collaboration.reports,
      workerId: 'rw',
      checkpointMs: 100,
    });
    workers.push(w);
    const count = async (): Promise<number> =>
      Number(
        (
          await t.c.handle.db
            .selectFrom('reports')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const time = t.clock.now().getTime();
    const reports = Array.from({ length: 6 }, (_, i) => ({
      id: `r-${i}`,
      type: 'phone',
      value: `1706500${String(1000 + i)}`,
      fraudType: 'impersonation',
      time: time + i,
      channel: 'call',
      text: `冒充客服来电，要求转账 ${i}`,
    }));
    const publish = (list: ReadonlyArray<{ id: string; value: string; type: string }>) =>
      reportsBus.publish(
        STREAMS.publicReports.name,
        list.map((m) => ({ key: m.value, body: JSON.stringify(m) })),
      );
    await publish(reports);
    await waitForDrain(reportsBus, [STREAMS.publicReports.name], 30_000);
    // Resent (a producer's retry) after the checkpoint, and one the desk refuses.
    await publish([
      ...reports.slice(0, 3),
      { ...reports[0], id: 'r-bad', type: 'phone', value: 'not a number' },
    ]);
    await waitForDrain(reportsBus, [STREAMS.publicReports.name], 30_000);
    expect((await count()) - before).toBe(reports.length);
    const dead = await reportsBus.deadLetters(STREAMS.publicReports.name, 10);
    expect(dead.map((d) => d.reason)).toEqual([
      expect.stringMatching(/^intake: reports\[0\]\.values\[0\]\.value: /),
    ]);
    // A worker that died after the desk's commit and before its checkpoint: the next owner's seen-ids do
    // not hold the report, and the desk recognises it by (client, id) instead.
    const atDesk = before + reports.length;
    await t.c.collaboration.reports.submitMany([reportInputOf(reports[1]!)], REPORTS_CLIENT);
    expect(await count()).toBe(atDesk);
    await t.c.collaboration.reports.submitMany(
      [reportInputOf({ ...reports[1]!, id: 'r-new-at-desk' })],
      REPORTS_CLIENT,
    );
    expect(await count()).toBe(atDesk + 1);
    await w.stop();
    await reportsBus.close();
  });
});
