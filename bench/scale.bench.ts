/**
 * National scale on the bus (Redis Streams, its Debian server started here; a fresh PostgreSQL database
 * on FANZHA_TEST_PG_URL's server, as the tests make one), each figure beside its baseline from the same run:
 * - call records → alerts through the bus with three worker processes, against the bus's own raw
 *   publish-and-consume rate for entries of the same shape (the producer batches records per partition);
 * - SMS through the bus → verdicts and campaign alerts (three workers), against in-process
 *   classification of the same messages on one core;
 * - library change propagation between two API nodes (p99), pushed on the bus, against following the
 *   change feed alone at its 500 ms poll.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisBus } from '../src/adapters/bus/redis.bus.ts';
import { redisRawRate } from '../src/adapters/bus/raw-rate.ts';
import { startRedis } from '../src/adapters/bus/servers.ts';
import { loadConfig } from '../src/config.ts';
import { generateCallRecords } from '../src/modules/detect/calls/generator.ts';
import { defaultParams } from '../src/modules/detect/calls/generator.params.ts';
import { loadSmsClassifier } from '../src/modules/detect/sms/sms.loader.ts';
import {
  publishCallRecords,
  newestEventTime,
  publishCallsFinish,
  publishSms,
  waitForDrain,
} from '../src/modules/stream/stream.producer.ts';
import { STREAMS } from '../src/modules/stream/streams.schema.ts';
import { startServer } from '../src/server.ts';
import { scenarioSms } from '../test/support/stream-scenario.ts';
import { createTestDatabase } from '../test/support/databases.ts';
import { percentile, throughput, type BenchSuite } from './harness.ts';

const PARTITIONS = 12;
const WORKERS = 3;
const ORG = 'org_operator_bench';

const createDatabase = async (): Promise<{ url: string; drop: () => Promise<void> }> => {
  const db = await createTestDatabase('postgres');
  return { url: db.url, drop: () => db.drop() };
};

const startWorkers = async (busUrl: string, databaseUrl: string): Promise<ChildProcess[]> =>
  Promise.all(
    Array.from({ length: WORKERS }, (_, i) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(import.meta.dirname, 'scale.worker.ts'),
          busUrl,
          databaseUrl,
          String(PARTITIONS),
          `w${i}`,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      return new Promise<ChildProcess>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          if (d.toString().includes('ready')) resolve(child);
        });
        child.once('exit', (code) => reject(new Error(`worker exited (${code})`)));
      });
    }),
  );

const stopAll = async (children: readonly ChildProcess[]): Promise<void> => {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
        }),
    ),
  );
};

const verdictOf = (r: object): string => ('verdict' in r ? String(r.verdict) : 'error');

const EDGE_KEY = 'bench-edge-key-0123456789abcdef';

/** Node B's block-list download after `since`: its version and how many entries it holds. */
const blockListSince = async (url: string, since: number): Promise<{ version: number; entries: number }> => {
  const r = await fetch(`${url}/api/v1/lists/block?since=${since}`, {
    headers: { 'x-fanzha-edge-key': EDGE_KEY },
  });
  const body = (await r.json()) as { version: number; entries: unknown[] };
  return { version: body.version, entries: body.entries.length };
};

/**
 * Values written on node A, read on node B until visible: in B's hot index (lookups) and in B's
 * edge block-list download (the delta an operator's edge pulls). Delays in ms.
 */
const propagation = async (
  databaseUrl: string,
  busUrl: string | undefined,
  samples: number,
): Promise<{ index: number[]; list: number[] }> => {
  const env = {
    FANZHA_PSEUDONYM_KEY: 'bench-pseudonym-key-0123456789',
    FANZHA_ROLES: 'api',
    FANZHA_EDGE_KEYS: EDGE_KEY,
    ...(busUrl ? { FANZHA_BUS_URL: busUrl, FANZHA_INDEX_POLL_MS: '60000' } : { FANZHA_INDEX_POLL_MS: '500' }),
  };
  const a = await startServer(loadConfig(env, { port: 0, databaseUrl, demo: false }));
  const b = await startServer(loadConfig(env, { port: 0, databaseUrl, demo: false }));
  const actor = {
    orgId: 'org_platform',
    orgKind: 'regulator' as const,
    actor: 'bench',
    role: 'admin' as const,
  };
  const delays: number[] = [];
  const listDelays: number[] = [];
  try {
    let version = 0;
    for (
      let page = await blockListSince(b.url, 0);
      page.entries > 0;
      page = await blockListSince(b.url, version)
    )
      version = page.version;
    for (let i = 0; i < samples; i++) {
      const value = `1706${busUrl ? 1 : 2}${String(i).padStart(6, '0')}`;
      await a.container.library.submitClaims(actor, [
        { type: 'phone', value, verdict: 'fraud', confidence: 0.99, source: 'bench', sharing: 'public' },
      ]);
      const written = performance.now();
      let indexAt: number | undefined;
      let listAt: number | undefined;
      // Both at once: the index in process, the list download over HTTP from node B.
      while (indexAt === undefined || listAt === undefined) {
        if (
          indexAt === undefined &&
          verdictOf(b.container.lookups.lookupRaw(value, 'phone', 'public')) !== 'unknown'
        )
          indexAt = performance.now();
        if (listAt === undefined) {
          const page = await blockListSince(b.url, version);
          if (page.entries > 0) {
            listAt = performance.now();
            version = page.version;
          }
        }
        await new Promise((r) => setTimeout(r, 1));
      }
      delays.push(indexAt - written);
      listDelays.push(listAt - written);
    }
  } finally {
    await a.close();
    await b.close();
  }
  return { index: delays.sort((x, y) => x - y), list: listDelays.sort((x, y) => x - y) };
};

