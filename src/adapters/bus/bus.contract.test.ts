import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busTestsRun, startTestRedis, type TestRedis } from '../../../test/support/bus.ts';
import type { Bus } from './bus.port.ts';
import { memoryBus } from './memory.bus.ts';
import { redisBus } from './redis.bus.ts';

const engines: Array<{ name: string; open: () => Promise<{ bus: Bus; done: () => Promise<void> }> }> = [
  {
    name: 'in-process',
    open: async () => {
      const bus = memoryBus({ partitions: 4, maxBacklog: 3 });
      return { bus, done: () => bus.close() };
    },
  },
];
let redis: TestRedis | undefined;
if (busTestsRun())
  engines.push({
    name: 'Redis Streams',
    open: async () => {
      // The server .ci/run starts, or one of our own.
      const url = process.env.FANZHA_TEST_REDIS_URL || (redis ??= await startTestRedis()).url;
      const bus = await redisBus(url, { partitions: 4, maxBacklog: 3 });
      return { bus, done: () => bus.close() };
    },
  });

afterAll(async () => {
  await redis?.remove();
});

describe.each(engines)('bus contract on $name', ({ open }) => {
  let bus: Bus;
  let done: () => Promise<void>;
  const stream = `contract.${Math.random().toString(36).slice(2, 8)}`;
  beforeAll(async () => {
    ({ bus, done } = await open());
  });
  afterAll(async () => {
    await done();
  });

  it('delivers a key to one partition, in order, and redelivers what was not acknowledged', async () => {
    const p = bus.partitionOf('13800000001');
    expect(bus.partitionOf('13800000001')).toBe(p);
    await bus.publish(stream, [
      { key: '13800000001', body: '{"n":1}' },
      { key: '13800000001', body: '{"n":2}' },
    ]);
    await bus.publish(stream, [{ key: '13800000001', body: '{"n":3}' }]);
    const first = await bus.read(stream, 'g', p, 10, 100);
    expect(first.flatMap((d) => d.bodies)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
    await bus.ack(stream, 'g', p, [first[0]?.id ?? '']);
    // The same owner reads on past what it holds unacknowledged …
    await bus.publish(stream, [{ key: '13800000001', body: '{"n":4}' }]);
    const next = await bus.read(stream, 'g', p, 10, 100);
    expect(next.flatMap((d) => d.bodies)).toEqual(['{"n":4}']);
    expect(await bus.read(stream, 'g', p, 10, 50)).toEqual([]);
    // … and a new owner of the partition (same group) gets the unacknowledged entries again, then nothing new.
    bus.redeliver(stream, 'g', p);
    const again = await bus.read(stream, 'g', p, 10, 100);
    expect(again.flatMap((d) => d.bodies)).toEqual(['{"n":3}', '{"n":4}']);
    await bus.ack(
      stream,
      'g',
      p,
      again.map((d) => d.id),
    );
    expect(await bus.read(stream, 'g', p, 10, 50)).toEqual([]);
    expect(await bus.backlog(stream, p)).toBe(0);
  });

  it('makes a publisher wait while a partition is over its backlog, and go on once it is acknowledged', async () => {
    const s = `${stream}.bp`;
    for (let i = 0; i < 3; i++) await bus.publish(s, [{ key: 'k', body: String(i), partition: 0 }]);
    let published = false;
    const blocked = bus.publish(s, [{ key: 'k', body: '3', partition: 0 }]).then(() => (published = true));
    await new Promise((r) => setTimeout(r, 150));
    expect(published).toBe(false);
    const read = await bus.read(s, 'g', 0, 10, 100);
    await bus.ack(
      s,
      'g',
      0,
      read.map((d) => d.id),
    );
    await blocked;
    expect(published).toBe(true);
  });

  it('keeps dead letters with their reason, leases exclusive, members and checkpoints', async () => {
    await bus.deadLetter(stream, '{"bad":true}', 'schema: /phone: Expected string');
    expect(await bus.deadLetters(stream, 10)).toEqual([
      { body: '{"bad":true}', reason: 'schema: /phone: Expected string' },
    ]);
    expect(await bus.lease(`${stream}:p0`, 'w1', 1000)).toBe(true);
    expect(await bus.lease(`${stream}:p0`, 'w2', 1000)).toBe(false);
    expect(await bus.lease(`${stream}:p0`, 'w1', 1000)).toBe(true);
    await bus.releaseLease(`${stream}:p0`, 'w1');
    expect(await bus.lease(`${stream}:p0`, 'w2', 1000)).toBe(true);
    await bus.members(`${stream}-m`, 'w2', 1000);
    expect(await bus.members(`${stream}-m`, 'w1', 1000)).toEqual(['w1', 'w2']);
    await bus.leaveMembers(`${stream}-m`, 'w2');
    expect(await bus.members(`${stream}-m`, 'w1', 1000)).toEqual(['w1']);
    await bus.save(`${stream}:cp`, '{"lastId":"1-0"}');
    expect(await bus.load(`${stream}:cp`)).toBe('{"lastId":"1-0"}');
    expect(await bus.load(`${stream}:none`)).toBeUndefined();
  });

  it('fans a broadcast out to every listener', async () => {
    const got: string[] = [];
    const stopA = await bus.listen(`${stream}.fan`, (b) => got.push(`a:${b}`));
    const stopB = await bus.listen(`${stream}.fan`, (b) => got.push(`b:${b}`));
    await bus.broadcast(`${stream}.fan`, 'x');
    for (let i = 0; i < 50 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(got.sort()).toEqual(['a:x', 'b:x']);
    await stopA();
    await stopB();
  });
});

describe('bus client libraries', () => {
  it('are imported only in src/adapters/bus', () => {
    const root = join(import.meta.dirname, '..', '..');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name) && !relative(root, path).startsWith(join('adapters', 'bus')))
          if (
            /from ['"](redis|nats|@redis\/[^'"]+)['"]|import\(['"](redis|nats)['"]\)/.test(
              readFileSync(path, 'utf8'),
            )
          )
            offenders.push(relative(root, path));
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});
