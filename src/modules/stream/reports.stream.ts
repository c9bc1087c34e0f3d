/**
 * Public reports from the bus (a provincial 12321 desk or an operator's report line feeding fanzha):
 * keyed by the reported value, handed to the report desk's trusted intake, which extracts the values,
 * groups similar reports and files them as the public organisation's low-reliability claims. A report
 * is recognised by its id (kept for a window of event time and checkpointed with the partition), and the
 * desk files one report per (client, id), so a resend or a redelivery after a crash changes nothing. A report the intake refuses goes to the
 * dead-letter stream with the reason; the others of its batch go on.
 */
import type { Bus } from '../../adapters/bus/bus.port.ts';
import { REPORT_CHANNELS, type ReportChannel, type ReportInput } from '../reports/reports.types.ts';
import type { ResourceType } from '../library/library.types.ts';
import type { PartitionState, StreamHandler } from './partition-worker.ts';
import { SeenIds } from './seen-ids.ts';
import { handOverRefusingOneByOne } from './refused.ts';
import { messageParser, STREAMS, type PublicReportMessage } from './streams.schema.ts';

export const REPORTS_GROUP = 'intake-reports';
/** The client the intake records for reports from the bus. */
export const REPORTS_CLIENT = 'bus:reports.public.v1';

export interface ReportsIntake {
  /** The report desk's trusted batch intake (no proof of work). */
  submitMany(inputs: readonly ReportInput[], client: string): Promise<unknown>;
}

const channelOf = (c: string | undefined): ReportChannel => REPORT_CHANNELS.find((x) => x === c) ?? 'other';

export const reportInputOf = (m: PublicReportMessage): ReportInput => ({
  channel: channelOf(m.channel),
  text: m.text ?? `${m.type} ${m.value}${m.fraudType ? ` (${m.fraudType})` : ''}`,
  // The intake checks the type (an unknown one is refused with the field named).
  values: [{ type: m.type as ResourceType, value: m.value }],
  occurredAt: m.time,
  sourceId: m.id,
});

export const reportsStreamHandler = (deps: {
  bus: Bus;
  intake: ReportsIntake;
}): StreamHandler<PublicReportMessage> => ({
  stream: STREAMS.publicReports.name,
  group: REPORTS_GROUP,
  parse: messageParser(STREAMS.publicReports.schema),
  open(_partition, snapshot): PartitionState<PublicReportMessage> {
    const pending: PublicReportMessage[] = [];
    const saved =
      snapshot === undefined
        ? undefined
        : (JSON.parse(snapshot) as { seen: string[]; seenPrevious: string[]; seenSince: number | null });
    const seen = saved ? SeenIds.from(saved) : new SeenIds();
    const submit = (batch: readonly PublicReportMessage[]): Promise<void> =>
      handOverRefusingOneByOne(
        batch,
        (b) => deps.intake.submitMany(b.map(reportInputOf), REPORTS_CLIENT),
        (m, reason) =>
          deps.bus.deadLetter(STREAMS.publicReports.name, JSON.stringify(m), `intake: ${reason}`),
      );
    return {
      apply(m) {
        if (seen.has(m.id)) return;
        seen.add(m.id, m.time);
        pending.push(m);
      },
      async flush() {
        if (pending.length === 0) return;
        const batch = pending.slice();
        await submit(batch);
        pending.splice(0, batch.length);
      },
      snapshot: () => JSON.stringify(seen.toJSON()),
    };
  },
});
