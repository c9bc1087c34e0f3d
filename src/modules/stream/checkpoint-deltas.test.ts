import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busTestsRun, startTestRedis, type TestRedis } from '../../../test/support/bus.ts';
import type { Bus } from '../../adapters/bus/bus.port.ts';
import { memoryBus } from '../../adapters/bus/memory.bus.ts';
import { redisBus } from '../../adapters/bus/redis.bus.ts';
import { loadSmsClassifier } from '../detect/sms/sms.loader.ts';
import { smsStreamHandler } from '../detect/sms/sms.stream.ts';
import { checkpointKey, loadCheckpoint, parseCheckpoint, writeCheckpoint } from './partition-worker.ts';
import type { SmsMessage } from './streams.schema.ts';

const engines: Array<{ name: string; open: () => Promise<Bus> }> = [
  { name: 'in-process', open: async () => memoryBus({ partitions: 1 }) },
];
let redis: TestRedis | undefined;
if (busTestsRun())
  engines.push({
    name: 'Redis Streams',
    open: async () =>
      redisBus(process.env.FANZHA_TEST_REDIS_URL || (redis ??= await startTestRedis()).url, {
        partitions: 1,
      }),
  });
afterAll(async () => {
  await redis?.remove();
});

const t0 = Date.UTC(2026, 0, 1);
// Forty templates, a third of them fraud-like, one message every two minutes: over the batches below the
// seen ids rotate generations, campaigns are created and changed, and some reach the alert threshold.
const message = (i: number): SmsMessage => ({
  org: i % 5 === 0 ? 'org-b' : 'org-a',
  id: `m${i}`,
  sender: `1069${i % 7}`,
  receiver: '13800000000',
  time: t0 + i * 120_000,
  text:
    i % 3 === 0
      ? `【银行】您的账户存在异常，请点击 http://x${i % 40}.cn 验证身份，验证码 ${i}`
      : `您的快递已到，取件码 ${i}，柜号 ${i % 40}`,
});

