/**
 * Incremental checkpoints of an SMS partition on Redis (its Debian server started here): a partition
 * holding STATE messages' ids and campaigns takes CHANGES new messages between checkpoints; each
 * checkpoint writes those changes as a delta (then its record), and is printed beside writing the whole
 * state as one value, the same state in the same run (what every checkpoint cost before deltas, and what
 * a compaction still costs). Figures: bytes written and milliseconds per checkpoint, mean over ROUNDS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryBus } from '../src/adapters/bus/memory.bus.ts';
import { redisBus } from '../src/adapters/bus/redis.bus.ts';
import { startRedis } from '../src/adapters/bus/servers.ts';
import { loadSmsClassifier } from '../src/modules/detect/sms/sms.loader.ts';
import { smsStreamHandler } from '../src/modules/detect/sms/sms.stream.ts';
import { checkpointKey, writeCheckpoint } from '../src/modules/stream/partition-worker.ts';
import type { SmsMessage } from '../src/modules/stream/streams.schema.ts';
import { scenarioSms } from '../test/support/stream-scenario.ts';
import type { BenchSuite } from './harness.ts';

const STATE = Number(process.env.FANZHA_BENCH_CHECKPOINT_STATE ?? 100_000);
const CHANGES = Number(process.env.FANZHA_BENCH_CHECKPOINT_CHANGES ?? 1_000);
const ROUNDS = 20;

export const suite: BenchSuite = {
  name: 'checkpoint',
  async run(record) {
    const dir = mkdtempSync(join(tmpdir(), 'fanzha-checkpoint-bench-'));
    const redis = await startRedis(join(dir, 'redis'), 16381);
    const bus = await redisBus(redis.url, { partitions: 1 });
    try {
      const templates = scenarioSms();
      const start = Date.parse('2026-03-02T00:00:00+08:00');
      // Every message within the seen-id window (one every 100 ms), so the state keeps all of them.
      const message = (i: number): SmsMessage => {
        const t = templates[i % templates.length] as SmsMessage;
        return { ...t, id: `bench.${i}`, time: start + i * 100 };
      };
      const handler = smsStreamHandler({
        bus: memoryBus({ partitions: 1 }),
        classifier: loadSmsClassifier(),
      });
      const state = handler.open(0, undefined);
      let n = 0;
      for (; n < STATE; n++) state.apply(message(n));
      const key = checkpointKey('bench', 'sms', 0);
      const policy = { compactEvery: ROUNDS + 1, compactFraction: Infinity };
      let chain = await writeCheckpoint(bus, key, '0-1', state, undefined, policy);
      let deltaBytes = 0;
      let deltaMs = 0;
      let wholeBytes = 0;
      let wholeMs = 0;
      for (let round = 0; round < ROUNDS; round++) {
        for (const end = n + CHANGES; n < end; n++) state.apply(message(n));
        let t = performance.now();
        chain = await writeCheckpoint(bus, key, `${round + 1}-0`, state, chain, policy);
        deltaMs += performance.now() - t;
        deltaBytes += (await bus.load(chain?.deltas.at(-1) ?? ''))?.length ?? 0;
        // The same state written whole, as one value (the record with the state inline).
        t = performance.now();
        const whole = JSON.stringify({ lastId: `${round + 1}-0`, state: state.snapshot() });
        await bus.save(`${key}:whole`, whole);
        wholeMs += performance.now() - t;
        wholeBytes += Buffer.byteLength(whole);
      }
      const shape = `${CHANGES.toLocaleString('en-US')} new of ${STATE.toLocaleString('en-US')} messages`;
      record({
        name: `SMS partition checkpoint, delta (${shape})`,
        value: deltaBytes / ROUNDS / 1024,
        unit: 'KiB',
        baseline: { name: 'whole state', value: wholeBytes / ROUNDS / 1024 },
      });
      record({
        name: `SMS partition checkpoint time, delta (${shape})`,
        value: deltaMs / ROUNDS,
        unit: 'ms',
        baseline: { name: 'whole state', value: wholeMs / ROUNDS },
      });
    } finally {
      await bus.close();
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
