/**
 * The engines' raw publish-and-consume rates: one producer publishing keyed messages as fast as the
 * engine acknowledges them while one consumer group reads and acknowledges them, with nothing done per
 * message (records per second: an entry holding n records counts n). The benchmarks use these as the ceiling the platform's pipelines are compared to.
 */
import { AckPolicy, connect, StringCodec } from 'nats';
import { createClient } from 'redis';

export interface RawRate {
  readonly messages: number;
  readonly seconds: number;
  readonly perSecond: number;
}

const rate = (messages: number, started: number): RawRate => {
  const seconds = (performance.now() - started) / 1000;
  return { messages, seconds, perSecond: messages / seconds };
};

/** A payload the size of a voice call record (≈ 200 bytes of JSON). */
export const samplePayload = (i: number): string =>
  JSON.stringify({
    kind: 'voice',
    phone: `138${String(i % 1_000_000).padStart(8, '0')}`,
    opposite: `139${String((i * 7) % 1_000_000).padStart(8, '0')}`,
    callType: 1,
    start: 1_700_000_000_000 + i,
    durationSec: 42,
    city: '成都',
    imei: '861234567890123',
    cellId: 'c-1042',
  });

/**
 * `perEntry` records per stream entry, one per line: what the bus adapter sends when a producer publishes
 * a batch (records of one partition share an entry).
 */
const entryBody = (perEntry: number): ((i: number) => string) => {
  if (perEntry === 1) return samplePayload;
  return (i) => Array.from({ length: perEntry }, (_, k) => samplePayload(i * perEntry + k)).join('\n');
};

/** Sends messages 0 … n-1, `window` at a time, each window awaited before the next. */
const inWindows =
  (n: number, window: number, send: (i: number) => Promise<unknown>) => async (): Promise<void> => {
    for (let i = 0; i < n; i += window) {
      const sends: Array<Promise<unknown>> = [];
      for (let j = i; j < Math.min(n, i + window); j++) sends.push(send(j));
      await Promise.all(sends);
    }
  };

/** Redis Streams: XADD pipelined in batches, XREADGROUP + XACK in batches of the same size. */
export const redisRawRate = async (
  url: string,
  messages: number,
  perEntry = 1,
  batch = 1000,
): Promise<RawRate> => {
  const body = entryBody(perEntry);
  const producer = createClient({ url });
  const consumer = createClient({ url });
  await producer.connect();
  await consumer.connect();
  const stream = `bench:raw:${Date.now()}`;
  try {
    await producer.sendCommand(['XGROUP', 'CREATE', stream, 'g', '$', 'MKSTREAM']);
    const started = performance.now();
    const produce = inWindows(messages, batch, (j) =>
      producer.sendCommand(['XADD', stream, '*', 'k', String(j), 'd', body(j)]),
    );
    const consume = async (): Promise<void> => {
      let seen = 0;
      while (seen < messages) {
        const reply = await consumer.sendCommand([
          'XREADGROUP',
          'GROUP',
          'g',
          'c',
          'COUNT',
          String(batch),
          'BLOCK',
          '1000',
          'STREAMS',
          stream,
          '>',
        ]);
        const ids = entryIds(reply);
        if (ids.length === 0) continue;
        await consumer.sendCommand(['XACK', stream, 'g', ...ids]);
        seen += ids.length;
      }
    };
    await Promise.all([produce(), consume()]);
    return rate(messages * perEntry, started);
  } finally {
    await producer.sendCommand(['DEL', stream]);
    producer.destroy();
    consumer.destroy();
  }
};

/** The ids of an XREADGROUP reply: [[stream, [[id, fields], …]]]. */
const entryIds = (reply: unknown): string[] => {
  if (!Array.isArray(reply)) return [];
  const ids: string[] = [];
  for (const s of reply as unknown[]) {
    if (!Array.isArray(s)) continue;
    const entries: unknown = s[1];
    if (!Array.isArray(entries)) continue;
    for (const e of entries as unknown[]) if (Array.isArray(e) && typeof e[0] === 'string') ids.push(e[0]);
  }
  return ids;
};

/** NATS JetStream: publishes awaited in windows of `batch`, a durable pull consumer acknowledging each. */
export const natsRawRate = async (
  url: string,
  messages: number,
  perEntry = 1,
  batch = 1000,
): Promise<RawRate> => {
  const body = entryBody(perEntry);
  const nc = await connect({ servers: url });
  const codec = StringCodec();
  const name = `bench_raw_${Date.now()}`;
  try {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name, subjects: [`${name}.>`] });
    await jsm.consumers.add(name, { durable_name: 'g', ack_policy: AckPolicy.Explicit });
    const js = nc.jetstream();
    const started = performance.now();
    const produce = inWindows(messages, batch, (j) =>
      js.publish(`${name}.k${j % 16}`, codec.encode(body(j))),
    );
    const consume = async (): Promise<void> => {
      const consumer = await js.consumers.get(name, 'g');
      const iter = await consumer.consume({ max_messages: batch });
      let seen = 0;
      for await (const m of iter) {
        m.ack();
        if (++seen >= messages) break;
      }
    };
    await Promise.all([produce(), consume()]);
    return rate(messages * perEntry, started);
  } finally {
    await nc.jetstreamManager().then((jsm) => jsm.streams.delete(name));
    await nc.drain();
  }
};
