/**
 * SMS from the bus: messages are keyed by template key (templateKeyOf: the text with its variable parts
 * slotted), so every message of one campaign reaches one worker. Each is classified by the active
 * detector; a template whose fraud messages reach the campaign threshold raises one campaign alert,
 * published on the alerts stream with an id that is the same for the same campaign.
 */
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { Bus } from '../../../adapters/bus/bus.port.ts';
import {
  ALERTS_KEPT,
  messageParser,
  STREAMS,
  type AlertMessage,
  type SmsMessage,
} from '../../stream/streams.schema.ts';
import type { PartitionState, StreamHandler } from '../../stream/partition-worker.ts';
import type { SmsClassifier } from './sms.detector.ts';
import { SeenIds } from '../../stream/seen-ids.ts';
import { templateKeyOf } from '../../../shared/text/text-normalize.ts';

export const SMS_GROUP = 'detect-sms';
export const SMS_CAMPAIGN_DETECTOR = 'sms.campaign@1.0.0';
/** Fraud messages from one template before it is reported as a campaign. */
export const CAMPAIGN_THRESHOLD = 3;

interface Campaign {
  messages: number;
  fraud: number;
  senders: string[];
  first: number;
  last: number;
}

const campaignEntries = Type.Array(
  Type.Tuple([
    Type.String(),
    Type.Object({
      messages: Type.Integer(),
      fraud: Type.Integer(),
      senders: Type.Array(Type.String()),
      first: Type.Number(),
      last: Type.Number(),
    }),
  ]),
);

/** A partition's checkpoint: campaigns by template key, message ids seen (two generations), campaigns alerted. */
const checkSnapshot = TypeCompiler.Compile(
  Type.Object({
    campaigns: campaignEntries,
    seen: Type.Array(Type.String()),
    seenPrevious: Type.Optional(Type.Array(Type.String())),
    seenSince: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    alerted: Type.Array(Type.String()),
    classified: Type.Integer(),
  }),
);

/**
 * A delta: the campaigns changed since the last checkpoint (whole), the message ids added in order with
 * their times (adding them again rotates the generations as the live state did), the campaigns alerted
 * since, and the count.
 */
const checkDelta = TypeCompiler.Compile(
  Type.Object({
    campaigns: campaignEntries,
    seenAdded: Type.Array(Type.Tuple([Type.String(), Type.Number()])),
    alerted: Type.Array(Type.String()),
    classified: Type.Integer(),
  }),
);

/** The partition key of an SMS: its template key. */
export const smsKey = (text: string): string => templateKeyOf(text);

export const smsStreamHandler = (deps: {
  bus: Bus;
  classifier: SmsClassifier;
}): StreamHandler<SmsMessage> => ({
  stream: STREAMS.smsRecords.name,
  group: SMS_GROUP,
  parse: messageParser(STREAMS.smsRecords.schema),
  open(_partition, snapshot, deltas = []): PartitionState<SmsMessage> {
    const campaigns = new Map<string, Campaign>();
    let seen = new SeenIds();
    const alerted = new Set<string>();
    const pending: AlertMessage[] = [];
    let classified = 0;
    if (snapshot !== undefined) {
      const s: unknown = JSON.parse(snapshot);
      if (!checkSnapshot.Check(s)) throw new Error('SMS partition checkpoint does not match its schema');
      for (const [key, c] of s.campaigns) campaigns.set(key, { ...c, senders: [...c.senders] });
      seen = SeenIds.from(s);
      for (const id of s.alerted) alerted.add(id);
      classified = s.classified;
    }
    for (const text of deltas) {
      const d: unknown = JSON.parse(text);
      if (!checkDelta.Check(d)) throw new Error('SMS partition checkpoint delta does not match its schema');
      for (const [key, c] of d.campaigns) campaigns.set(key, { ...c, senders: [...c.senders] });
      for (const [id, time] of d.seenAdded) seen.add(id, time);
      for (const id of d.alerted) alerted.add(id);
      classified = d.classified;
    }
    // What changed since the last checkpoint, for the next delta.
    const changed = new Set<string>();
    let seenAdded: Array<[string, number]> = [];
    let alertedAdded: string[] = [];
    const clearMarks = (): void => {
      changed.clear();
      seenAdded = [];
      alertedAdded = [];
    };
    return {
      apply(m) {
        // A message delivered again (a producer's retry) is recognised by its id and changes nothing.
        const messageKey = `${m.org}|${m.id}`;
        if (seen.has(messageKey)) return;
        seen.add(messageKey, m.time);
        seenAdded.push([messageKey, m.time]);
        classified++;
        const decision = deps.classifier.classify({ text: m.text });
        const templateKey = templateKeyOf(m.text);
        const key = `${m.org}|${templateKey}`;
        let c = campaigns.get(key);
        if (!c) campaigns.set(key, (c = { messages: 0, fraud: 0, senders: [], first: m.time, last: m.time }));
        changed.add(key);
        c.messages++;
        if (m.time < c.first) c.first = m.time;
        if (m.time > c.last) c.last = m.time;
        if (decision.verdict !== 'fraud') return;
        c.fraud++;
        if (c.senders.length < 20 && !c.senders.includes(m.sender)) c.senders.push(m.sender);
        if (c.fraud < CAMPAIGN_THRESHOLD || alerted.has(key)) return;
        alerted.add(key);
        alertedAdded.push(key);
        pending.push({
          id: `${m.org}|${SMS_CAMPAIGN_DETECTOR}|template|${templateKey}`,
          org: m.org,
          detector: SMS_CAMPAIGN_DETECTOR,
          subjectType: 'template',
          subject: templateKey,
          verdict: 'fraud',
          score: c.fraud / c.messages,
          at: m.time,
        });
      },
      async flush() {
        if (pending.length === 0) return;
        const batch = pending.slice();
        await deps.bus.publish(
          STREAMS.alerts.name,
          batch.map((a) => ({ key: a.subject, body: JSON.stringify(a) })),
          { capped: ALERTS_KEPT },
        );
        pending.splice(0, batch.length);
      },
      snapshot() {
        return JSON.stringify({
          campaigns: [...campaigns],
          ...seen.toJSON(),
          alerted: [...alerted],
          classified,
        });
      },
      delta: {
        take() {
          const text = JSON.stringify({
            campaigns: [...changed].flatMap((k) => {
              const c = campaigns.get(k);
              return c ? [[k, c]] : [];
            }),
            seenAdded,
            alerted: alertedAdded,
            classified,
          });
          clearMarks();
          return text;
        },
        clear: clearMarks,
      },
    };
  },
});
