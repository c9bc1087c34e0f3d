/**
 * The platform's streams: name (with its version), partition key, and the schema every message is
 * parsed with on consumption (a message failing it goes to `<stream>.dead` with the reason). A change
 * that old consumers could not read gets a new version, published beside the old one until they move.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { CallRecordSchema } from '../detect/calls/records.schema.ts';
import type { Result } from '../../shared/result.ts';
import { err, ok } from '../../shared/result.ts';

const OrgId = Type.String({ minLength: 1, maxLength: 100 });
const Time = Type.Integer({ minimum: 0, description: 'epoch milliseconds' });

/** Call records: key = subscriber (the record's phone), so a number's window state lives in one worker. */
export const CallRecordMessage = Type.Union([
  Type.Object({ org: OrgId, record: CallRecordSchema }),
  /** End of an export: every partition evaluates its open days (sent to every partition). */
  Type.Object({
    org: OrgId,
    control: Type.Literal('finish'),
    /** The export's newest event time: every partition evaluates the days up to it. */
    newest: Type.Optional(Time),
  }),
]);

/** Window features of one number for one day, as the call engine computes them (features.ts). */
/** A feature's value; null stands for NaN (a value the number has no data for: JSON has no NaN). */
const FeatureNumber = Type.Union([Type.Number(), Type.Null()]);
const NumberFeaturesSchema = Type.Object({
  phone: Type.String({ minLength: 1, maxLength: 64 }),
  window: Type.Object({ from: Type.Number(), to: Type.Number() }),
  activeDays: FeatureNumber,
  outCalls: FeatureNumber,
  inCalls: FeatureNumber,
  forwarded: FeatureNumber,
  outShortShare: FeatureNumber,
  outNightShare: FeatureNumber,
  outMeanDurationSec: FeatureNumber,
  outMaxDurationSec: FeatureNumber,
  oneRingShare: FeatureNumber,
  smsOut: FeatureNumber,
  smsIn: FeatureNumber,
  locations: FeatureNumber,
  distinctCallees: FeatureNumber,
  distinctCallers: FeatureNumber,
  callbackShare: FeatureNumber,
  imeis: FeatureNumber,
  cities: FeatureNumber,
  cells: FeatureNumber,
  awayShare: FeatureNumber,
  gapCv: FeatureNumber,
  gapMeanSec: FeatureNumber,
  traffic: FeatureNumber,
  arpu: FeatureNumber,
  recentCalleeSurge: FeatureNumber,
  recentAwayShare: FeatureNumber,
  baselineDays: FeatureNumber,
  recentNewDevice: Type.Boolean(),
});
const Day = Type.Integer({ minimum: 0, description: 'days since the epoch in the engine time zone' });

/**
 * The call engines' evidence for the detectors of other subscribers' state (SIM-box grouping, 实名不实人),
 * from the partitions keyed by subscriber to a second stage keyed by `device:<imei>` or
 * `identity:<identity>`; `closed` goes to every partition: the sending partition (`source`) has
 * evaluated every day up to `through` (FINAL_DAY: the end of the export).
 */
export const CallsSharedMessage = Type.Union([
  Type.Object({
    org: OrgId,
    kind: Type.Literal('registration'),
    identity: Type.String({ minLength: 1, maxLength: 200 }),
    phone: Type.String({ minLength: 1, maxLength: 64 }),
    time: Time,
  }),
  Type.Object({
    org: OrgId,
    kind: Type.Literal('device'),
    day: Day,
    imei: Type.String({ minLength: 1, maxLength: 64 }),
    phone: Type.String({ minLength: 1, maxLength: 64 }),
    first: Time,
    last: Time,
    features: Type.Optional(NumberFeaturesSchema),
  }),
  Type.Object({
    org: OrgId,
    kind: Type.Literal('away'),
    day: Day,
    identity: Type.String({ minLength: 1, maxLength: 200 }),
    phone: Type.String({ minLength: 1, maxLength: 64 }),
    features: Type.Optional(NumberFeaturesSchema),
  }),
  Type.Object({
    org: OrgId,
    kind: Type.Literal('closed'),
    source: Type.Integer({ minimum: 0 }),
    through: Type.Integer({ minimum: 0 }),
  }),
]);

