/** Shapes shared by the generator and its injected behaviours. */
import type { Random } from './prng.ts';
import type { CallRecord, RegistrationRecord } from './records.schema.ts';
import type { GeneratorParams, GroundTruth } from './generator.params.ts';

export interface Subscriber {
  phone: string;
  imsi: string;
  imei: string;
  identity: string;
  city: string;
  cell: string;
  circle: string[];
  rate: number;
}

export interface Generated {
  readonly records: CallRecord[];
  readonly truth: GroundTruth;
}

export interface AbuseContext {
  p: GeneratorParams;
  rnd: Random;
  records: CallRecord[];
  truth: GroundTruth;
  people: Subscriber[];
  externals: string[];
  newPhone(): string;
  newImei(): string;
  newImsi(): string;
  newIdentity(): string;
  call(from: Subscriber, to: string, start: number, durationSec: number): void;
  registration(s: Subscriber, time: number, extra?: Partial<RegistrationRecord>): void;
  dayStart(d: number): number;
  lognormalSec(median: number, sigma: number): number;
  poisson(mean: number): number;
  hourOfDay(): number;
}
