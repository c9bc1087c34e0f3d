/**
 * The bus on Redis Streams (Debian's redis-server, consumer groups): a stream per partition
 * (`fanzha:<stream>:p<n>`), one consumer named after its partition inside each group, so whichever
 * worker holds a partition's lease reads that consumer's unacknowledged entries first. Acknowledged
 * entries are deleted, which keeps a stream's length equal to its backlog for back-pressure.
 */
import { createClient } from 'redis';
import {
  BUS_DEFAULTS,
  bodiesByPartition,
  partitionOfKey,
  type Bus,
  type Delivery,
  type OutMessage,
  type PublishOptions,
} from './bus.port.ts';

type Client = ReturnType<typeof createClient>;
type Arg = string;

const LEASE = `local v = redis.call('GET', KEYS[1])
if v == false or v == ARGV[1] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end return 0`;

/** Entries of an XREADGROUP reply, `[[key, [[id, [field, value, …]], …]]]`, parsed from the wire shape. */
const parseEntries = (reply: unknown, partition: number): Delivery[] => {
  const out: Delivery[] = [];
  if (!Array.isArray(reply)) return out;
  for (const s of reply as unknown[]) {
    const entries: unknown = Array.isArray(s) ? s[1] : undefined;
    if (!Array.isArray(entries)) continue;
    for (const e of entries as unknown[]) {
      if (!Array.isArray(e) || typeof e[0] !== 'string') continue;
      const fields: unknown = e[1];
      let body = '';
      if (Array.isArray(fields))
        for (let i = 0; i + 1 < fields.length; i += 2)
          if (fields[i] === 'b' && typeof fields[i + 1] === 'string') body = String(fields[i + 1]);
      out.push({ id: e[0], partition, bodies: body === '' ? [] : body.split('\n') });
    }
  }
  return out;
};

