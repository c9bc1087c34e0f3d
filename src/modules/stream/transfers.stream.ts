/**
 * Transfers from the bus (keyed by payee, so one worker sees every transfer into an account): each
 * partition hands its records to the transfers service's own intake, acting as the sending
 * organisation, which stores a record once per organisation and record id and scores the accounts it
 * touched. A redelivered record is a record id already stored: it changes nothing. A record the
 * service refuses (or one from an organisation fanzha does not know) goes to the dead-letter stream
 * with the reason; the others of its batch go on.
 */
import type { Bus } from '../../adapters/bus/bus.port.ts';
import type { Actor } from '../../shared/actor.ts';
import type { PartitionState, StreamHandler } from './partition-worker.ts';
import { handOverRefusingOneByOne } from './refused.ts';
import { messageParser, STREAMS, type TransferMessage } from './streams.schema.ts';

export const TRANSFERS_GROUP = 'score-transfers';

export interface TransfersIntake {
  /** The transfers service's ingest (a batch of raw records, as over HTTP). */
  ingest(actor: Actor, raw: readonly unknown[]): Promise<unknown>;
  /** The organisation acting; undefined: not known here. */
  actorOf(org: string): Promise<Actor | undefined>;
}

const rawOf = (m: TransferMessage): Record<string, unknown> => ({
  recordId: m.id,
  payer: m.payer,
  payee: m.payee,
  amount: m.amount,
  currency: m.currency,
  time: m.time,
  ...(m.channel === undefined ? {} : { channel: m.channel }),
});

export const transfersStreamHandler = (deps: {
  bus: Bus;
  intake: TransfersIntake;
}): StreamHandler<TransferMessage> => ({
  stream: STREAMS.transfers.name,
  group: TRANSFERS_GROUP,
  parse: messageParser(STREAMS.transfers.schema),
  open(_partition, snapshot): PartitionState<TransferMessage> {
    const pending: TransferMessage[] = [];
    // The records handed over (the transfers service's tables hold what they decided).
    let forwarded = snapshot === undefined ? 0 : (JSON.parse(snapshot) as { forwarded: number }).forwarded;
    const dead = (m: TransferMessage, reason: string): Promise<void> =>
      deps.bus.deadLetter(STREAMS.transfers.name, JSON.stringify(m), reason);
    const ingest = (actor: Actor, batch: readonly TransferMessage[]): Promise<void> =>
      handOverRefusingOneByOne(
        batch,
        (b) => deps.intake.ingest(actor, b.map(rawOf)),
        (m, reason) => dead(m, `ingest: ${reason}`),
      );
    return {
      apply(m) {
        pending.push(m);
      },
      async flush() {
        if (pending.length === 0) return;
        const batch = pending.slice();
        const byOrg = new Map<string, TransferMessage[]>();
        for (const m of batch) byOrg.set(m.org, [...(byOrg.get(m.org) ?? []), m]);
        for (const [org, records] of byOrg) {
          const actor = await deps.intake.actorOf(org);
          if (actor) await ingest(actor, records);
          else for (const m of records) await dead(m, `unknown organisation ${org}`);
        }
        forwarded += batch.length;
        pending.splice(0, batch.length);
      },
      snapshot: () => JSON.stringify({ forwarded }),
    };
  },
});