describe.each(engines)('incremental checkpoints on $name', ({ open }) => {
  let bus: Bus;
  const handler = smsStreamHandler({ bus: memoryBus({ partitions: 1 }), classifier: loadSmsClassifier() });
  const run = Math.random().toString(36).slice(2, 8);
  let n = 0;
  const key = (): string => checkpointKey(`ckpt-${run}`, 'sms', n++);
  beforeAll(async () => {
    bus = await open();
  });
  afterAll(async () => {
    await bus.close();
  });

  it('restores the whole state plus its deltas to the live state, also across a seen-id rotation', async () => {
    const k = key();
    const live = handler.open(0, undefined);
    const policy = { compactEvery: 100, compactFraction: 100 };
    let chain;
    for (let batch = 0; batch < 8; batch++) {
      for (let i = batch * 50; i < (batch + 1) * 50; i++) live.apply(message(i));
      chain = await writeCheckpoint(bus, k, `${batch + 1}-0`, live, chain, policy);
    }
    const record = parseCheckpoint((await bus.load(k)) ?? '');
    expect(record).toMatchObject({ lastId: '8-0', full: `${k}:full:0` });
    expect('deltas' in record && record.deltas.length).toBe(7);
    const loaded = await loadCheckpoint(bus, k);
    expect(loaded?.lastId).toBe('8-0');
    const restored = handler.open(0, loaded?.state, loaded?.deltas);
    expect(restored.snapshot()).toBe(live.snapshot());
    // Sixteen hours of messages: the seen ids rotated at least once, and the restored state did too.
    const s = JSON.parse(live.snapshot()) as { seenPrevious: string[]; alerted: string[] };
    expect(s.seenPrevious.length).toBeGreaterThan(0);
    expect(s.alerted.length).toBeGreaterThan(0);
    // A checkpoint after a couple of messages writes a small part of the whole state.
    live.apply(message(400));
    live.apply(message(401));
    expect(live.delta?.take().length).toBeLessThan(live.snapshot().length / 5);
  });

  it('ignores a delta written by an owner that crashed before its record', async () => {
    const k = key();
    const live = handler.open(0, undefined);
    const policy = { compactEvery: 100, compactFraction: 100 };
    let chain;
    for (let i = 0; i < 100; i++) live.apply(message(i));
    chain = await writeCheckpoint(bus, k, '1-0', live, chain, policy);
    for (let i = 100; i < 200; i++) live.apply(message(i));
    chain = await writeCheckpoint(bus, k, '2-0', live, chain, policy);
    const atRecord = live.snapshot();
    for (let i = 200; i < 300; i++) live.apply(message(i));
    // The owner dies after writing its delta, before the record.
    const crashing: Bus = {
      ...bus,
      save: async (name, value) => {
        if (name === k) throw new Error('crashed');
        await bus.save(name, value);
      },
    };
    await expect(writeCheckpoint(crashing, k, '3-0', live, chain, policy)).rejects.toThrow('crashed');
    expect(await bus.load(`${k}:d1`)).toBeDefined();

    // The new owner restores the last record's state, without the orphan delta's entries.
    const loaded = await loadCheckpoint(bus, k);
    expect(loaded?.lastId).toBe('2-0');
    const next = handler.open(0, loaded?.state, loaded?.deltas);
    expect(next.snapshot()).toBe(atRecord);
    // It applies the redelivered entries after 2-0 and checkpoints over the orphan: all of it is counted once.
    for (let i = 200; i < 300; i++) next.apply(message(i));
    await writeCheckpoint(bus, k, '3-0', next, loaded?.chain, policy);
    const again = await loadCheckpoint(bus, k);
    expect(again?.lastId).toBe('3-0');
    expect(handler.open(0, again?.state, again?.deltas).snapshot()).toBe(live.snapshot());
  });

  it('compacts every N deltas into the slot the record does not name', async () => {
    const k = key();
    const live = handler.open(0, undefined);
    const policy = { compactEvery: 3, compactFraction: 100 };
    let chain;
    const records: Array<{ full: string; deltas: number }> = [];
    for (let batch = 0; batch < 9; batch++) {
      for (let i = batch * 30; i < (batch + 1) * 30; i++) live.apply(message(i));
      chain = await writeCheckpoint(bus, k, `${batch + 1}-0`, live, chain, policy);
      const r = parseCheckpoint((await bus.load(k)) ?? '');
      if ('full' in r) records.push({ full: r.full.slice(k.length + 1), deltas: r.deltas.length });
      const loaded = await loadCheckpoint(bus, k);
      expect(handler.open(0, loaded?.state, loaded?.deltas).snapshot()).toBe(live.snapshot());
    }
    expect(records).toEqual([
      { full: 'full:0', deltas: 0 },
      { full: 'full:0', deltas: 1 },
      { full: 'full:0', deltas: 2 },
      { full: 'full:0', deltas: 3 },
      { full: 'full:1', deltas: 0 },
      { full: 'full:1', deltas: 1 },
      { full: 'full:1', deltas: 2 },
      { full: 'full:1', deltas: 3 },
      { full: 'full:0', deltas: 0 },
    ]);
  });

  it('compacts once the deltas outgrow a fraction of the whole state', async () => {
    const k = key();
    const live = handler.open(0, undefined);
    const policy = { compactEvery: 100, compactFraction: 0.5 };
    for (let i = 0; i < 60; i++) live.apply(message(i));
    let chain = await writeCheckpoint(bus, k, '1-0', live, undefined, policy);
    // As many new messages as the whole state holds: the delta is larger than half of it.
    for (let i = 60; i < 120; i++) live.apply(message(i));
    chain = await writeCheckpoint(bus, k, '2-0', live, chain, policy);
    expect(chain?.deltas).toHaveLength(1);
    for (let i = 120; i < 121; i++) live.apply(message(i));
    chain = await writeCheckpoint(bus, k, '3-0', live, chain, policy);
    expect(chain).toMatchObject({ full: `${k}:full:1`, deltas: [] });
    const loaded = await loadCheckpoint(bus, k);
    expect(handler.open(0, loaded?.state, loaded?.deltas).snapshot()).toBe(live.snapshot());
  });

  it('reads a checkpoint whose state is inline, and writes the next one whole', async () => {
    const k = key();
    const live = handler.open(0, undefined);
    for (let i = 0; i < 20; i++) live.apply(message(i));
    await bus.save(k, JSON.stringify({ lastId: '1-0', state: live.snapshot() }));
    const loaded = await loadCheckpoint(bus, k);
    expect(loaded).toMatchObject({ lastId: '1-0', deltas: [], chain: undefined });
    const next = handler.open(0, loaded?.state, loaded?.deltas);
    const chain = await writeCheckpoint(bus, k, '2-0', next, loaded?.chain, {
      compactEvery: 16,
      compactFraction: 0.5,
    });
    expect(chain).toMatchObject({ full: `${k}:full:0`, deltas: [] });
  });
});