export const redisBus = async (
  url: string,
  options: { partitions?: number; maxBacklog?: number; onError?: (e: Error) => void } = {},
): Promise<Bus> => {
  const partitions = options.partitions ?? BUS_DEFAULTS.partitions;
  const maxBacklog = options.maxBacklog ?? BUS_DEFAULTS.maxBacklog;
  const onError = options.onError ?? (() => {});
  const open = async (): Promise<Client> => {
    const c = createClient({
      url,
      socket: { reconnectStrategy: (retries) => Math.min(50 + retries * 50, 500) },
    });
    c.on('error', (e: unknown) => onError(e instanceof Error ? e : new Error(String(e))));
    await c.connect();
    return c;
  };
  const main = await open();
  const duplicate = (): Client => {
    const c = main.duplicate();
    c.on('error', (e: unknown) => onError(e instanceof Error ? e : new Error(String(e))));
    return c;
  };
  /** Blocking reads hold their connection: one per partition read, made on first use. */
  const readers = new Map<string, Promise<Client>>();
  const subscribers: Client[] = [];
  const created = new Set<string>();
  /** Per partition stream and group: where redelivery of pending entries has got to (undefined: done). */
  const replayCursors = new Map<string, string | undefined>();
  const cmd = (args: Arg[]): Promise<unknown> => main.sendCommand(args);
  const keyOf = (stream: string, partition: number): string => `fanzha:${stream}:p${partition}`;
  const ensureGroup = async (key: string, group: string): Promise<void> => {
    if (created.has(`${key}|${group}`)) return;
    try {
      await cmd(['XGROUP', 'CREATE', key, group, '0', 'MKSTREAM']);
    } catch (e) {
      if (!(e instanceof Error && e.message.includes('BUSYGROUP'))) throw e;
    }
    created.add(`${key}|${group}`);
  };
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

  const bus: Bus = {
    kind: 'redis',
    partitions,
    partitionOf: (key) => partitionOfKey(key, partitions),
    async publish(stream, messages: readonly OutMessage[], publishOptions: PublishOptions = {}) {
      const capped = publishOptions.capped;
      // Every XADD leaves before the first await, so entries are appended in the order publish is called
      // even with several publishes in flight; each is followed by an XLEN in the same pipeline.
      const sent = [...bodiesByPartition(messages, partitions)].map(([p, bodies]) => {
        const key = keyOf(stream, p);
        const body = bodies.join('\n');
        if (capped !== undefined)
          return { key, added: cmd(['XADD', key, 'MAXLEN', '~', String(capped), '*', 'b', body]), length: 0 };
        return { key, added: cmd(['XADD', key, '*', 'b', body]), length: cmd(['XLEN', key]) };
      });
      const lengths = await Promise.all(sent.map(async (s) => (await s.added, Number(await s.length))));
      // Back-pressure: hold the publisher while a partition it wrote to is over its backlog.
      for (const [i, s] of sent.entries()) {
        let n = lengths[i] ?? 0;
        while (n > maxBacklog) {
          await sleep(5);
          n = Number(await cmd(['XLEN', s.key]));
        }
      }
    },
    async read(stream, group, partition, max, blockMs) {
      const key = keyOf(stream, partition);
      await ensureGroup(key, group);
      const consumer = `p${partition}`;
      // Redelivery walks the consumer's pending entries from a cursor; once past them, new entries ('>').
      const cursorKey = `${key}|${group}`;
      const cursor = replayCursors.has(cursorKey) ? replayCursors.get(cursorKey) : '0';
      if (cursor !== undefined) {
        const again = parseEntries(
          await cmd(['XREADGROUP', 'GROUP', group, consumer, 'COUNT', String(max), 'STREAMS', key, cursor]),
          partition,
        );
        replayCursors.set(cursorKey, again.at(-1)?.id);
        if (again.length > 0) return again;
      }
      let reader = readers.get(key);
      if (!reader) readers.set(key, (reader = duplicate().connect()));
      const r = await reader;
      const block = blockMs > 0 ? ['BLOCK', String(blockMs)] : [];
      return parseEntries(
        await r.sendCommand([
          'XREADGROUP',
          'GROUP',
          group,
          consumer,
          'COUNT',
          String(max),
          ...block,
          'STREAMS',
          key,
          '>',
        ]),
        partition,
      );
    },
    redeliver(stream, group, partition) {
      replayCursors.set(`${keyOf(stream, partition)}|${group}`, '0');
    },
    async ack(stream, group, partition, ids) {
      if (ids.length === 0) return;
      const key = keyOf(stream, partition);
      await Promise.all([cmd(['XACK', key, group, ...ids]), cmd(['XDEL', key, ...ids])]);
    },
    async backlog(stream, partition) {
      return Number(await cmd(['XLEN', keyOf(stream, partition)]));
    },
    async deadLetter(stream, body, reason) {
      await cmd(['XADD', `fanzha:${stream}.dead`, '*', 'b', body, 'reason', reason]);
    },
    async deadLetters(stream, max) {
      const reply = await cmd(['XRANGE', `fanzha:${stream}.dead`, '-', '+', 'COUNT', String(max)]);
      const out: Array<{ body: string; reason: string }> = [];
      if (!Array.isArray(reply)) return out;
      for (const e of reply as unknown[]) {
        const f: unknown = Array.isArray(e) ? e[1] : undefined;
        if (!Array.isArray(f)) continue;
        const get = (name: string): string => {
          const i = f.indexOf(name);
          const v: unknown = i >= 0 ? f[i + 1] : undefined;
          return typeof v === 'string' ? v : '';
        };
        out.push({ body: get('b'), reason: get('reason') });
      }
      return out;
    },
    async broadcast(channel, body) {
      await cmd(['PUBLISH', `fanzha:${channel}`, body]);
    },
    async listen(channel, onBody) {
      const sub = duplicate();
      await sub.connect();
      await sub.subscribe(`fanzha:${channel}`, (message) => onBody(message));
      subscribers.push(sub);
      return async () => {
        subscribers.splice(subscribers.indexOf(sub), 1);
        if (sub.isOpen) sub.destroy();
      };
    },
    async lease(name, owner, ttlMs) {
      return Number(await cmd(['EVAL', LEASE, '1', `fanzha:lease:${name}`, owner, String(ttlMs)])) === 1;
    },
    async releaseLease(name, owner) {
      await cmd(['EVAL', RELEASE, '1', `fanzha:lease:${name}`, owner]);
    },
    async members(group, member, ttlMs) {
      const key = `fanzha:members:${group}`;
      const now = Date.now();
      await cmd(['ZADD', key, String(now), member]);
      await cmd(['ZREMRANGEBYSCORE', key, '-inf', String(now - ttlMs)]);
      const reply = await cmd(['ZRANGE', key, '0', '-1']);
      return Array.isArray(reply) ? reply.filter((m): m is string => typeof m === 'string').sort() : [];
    },
    async leaveMembers(group, member) {
      await cmd(['ZREM', `fanzha:members:${group}`, member]);
    },
    async save(key, value) {
      await cmd(['SET', `fanzha:kv:${key}`, value]);
    },
    async load(key) {
      const v = await cmd(['GET', `fanzha:kv:${key}`]);
      return typeof v === 'string' ? v : undefined;
    },
    async close() {
      const clients = [...subscribers, ...(await Promise.all(readers.values())), main];
      for (const c of clients) if (c.isOpen) c.destroy();
    },
  };
  return bus;
};

/** The bus a configuration asks for: Redis when a redis:// URL is given, the in-process bus otherwise. */
export const openBus = async (
  url: string | undefined,
  options: { partitions?: number; maxBacklog?: number; onError?: (e: Error) => void } = {},
): Promise<Bus> => {
  if (url === undefined) {
    const { memoryBus } = await import('./memory.bus.ts');
    return memoryBus(options);
  }
  if (!url.startsWith('redis://')) throw new Error(`FANZHA_BUS_URL must be a redis:// URL, got "${url}"`);
  return redisBus(url, options);
};
