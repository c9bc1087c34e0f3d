/**
 * The Sichuan features computed from raw records by the engine, so the fraud-number model trained on
 * the competition's aggregates can score live numbers. The competition aggregated about a month per
 * number; window counts are scaled to 30 days. Features the window cannot know stay missing (NaN).
 */
import type { NumberFeatures } from './features.ts';
import { SICHUAN_FEATURES, type SichuanFeature, type SichuanRow } from './sichuan.features.ts';

export const sichuanRowOf = (f: NumberFeatures, windowDays: number): SichuanRow => {
  const scale = 30 / windowDays;
  const calls = f.outCalls + f.inCalls;
  const unique = f.distinctCallees + f.distinctCallers * (1 - f.callbackShare);
  const known: Partial<Record<SichuanFeature, number>> = {
    opposite_count: calls * scale,
    opposite_unique: unique * scale,
    voccalltype1: f.outCalls * scale,
    imeis: f.imeis,
    voc_calltype1: calls > 0 ? f.outCalls / calls : NaN,
    city_name_call: f.cities,
    phone2opposite_mean: unique > 0 ? calls / unique : NaN,
    call_dur_mean: f.outMeanDurationSec,
    call_dur_max: f.outMaxDurationSec,
    calltype_id_unique: (f.outCalls > 0 ? 1 : 0) + (f.inCalls > 0 ? 1 : 0) + (f.forwarded > 0 ? 1 : 0),
    voc_day_nunique: f.activeDays * scale,
    sms_count: (f.smsIn + f.smsOut) * scale,
    flow_sum: f.traffic,
    flow_month: f.traffic,
    arpu_mean: f.arpu,
    arpu_median: f.arpu,
    arpu_max: f.arpu,
    arpu_min: f.arpu,
    arpu_sum: f.arpu,
    arpu_quantile: f.arpu,
    month_ids: 1,
  };
  const row: Partial<Record<SichuanFeature, number>> = {};
  for (const k of SICHUAN_FEATURES) row[k] = known[k] ?? NaN;
  // Every key of SICHUAN_FEATURES was set just above: the record is complete.
  return row as SichuanRow;
};
