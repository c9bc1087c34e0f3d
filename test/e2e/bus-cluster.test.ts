/**
 * The scale-out cluster for real: Redis (Debian's redis-server), PostgreSQL, two API nodes and three
 * detector workers as separate processes (scripts/cluster/cluster.ts), generated call records and SMS
 * with known fraud on one stream, and in turn a worker, the bus and the database failing mid-stream.
 * PostgreSQL only: several processes sharing one SQLite file is not a deployment fanzha supports.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '../../src/adapters/bus/bus.port.ts';
import { memoryBus } from '../../src/adapters/bus/memory.bus.ts';
import { redisBus } from '../../src/adapters/bus/redis.bus.ts';
import { alertId, CALLS_GROUP, statsOfSnapshot } from '../../src/modules/detect/calls/calls.stream.ts';
import { callsRepository } from '../../src/modules/detect/calls/calls.repository.ts';
import { loadSmsClassifier } from '../../src/modules/detect/sms/sms.loader.ts';
import { checkpointKey } from '../../src/modules/stream/partition-worker.ts';
import {
  collectAlerts,
  publishCallRecords,
  newestEventTime,
  publishCallsFinish,
  publishSms,
  waitForDrain,
} from '../../src/modules/stream/stream.producer.ts';
import { referenceCallAlerts, referenceSmsAlerts } from '../../src/modules/stream/stream.reference.ts';
import { STREAMS } from '../../src/modules/stream/streams.schema.ts';
import { startCluster, type Cluster } from '../../scripts/cluster/cluster.ts';
import { busTestsRun, freePort } from '../support/bus.ts';
import { createTestDatabase, PG_ADMIN_URL, type TestDatabase } from '../support/databases.ts';
import { SCENARIO_ORG, scenarioCalls, scenarioSms } from '../support/stream-scenario.ts';

const PARTITIONS = 6;
const runs = busTestsRun();

describe.runIf(runs)('cluster on Redis and PostgreSQL: two API nodes, three workers', () => {
  let db: TestDatabase;
  let cluster: Cluster;
  let bus: Bus;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    dir = mkdtempSync(join(tmpdir(), 'fanzha-cluster-'));
    cluster = await startCluster({
      databaseUrl: db.url,
      busDir: join(dir, 'redis'),
      busPort: await freePort(),
      partitions: PARTITIONS,
      demo: true,
      // A poll interval far above the 100 ms goal: only the push on the bus can meet it.
      env: { FANZHA_INDEX_POLL_MS: '60000', FANZHA_DEMO_SAMPLE: '200', FANZHA_ANON_RATE_LIMIT: '100000' },
    });
    bus = await redisBus(cluster.busUrl, { partitions: PARTITIONS });
  }, 180_000);
  afterAll(async () => {
    await bus?.close();
    await cluster?.stop();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers a block written through one API node on the other at once (median within 100 ms), pushed on the bus', async () => {
    const [a, b] = cluster.api;
    if (!a || !b) throw new Error('two API nodes expected');
    const login = await fetch(`${a.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'fanzha-demo' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const phone = `1706000${String(1000 + i)}`;
      const verdictOnB = async (): Promise<string> => {
        const r = await fetch(`${b.url}/api/v1/lookup?type=phone&value=${phone}`);
        const body: unknown = await r.json();
        return typeof body === 'object' && body !== null && 'verdict' in body ? String(body.verdict) : '';
      };
      expect(await verdictOnB()).toBe('unknown');
      const w = await fetch(`${a.url}/api/v1/claims`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({
          claims: [
            {
              type: 'phone',
              value: phone,
              verdict: 'fraud',
              confidence: 0.99,
              source: 'test',
              sharing: 'public',
            },
          ],
        }),
      });
      expect(w.status).toBe(200);
      const written = performance.now();
      while ((await verdictOnB()) === 'unknown' && performance.now() - written < 5000);
      delays.push(performance.now() - written);
      expect(await verdictOnB()).toBe('fraud');
    }
    // Node B polls the feed once a minute here, so a block seen within a second was pushed. The 100 ms
    // goal is read on the median: this machine is shared, and the p99 is the benchmark's figure
    // (npm run bench scale).
    expect(Math.max(...delays)).toBeLessThan(1000);
    expect(delays.sort((x, y) => x - y)[2]).toBeLessThanOrEqual(100);
  });

  it('kill -9 of a worker, then of the bus, then the database gone: alerts equal a single-process run, every record counted once', async () => {
    const records = scenarioCalls(150, 6);
    const sms = scenarioSms(42, 4);
    const third = Math.ceil(records.length / 3);
    const smsThird = Math.ceil(sms.length / 3);
    // Transfers into a demo bank and public reports flow beside them, each sent twice.
    const transfers = Array.from({ length: 30 }, (_, i) => ({
      org: 'org_icbc',
      id: `cluster-tx-${i}`,
      payer: `62220000000${String(1000 + i)}`,
      payee: `622299990000${String(1000 + (i % 3))}`,
      amount: 4_900 + i,
      currency: 'CNY',
      time: Date.now() - 3_600_000 + i * 60_000,
    }));
    const reports = Array.from({ length: 12 }, (_, i) => ({
      id: `cluster-report-${i}`,
      type: 'phone',
      value: `1706600${String(1000 + i)}`,
      time: Date.now() + i,
      channel: 'call',
      text: `bus-cluster-report ${i}: 冒充客服来电`,
    }));
    const sendSide = async (from: number, to: number): Promise<void> => {
      const t = transfers.slice((from * transfers.length) / 3, (to * transfers.length) / 3);
      const r = reports.slice((from * reports.length) / 3, (to * reports.length) / 3);
      for (let round = 0; round < 2; round++) {
        await bus.publish(
          STREAMS.transfers.name,
          t.map((m) => ({ key: m.payee, body: JSON.stringify(m) })),
        );
        await bus.publish(
          STREAMS.publicReports.name,
          r.map((m) => ({ key: m.value, body: JSON.stringify(m) })),
        );
      }
    };
    await publishCallRecords(bus, SCENARIO_ORG, records.slice(0, third), 500);
    await publishSms(bus, sms.slice(0, smsThird), 200);
    await sendSide(0, 1);
    // A worker dies mid-stream; another joins.
    await cluster.workers[0]?.stop(true);
    const joining = cluster.startWorker('worker-4');
    await publishCallRecords(bus, SCENARIO_ORG, records.slice(third, 2 * third), 500);
    await publishSms(bus, sms.slice(smsThird, 2 * smsThird), 200);
    await sendSide(1, 2);
    await joining;
    // The bus dies with entries unprocessed, and comes back on its own data.
    await cluster.bus.stop(true);
    await new Promise((r) => setTimeout(r, 500));
    await cluster.restartBus();
    // The database goes away for the workers (connections cut, new ones refused), then comes back.
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    const name = new URL(db.url).pathname.slice(1);
    await admin.query(`alter database ${name} allow_connections false`);
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
    await publishCallRecords(bus, SCENARIO_ORG, records.slice(2 * third), 500);
    await publishSms(bus, sms.slice(2 * smsThird), 200);
    await sendSide(2, 3);
    await publishCallsFinish(bus, SCENARIO_ORG, newestEventTime(records));
    await new Promise((r) => setTimeout(r, 1500));
    await admin.query(`alter database ${name} allow_connections true`);
    await admin.end();
    await waitForDrain(
      bus,
      [
        STREAMS.callRecords.name,
        STREAMS.callsShared.name,
        STREAMS.smsRecords.name,
        STREAMS.transfers.name,
        STREAMS.publicReports.name,
      ],
      90_000,
    );

    let accepted = 0;
    let duplicates = 0;
    for (let p = 0; p < PARTITIONS; p++) {
      const cp = await bus.load(checkpointKey(CALLS_GROUP, STREAMS.callRecords.name, p));
      const state: unknown = cp === undefined ? undefined : JSON.parse(cp);
      if (typeof state === 'object' && state !== null && 'state' in state && typeof state.state === 'string')
        for (const s of statsOfSnapshot(state.state).values()) {
          accepted += s.accepted;
          duplicates += s.duplicates;
        }
    }
    expect({ accepted, duplicates }).toEqual({ accepted: records.length, duplicates: 0 });

    const stored = await callsRepository().listAlerts(db.handle.db, SCENARIO_ORG, { limit: 10_000 });
    const got = new Set(stored.map((a) => alertId(SCENARIO_ORG, a)));
    // Every detector, the SIM-box and 实名不实人 ones included (their second stage), finds exactly
    // what the single-process pipeline finds.
    const single = referenceCallAlerts(SCENARIO_ORG, records, 1);
    const detectors = new Set([...single].map((id) => id.split('|').slice(1, 3).join('|')));
    expect(detectors.size).toBeGreaterThanOrEqual(6);
    expect(got).toEqual(single);

    const smsAlerts = [...(await collectAlerts(bus, 'test')).keys()].filter((id) =>
      id.includes('|sms.campaign@'),
    );
    const expected = await referenceSmsAlerts(loadSmsClassifier(), sms, memoryBus({ partitions: 1 }));
    expect(expected.size).toBeGreaterThan(0);
    expect(new Set(smsAlerts)).toEqual(expected);

    // Transfers and reports, each sent twice through the failures, are stored once each.
    const storedTransfers = await sql<{ n: number | string }>`
      select count(*) as n from transfers where record_id like 'cluster-tx-%'`.execute(db.handle.db);
    expect(Number(storedTransfers.rows[0]?.n)).toBe(transfers.length);
    const filed = await db.handle.db
      .selectFrom('reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('text', 'like', 'bus-cluster-report %')
      .executeTakeFirstOrThrow();
    expect(Number(filed.n)).toBe(reports.length);
  }, 180_000);
});