/** `through` of the last `closed` of an export: every day. */
export const FINAL_DAY = 2 ** 31 - 1;

/** SMS: key = template key (normalised text with slots), so a campaign's counters live in one worker. */
export const SmsMessage = Type.Object({
  org: OrgId,
  id: Type.String({ minLength: 1, maxLength: 100 }),
  sender: Type.String({ minLength: 1, maxLength: 160 }),
  receiver: Type.String({ maxLength: 160 }),
  time: Time,
  text: Type.String({ minLength: 1, maxLength: 2000 }),
});

/** Transfers: key = payee (one worker sees every transfer into an account). */
export const TransferMessage = Type.Object({
  org: OrgId,
  id: Type.String({ minLength: 1, maxLength: 100 }),
  payer: Type.String({ minLength: 1, maxLength: 200 }),
  payee: Type.String({ minLength: 1, maxLength: 200 }),
  amount: Type.Number({ minimum: 0 }),
  currency: Type.String({ minLength: 3, maxLength: 3 }),
  time: Time,
  channel: Type.Optional(Type.String({ maxLength: 50 })),
});

/** Public reports: key = the reported value (one worker sees every report of a number or site). */
export const PublicReportMessage = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100 }),
  type: Type.String({ minLength: 1, maxLength: 30 }),
  value: Type.String({ minLength: 1, maxLength: 2000 }),
  fraudType: Type.Optional(Type.String({ maxLength: 50 })),
  time: Time,
  /** Where the fraud reached the reporter (the report desk's channels); `other` when left out. */
  channel: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
  /** What happened, in the reporter's words. */
  text: Type.Optional(Type.String({ minLength: 1, maxLength: 10_000 })),
});

/** Detector alerts: key = subject. `id` is the same for the same finding, so consumers de-duplicate. */
export const AlertMessage = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 300 }),
  org: OrgId,
  detector: Type.String({ minLength: 1, maxLength: 100 }),
  subjectType: Type.String({ minLength: 1, maxLength: 30 }),
  subject: Type.String({ minLength: 1, maxLength: 300 }),
  verdict: Type.String({ minLength: 1, maxLength: 30 }),
  score: Type.Number(),
  at: Time,
});

/** Library changes (fan-out to every API node): a nudge to read the change feed, which stays the truth. */
export const LibraryChangeMessage = Type.Object({
  origin: Type.String({ minLength: 1, maxLength: 100 }),
  at: Time,
  changed: Type.Integer({ minimum: 0 }),
});

/** Alert entries kept per partition of the alerts stream (a log: call alerts are also in the database). */
export const ALERTS_KEPT = 100_000;

export const STREAMS = {
  callRecords: { name: 'calls.records.v1', key: 'phone', schema: CallRecordMessage },
  callsShared: { name: 'calls.shared.v1', key: 'device or identity', schema: CallsSharedMessage },
  smsRecords: { name: 'sms.records.v1', key: 'template key', schema: SmsMessage },
  transfers: { name: 'transfers.records.v1', key: 'payee', schema: TransferMessage },
  publicReports: { name: 'reports.public.v1', key: 'value', schema: PublicReportMessage },
  alerts: { name: 'detect.alerts.v1', key: 'subject', schema: AlertMessage },
  libraryChanges: { name: 'library.changes.v1', key: '(fan-out)', schema: LibraryChangeMessage },
} as const;

export type CallRecordMessage = Static<typeof CallRecordMessage>;
export type CallsSharedMessage = Static<typeof CallsSharedMessage>;
export type SmsMessage = Static<typeof SmsMessage>;
export type TransferMessage = Static<typeof TransferMessage>;
export type PublicReportMessage = Static<typeof PublicReportMessage>;
export type AlertMessage = Static<typeof AlertMessage>;
export type LibraryChangeMessage = Static<typeof LibraryChangeMessage>;

/** A parser for one stream's bodies: JSON, then the schema; the error says what failed (for dead letters). */
export const messageParser = <T extends TSchema>(
  schema: T,
): ((body: string) => Result<Static<T>, string>) => {
  const check = TypeCompiler.Compile(schema);
  return (body) => {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return err('not JSON');
    }
    if (check.Check(value)) return ok(value);
    const first = check.Errors(value).First();
    return err(first ? `${first.path || '/'}: ${first.message}` : 'does not match the schema');
  };
};
