/**
 * Putting records on the bus and reading what came out: what an operator's feed adapter, the
 * benchmarks and the cluster tests do. Publishing waits when the workers fall behind (back-pressure),
 * so a producer's memory stays bounded by the few batches it has in flight.
 */
import type { Bus, OutMessage } from '../../adapters/bus/bus.port.ts';
import { eventTime, type CallRecord } from '../detect/calls/records.schema.ts';
import { smsKey } from '../detect/sms/sms.stream.ts';
import { messageParser, STREAMS, type AlertMessage, type SmsMessage } from './streams.schema.ts';

/**
 * Publishes in batches, up to IN_FLIGHT at once so round trips overlap (the bus keeps their order): a
 * producer holds at most IN_FLIGHT batches, and back-pressure holds it there.
 */
const publishBatches = async <T>(
  bus: Bus,
  stream: string,
  items: readonly T[],
  batch: number,
  message: (item: T) => OutMessage,
): Promise<void> => {
  const inFlight: Array<Promise<void>> = [];
  for (let i = 0; i < items.length; i += batch) {
    inFlight.push(bus.publish(stream, items.slice(i, i + batch).map(message)));
    if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
  }
  await Promise.all(inFlight);
};
const IN_FLIGHT = 32;

export const publishCallRecords = (
  bus: Bus,
  org: string,
  records: readonly CallRecord[],
  batch = 1000,
): Promise<void> =>
  publishBatches(bus, STREAMS.callRecords.name, records, batch, (record) => ({
    key: record.phone,
    body: JSON.stringify({ org, record }),
  }));

/**
 * End of an export: every partition's engine evaluates its open days, up to the day of `newest` (the
 * export's newest event time, newestEventTime) when given, as one engine would.
 */
export const publishCallsFinish = async (bus: Bus, org: string, newest?: number): Promise<void> => {
  const body = JSON.stringify({ org, control: 'finish', ...(newest === undefined ? {} : { newest }) });
  await bus.publish(
    STREAMS.callRecords.name,
    Array.from({ length: bus.partitions }, (_, partition) => ({ key: '', body, partition })),
  );
};

export const publishSms = (bus: Bus, messages: readonly SmsMessage[], batch = 1000): Promise<void> =>
  publishBatches(bus, STREAMS.smsRecords.name, messages, batch, (m) => ({
    key: smsKey(m.text),
    body: JSON.stringify(m),
  }));

/** Waits until every partition of the streams has no unacknowledged entry (all checkpointed). */
export const waitForDrain = async (
  bus: Bus,
  streams: readonly string[],
  timeoutMs: number,
): Promise<void> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    let left = 0;
    for (const s of streams) for (let p = 0; p < bus.partitions; p++) left += await bus.backlog(s, p);
    if (left === 0) return;
    if (Date.now() > until) throw new Error(`${left} entries still unacknowledged after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** Every alert on the alerts stream so far, once per id (a finding re-published after a crash is one). */
export const collectAlerts = async (bus: Bus, group: string): Promise<Map<string, AlertMessage>> => {
  const parse = messageParser(STREAMS.alerts.schema);
  const out = new Map<string, AlertMessage>();
  for (let p = 0; p < bus.partitions; p++)
    for (;;) {
      const got = await bus.read(STREAMS.alerts.name, group, p, 1000, 0);
      if (got.length === 0) break;
      for (const d of got)
        for (const body of d.bodies) {
          const a = parse(body);
          if (a.ok) out.set(a.value.id, a.value);
        }
      await bus.ack(
        STREAMS.alerts.name,
        group,
        p,
        got.map((d) => d.id),
      );
    }
  return out;
};

/** The newest event time of the windowed records (calls, SMS, locations): what publishCallsFinish takes. */
export const newestEventTime = (records: readonly CallRecord[]): number =>
  records.reduce(
    (max, r) =>
      r.kind === 'voice' || r.kind === 'sms' || r.kind === 'location' ? Math.max(max, eventTime(r)) : max,
    0,
  );
