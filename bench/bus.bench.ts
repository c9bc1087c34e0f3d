/**
 * Choosing the bus engine: the raw publish-and-consume rate of Redis Streams (consumer groups) and of
 * NATS JetStream (durable pull consumer), each on its own Debian server started here, one producer and
 * one consumer, ≈ 200-byte messages. Each engine's figure is printed beside the other's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { natsRawRate, redisRawRate } from '../src/adapters/bus/raw-rate.ts';
import { startNats, startRedis } from '../src/adapters/bus/servers.ts';
import type { BenchSuite } from './harness.ts';

const MESSAGES = Number(process.env.FANZHA_BENCH_BUS_MESSAGES ?? 100_000);
/** Records per entry in the batched shape (the bus adapter's publish batches per partition). */
const BATCH = 100;

export const suite: BenchSuite = {
  name: 'bus',
  async run(record) {
    const dir = mkdtempSync(join(tmpdir(), 'fanzha-bus-bench-'));
    const redis = await startRedis(join(dir, 'redis'), 16379);
    const nats = await startNats(join(dir, 'nats'), 14222);
    try {
      // Warm both (connections, JIT), then measure each twice, alternating, and keep the better run.
      await redisRawRate(redis.url, 20_000);
      await natsRawRate(nats.url, 20_000);
      for (const perEntry of [1, BATCH]) {
        let redisBest = 0;
        let natsBest = 0;
        const entries = perEntry === 1 ? MESSAGES : Math.ceil((MESSAGES * 5) / perEntry);
        for (let round = 0; round < 2; round++) {
          redisBest = Math.max(redisBest, (await redisRawRate(redis.url, entries, perEntry)).perSecond);
          natsBest = Math.max(natsBest, (await natsRawRate(nats.url, entries, perEntry)).perSecond);
        }
        const shape = perEntry === 1 ? 'one record per entry' : `${perEntry} records per entry`;
        record({
          name: `Redis Streams publish + consume, ${shape}`,
          value: redisBest,
          unit: 'records/s',
          baseline: { name: 'NATS JetStream', value: natsBest },
        });
      }
    } finally {
      await redis.stop();
      await nats.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
