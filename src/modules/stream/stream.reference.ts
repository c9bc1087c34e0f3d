/**
 * The same records processed in one process without a bus: what the cluster's alerts are compared to
 * (tests and benchmarks). Call records go through one engine per partition, as the workers hold them
 * whatever their number, and also through one engine for everything (the single-process pipeline);
 * SMS through one campaign state in publication order.
 */
import { partitionOfKey, type Bus } from '../../adapters/bus/bus.port.ts';
import { alertId } from '../detect/calls/calls.stream.ts';
import { DEFAULT_ENGINE_CONFIG } from '../detect/calls/engine.config.ts';
import { CallsEngine, type CallAlert } from '../detect/calls/engine.ts';
import type { CallRecord } from '../detect/calls/records.schema.ts';
import type { SmsClassifier } from '../detect/sms/sms.detector.ts';
import { smsStreamHandler } from '../detect/sms/sms.stream.ts';
import { collectAlerts, newestEventTime } from './stream.producer.ts';
import type { SmsMessage } from './streams.schema.ts';

/**
 * Detectors whose state is one subscriber's: their alerts do not depend on how subscribers are
 * partitioned. SIM-box grouping and 实名不实人 also read other subscribers (the device's and the
 * identity's other numbers), which a partition holds only for its own subscribers.
 */
export const SUBSCRIBER_DETECTORS = ['calls.wangiri@', 'calls.iot-misuse@', 'calls.key-region@'] as const;
export const isSubscriberDetector = (detector: string): boolean =>
  SUBSCRIBER_DETECTORS.some((d) => detector.startsWith(d));

/** Alert ids of the records run through `partitions` engines (1: the single-process pipeline). */
export const referenceCallAlerts = (
  org: string,
  records: readonly CallRecord[],
  partitions: number,
): Set<string> => {
  const ids = new Set<string>();
  const onAlert = (a: CallAlert): void => {
    ids.add(alertId(org, a));
  };
  const engines = Array.from({ length: partitions }, () => new CallsEngine(DEFAULT_ENGINE_CONFIG, onAlert));
  for (const r of records) engines[partitionOfKey(r.phone, partitions)]?.ingest(r);
  const newest = newestEventTime(records);
  for (const e of engines) e.finish(newest);
  return ids;
};

/**
 * SMS campaign alert ids of the messages classified in one state, in order. `scratch` is a bus of its
 * own (nothing else reads or writes it) where the state publishes its alerts to be collected.
 */
export const referenceSmsAlerts = async (
  classifier: SmsClassifier,
  messages: readonly SmsMessage[],
  scratch: Bus,
): Promise<Set<string>> => {
  const bus = scratch;
  const state = smsStreamHandler({ bus, classifier }).open(0, undefined);
  for (const m of messages) state.apply(m);
  await state.flush();
  return new Set((await collectAlerts(bus, 'reference')).keys());
};
