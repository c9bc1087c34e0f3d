/**
 * The call-record schema (documented in RECORDS.md): what operators export, modelled on the Sichuan
 * competition's tables and extended with IMSI, cell, roaming, subscriber registration and 报备
 * pre-registrations. Every record enters as `unknown` and passes a compiled TypeBox check.
 */
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { Result } from '../../../shared/result.ts';
import { err, ok } from '../../../shared/result.ts';

const Phone = Type.String({ minLength: 1, maxLength: 160 });
const Text = Type.String({ maxLength: 200 });
const Time = Type.Integer({ minimum: 0, description: 'epoch milliseconds' });

export const VoiceRecordSchema = Type.Object({
  kind: Type.Literal('voice'),
  phone: Phone,
  opposite: Phone,
  /** 1 outgoing, 2 incoming, 3 forwarded (the Sichuan calltype_id). */
  callType: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)]),
  start: Time,
  durationSec: Type.Integer({ minimum: 0, maximum: 86_400 }),
  city: Type.Optional(Text),
  county: Type.Optional(Text),
  imei: Type.Optional(Text),
  imsi: Type.Optional(Text),
  cellId: Type.Optional(Text),
  roaming: Type.Optional(Type.Boolean()),
});

export const SmsRecordSchema = Type.Object({
  kind: Type.Literal('sms'),
  phone: Phone,
  opposite: Phone,
  /** 1 sent, 2 received. */
  type: Type.Union([Type.Literal(1), Type.Literal(2)]),
  time: Time,
});

export const LocationRecordSchema = Type.Object({
  kind: Type.Literal('location'),
  phone: Phone,
  imsi: Type.Optional(Text),
  imei: Type.Optional(Text),
  cellId: Type.Optional(Text),
  city: Text,
  time: Time,
});

export const RegistrationRecordSchema = Type.Object({
  kind: Type.Literal('registration'),
  phone: Phone,
  imsi: Type.Optional(Text),
  /** Keyed pseudonym of the ID document, never the number in clear. */
  identity: Text,
  channel: Type.Optional(Text),
  time: Time,
  /** City where the SIM was opened. */
  place: Text,
  iot: Type.Optional(Type.Boolean()),
  boundImei: Type.Optional(Text),
  boundArea: Type.Optional(Text),
});

export const AppRecordSchema = Type.Object({
  kind: Type.Literal('app'),
  phone: Phone,
  app: Text,
  /** Megabytes in the month. */
  traffic: Type.Number({ minimum: 0 }),
  /** YYYY-MM */
  month: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' }),
});

export const UserRecordSchema = Type.Object({
  kind: Type.Literal('user'),
  phone: Phone,
  city: Type.Optional(Text),
  county: Type.Optional(Text),
  idcardCount: Type.Optional(Type.Integer({ minimum: 0 })),
  arpu: Type.Optional(Type.Number()),
  month: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' }),
});

/** A 报备 pre-registration: travel into a key region that the subscriber declared in advance. */
export const PreRegistrationRecordSchema = Type.Object({
  kind: Type.Literal('preregistration'),
  phone: Phone,
  region: Text,
  from: Time,
  until: Time,
});

export const CallRecordSchema = Type.Union([
  VoiceRecordSchema,
  SmsRecordSchema,
  LocationRecordSchema,
  RegistrationRecordSchema,
  AppRecordSchema,
  UserRecordSchema,
  PreRegistrationRecordSchema,
]);
export type VoiceRecord = Static<typeof VoiceRecordSchema>;
export type SmsRecord = Static<typeof SmsRecordSchema>;
export type LocationRecord = Static<typeof LocationRecordSchema>;
export type RegistrationRecord = Static<typeof RegistrationRecordSchema>;
export type AppRecord = Static<typeof AppRecordSchema>;
export type UserRecord = Static<typeof UserRecordSchema>;
export type PreRegistrationRecord = Static<typeof PreRegistrationRecordSchema>;
export type CallRecord = Static<typeof CallRecordSchema>;
export type RecordKind = CallRecord['kind'];

const byKind = {
  voice: TypeCompiler.Compile(VoiceRecordSchema),
  sms: TypeCompiler.Compile(SmsRecordSchema),
  location: TypeCompiler.Compile(LocationRecordSchema),
  registration: TypeCompiler.Compile(RegistrationRecordSchema),
  app: TypeCompiler.Compile(AppRecordSchema),
  user: TypeCompiler.Compile(UserRecordSchema),
  preregistration: TypeCompiler.Compile(PreRegistrationRecordSchema),
} as const;
const isKind = (k: unknown): k is RecordKind => typeof k === 'string' && Object.hasOwn(byKind, k);

export interface RecordProblem {
  readonly field: string;
  readonly message: string;
}

/** Parses one record; the problem names the first field at fault (`kind`, `start`, `durationSec` …). */
export const parseRecord = (value: unknown): Result<CallRecord, RecordProblem> => {
  if (typeof value !== 'object' || value === null)
    return err({ field: 'record', message: 'a record must be an object' });
  const kind: unknown = (value as { kind?: unknown }).kind;
  if (!isKind(kind))
    return err({ field: 'kind', message: `kind must be one of ${Object.keys(byKind).join(', ')}` });
  const check = byKind[kind];
  if (check.Check(value)) return ok(value);
  const first = check.Errors(value).First();
  const field = first ? first.path.replace(/^\//, '').replace(/\//g, '.') || 'record' : 'record';
  return err({ field, message: first ? `${field}: ${first.message}` : 'invalid record' });
};

/** The event time of a record (a month's first day for monthly app/user rows). */
export const eventTime = (r: CallRecord): number => {
  switch (r.kind) {
    case 'voice':
      return r.start;
    case 'sms':
    case 'location':
    case 'registration':
      return r.time;
    case 'preregistration':
      return r.from;
    case 'app':
    case 'user':
      return Date.parse(`${r.month}-01T00:00:00+08:00`);
  }
};

/** The identity of a record for de-duplication: two deliveries of the same event have the same key. */
export const recordKey = (r: CallRecord): string => {
  switch (r.kind) {
    case 'voice':
      return `v|${r.phone}|${r.opposite}|${r.callType}|${r.start}|${r.durationSec}`;
    case 'sms':
      return `s|${r.phone}|${r.opposite}|${r.type}|${r.time}`;
    case 'location':
      return `l|${r.phone}|${r.city}|${r.cellId ?? ''}|${r.time}`;
    case 'registration':
      return `r|${r.phone}|${r.identity}|${r.time}`;
    case 'app':
      return `a|${r.phone}|${r.app}|${r.month}`;
    case 'user':
      return `u|${r.phone}|${r.month}`;
    case 'preregistration':
      return `p|${r.phone}|${r.region}|${r.from}|${r.until}`;
  }
};