export const suite: BenchSuite = {
  name: 'scale',
  async run(record) {
    const dir = mkdtempSync(join(tmpdir(), 'fanzha-scale-'));
    const redis = await startRedis(join(dir, 'redis'), 16390);
    const database = await createDatabase();
    const bus = await redisBus(redis.url, { partitions: PARTITIONS });
    let workers: ChildProcess[] = [];
    try {
      const { records } = generateCallRecords(defaultParams(77, 2000, 7));
      const batch = 100 * PARTITIONS;
      // The baseline: entries of about the size the producer sends (a batch split over the partitions).
      await redisRawRate(redis.url, 2000, batch / PARTITIONS);
      const raw = await redisRawRate(
        redis.url,
        Math.ceil(records.length / (batch / PARTITIONS)),
        batch / PARTITIONS,
      );

      workers = await startWorkers(redis.url, database.url);
      const started = performance.now();
      await publishCallRecords(bus, ORG, records, batch);
      await publishCallsFinish(bus, ORG, newestEventTime(records));
      await waitForDrain(bus, [STREAMS.callRecords.name, STREAMS.callsShared.name], 600_000);
      const callsRate = records.length / ((performance.now() - started) / 1000);
      record({
        name: `call records → alerts, bus + ${WORKERS} workers (${records.length} records)`,
        value: callsRate,
        unit: 'records/s',
        baseline: {
          name: `Redis raw publish+consume, ${batch / PARTITIONS} records/entry`,
          value: raw.perSecond,
        },
        goal: '>= 0.5 × baseline and >= 100000',
      });

      const classifier = loadSmsClassifier();
      const sms = scenarioSms(42, 150);
      let at = 0;
      const inProcess = throughput(() => {
        for (let i = 0; i < 500; i++) classifier.classify({ text: sms[at++ % sms.length]?.text ?? '' });
        return 500;
      }, 3000);
      const smsStarted = performance.now();
      await publishSms(bus, sms, 1000);
      await waitForDrain(bus, [STREAMS.smsRecords.name], 600_000);
      const smsRate = sms.length / ((performance.now() - smsStarted) / 1000);
      record({
        name: `SMS → verdicts + campaigns, bus + ${WORKERS} workers (${sms.length} msgs)`,
        value: smsRate,
        unit: 'msg/s',
        baseline: { name: 'in-process classification, one core', value: inProcess },
        goal: '>= 0.5 × baseline',
      });
      await stopAll(workers);
      workers = [];

      const pushed = await propagation(database.url, redis.url, 200);
      const polled = await propagation(database.url, undefined, 20);
      record({
        name: 'library change → other API node, pushed on the bus, p99',
        value: percentile(pushed.index, 99),
        unit: 'ms',
        baseline: { name: 'change feed polled every 500 ms, p99', value: percentile(polled.index, 99) },
        goal: '<= 100',
      });
      record({
        name: 'library change → other API node, pushed on the bus, p50',
        value: percentile(pushed.index, 50),
        unit: 'ms',
      });
      record({
        name: "library change → other API node's edge block-list download, p99",
        value: percentile(pushed.list, 99),
        unit: 'ms',
        baseline: {
          name: 'the same node’s hot index, pushed on the bus, p99',
          value: percentile(pushed.index, 99),
        },
        goal: '<= 100',
      });
    } finally {
      await stopAll(workers);
      await bus.close();
      await redis.stop();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
