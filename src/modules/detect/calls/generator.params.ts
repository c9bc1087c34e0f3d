/**
 * Every parameter of the call-record generator, with its default and why (documented again in
 * RECORDS.md). Parsed from CLI flags as `unknown` like any other input.
 */
import { Type, type Static } from '@sinclair/typebox';

export const GeneratorParamsSchema = Type.Object({
  /** PRNG seed: the same seed and parameters give the same records, byte for byte. */
  seed: Type.Integer({ minimum: 0 }),
  /** Ordinary subscribers (the population everything else hides in). */
  subscribers: Type.Integer({ minimum: 20, maximum: 2_000_000 }),
  /** Simulated days. */
  days: Type.Integer({ minimum: 1, maximum: 90 }),
  /** Simulation start, epoch ms (default 2026-03-02 00:00 Beijing time). */
  start: Type.Integer({ minimum: 0 }),
  /** Fraud numbers: many distinct callees, short calls, few call-backs, night bursts, IMEI churn. */
  fraudNumbers: Type.Integer({ minimum: 0 }),
  /** SIM-boxes (GOIP / 多卡宝): one IMEI, many SIMs, one cell, outgoing only, machine-regular gaps. */
  simBoxes: Type.Integer({ minimum: 0 }),
  simsPerBoxMin: Type.Integer({ minimum: 2 }),
  simsPerBoxMax: Type.Integer({ minimum: 2 }),
  /** 实名不实人, kind A: one identity opens many SIMs that are then used far from where they were opened. */
  identityBulkOpenings: Type.Integer({ minimum: 0 }),
  /** 实名不实人, kind B: a subscriber's device, place and calling change abruptly (the card changed hands). */
  identityProfileChanges: Type.Integer({ minimum: 0 }),
  /** Subscribers travelling into a key region (踢网 subjects); some pre-registered (报备). */
  keyRegionTravellers: Type.Integer({ minimum: 0 }),
  /** Share of key-region travellers with a 报备 pre-registration (must never be acted on). */
  preRegisteredShare: Type.Number({ minimum: 0, maximum: 1 }),
  /** Share of unregistered travellers who are legitimate and win their appeal (wrongful actions). */
  legitUnregisteredShare: Type.Number({ minimum: 0, maximum: 1 }),
  /** Subscribers who live in a key region (never 踢网 subjects). */
  keyRegionResidents: Type.Integer({ minimum: 0 }),
  /** IoT cards behaving as bound (data only, bound device and area). */
  iotCards: Type.Integer({ minimum: 0 }),
  /** IoT cards misused: voice calls, another device, or outside the bound area. */
  iotMisuse: Type.Integer({ minimum: 0 }),
  /** Wangiri numbers: one-ring calls to many numbers, luring premium call-backs. */
  wangiriNumbers: Type.Integer({ minimum: 0 }),
  /** Share of ordinary subscribers with a dual-SIM device (two SIMs on one IMEI: a SIM-box decoy). */
  dualSimShare: Type.Number({ minimum: 0, maximum: 1 }),
  /** Share of ordinary identities holding 2–3 SIMs used at home (a 实名不实人 decoy). */
  familyIdentityShare: Type.Number({ minimum: 0, maximum: 1 }),
  /** Share of ordinary subscribers who travel to a far city for a few days (a 实名不实人 decoy). */
  travellerShare: Type.Number({ minimum: 0, maximum: 1 }),
  /** Share of ordinary subscribers who are heavy callers (sales, taxis): a fraud-number decoy. */
  heavyCallerShare: Type.Number({ minimum: 0, maximum: 1 }),
});
export type GeneratorParams = Static<typeof GeneratorParamsSchema>;

/** Defaults scale with the population so a small run still holds every behaviour. */
export const defaultParams = (seed: number, subscribers: number, days: number): GeneratorParams => ({
  seed,
  subscribers,
  days,
  start: Date.parse('2026-03-02T00:00:00+08:00'),
  fraudNumbers: Math.max(3, Math.round(subscribers * 0.01)),
  simBoxes: Math.max(2, Math.round(subscribers / 400)),
  simsPerBoxMin: 8,
  simsPerBoxMax: 32,
  identityBulkOpenings: Math.max(3, Math.round(subscribers / 250)),
  identityProfileChanges: Math.max(3, Math.round(subscribers / 250)),
  keyRegionTravellers: Math.max(5, Math.round(subscribers / 100)),
  preRegisteredShare: 0.4,
  legitUnregisteredShare: 0.2,
  keyRegionResidents: Math.max(2, Math.round(subscribers / 200)),
  iotCards: Math.max(5, Math.round(subscribers * 0.03)),
  iotMisuse: Math.max(3, Math.round(subscribers / 200)),
  wangiriNumbers: Math.max(2, Math.round(subscribers / 1000)),
  dualSimShare: 0.03,
  familyIdentityShare: 0.05,
  travellerShare: 0.03,
  heavyCallerShare: 0.02,
});

/** Ground truth written beside the records. */
export interface GroundTruth {
  readonly params: GeneratorParams;
  readonly fraudNumbers: string[];
  readonly simBoxes: Array<{ imei: string; cellId: string; phones: string[] }>;
  readonly identityHandovers: Array<{
    kind: 'bulk_opening' | 'profile_change';
    identity: string;
    phones: string[];
    handoverAt: number;
  }>;
  readonly keyRegionEntries: Array<{
    phone: string;
    region: string;
    enteredAt: number;
    preRegistered: boolean;
    legit: boolean;
  }>;
  readonly iotMisuse: Array<{ phone: string; how: 'voice' | 'device' | 'area'; at: number }>;
  readonly wangiri: string[];
}
