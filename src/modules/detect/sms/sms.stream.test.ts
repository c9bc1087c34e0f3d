import { expect, it } from 'vitest';
import { memoryBus } from '../../../adapters/bus/memory.bus.ts';
import type { SmsMessage } from '../../stream/streams.schema.ts';
import { loadSmsClassifier } from './sms.loader.ts';
import { SEEN_WINDOW_MS } from '../../stream/seen-ids.ts';
import { smsStreamHandler } from './sms.stream.ts';

const message = (i: number, time: number): SmsMessage => ({
  org: 'org-a',
  id: `m${i}`,
  sender: '10690000',
  receiver: '13800000000',
  time,
  text: `您的快递已到，取件码 ${i}`,
});

it('remembers message ids for a bounded window of event time, checkpointed with the state', () => {
  const handler = smsStreamHandler({ bus: memoryBus({ partitions: 1 }), classifier: loadSmsClassifier() });
  const state = handler.open(0, undefined);
  const t0 = Date.UTC(2026, 0, 1);
  const hour = 3_600_000;
  // Ten days of messages, one every ten minutes: the set holds at most two windows of them.
  const step = hour / 6;
  const total = (10 * 24 * hour) / step;
  for (let i = 0; i < total; i++) state.apply(message(i, t0 + i * step));
  const seenIds = (): number => {
    const s = JSON.parse(state.snapshot()) as { seen: string[]; seenPrevious: string[] };
    return s.seen.length + s.seenPrevious.length;
  };
  const perWindow = SEEN_WINDOW_MS / step;
  expect(seenIds()).toBeLessThanOrEqual(2 * perWindow + 1);
  expect(seenIds()).toBeGreaterThanOrEqual(perWindow);

  // A resend within the window changes nothing, also after a checkpoint and restore.
  const classified = (snapshot: string): number =>
    (JSON.parse(snapshot) as { classified: number }).classified;
  const before = classified(state.snapshot());
  const restored = handler.open(0, state.snapshot());
  restored.apply(message(total - 1, t0 + (total - 1) * step));
  restored.apply(message(total - perWindow + 1, t0 + (total - perWindow + 1) * step));
  expect(classified(restored.snapshot())).toBe(before);
  // A new message is counted.
  restored.apply(message(total, t0 + total * step));
  expect(classified(restored.snapshot())).toBe(before + 1);
});

it('reads a checkpoint written before the seen set had generations', () => {
  const handler = smsStreamHandler({ bus: memoryBus({ partitions: 1 }), classifier: loadSmsClassifier() });
  const old = JSON.stringify({ campaigns: [], seen: ['org-a|m1'], alerted: [], classified: 1 });
  const state = handler.open(0, old);
  state.apply(message(1, Date.UTC(2026, 0, 1)));
  expect((JSON.parse(state.snapshot()) as { classified: number }).classified).toBe(1);
});
