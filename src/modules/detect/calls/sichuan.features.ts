/**
 * The Sichuan competition's per-number feature set (55 aggregates of voice, SMS, apps and ARPU, as
 * processed by GAT-COBO) and the derived ratios the fraud-number model adds. Pure: a row of raw
 * features in, a dense vector out; missing values stay NaN so the booster's missing-value branch
 * decides, instead of a made-up zero.
 */
import { invalidInput } from '../../../shared/errors.ts';

export const SICHUAN_FEATURES = [
  'opposite_count',
  'opposite_unique',
  'voccalltype1',
  'imeis',
  'voc_calltype1',
  'city_name_call',
  'county_name_call',
  'phone2opposite_mean',
  'phone2opposite_median',
  'phone2opposite_max',
  'phone2oppo_sum_mean',
  'phone2oppo_sum_median',
  'phone2oppo_sum_max',
  'call_dur_mean',
  'call_dur_median',
  'call_dur_max',
  'call_dur_min',
  'city_name_nunique',
  'county_name_nunique',
  'calltype_id_unique',
  'voc_hour_mode',
  'voc_hour_mode_count',
  'voc_hour_nunique',
  'voc_day_mode',
  'voc_day_mode_count',
  'voc_day_nunique',
  'sms_count',
  'sms_nunique',
  'sms_rate',
  'calltype_2',
  'calltype_rate',
  'hour_mode',
  'hour_mode_count',
  'hour_nunique',
  'day_mode',
  'day_mode_count',
  'day_nunique',
  'busi_count',
  'flow_mean',
  'flow_median',
  'flow_min',
  'flow_max',
  'flow_var',
  'flow_sum',
  'month_ids',
  'flow_month',
  'arpu_mean',
  'arpu_var',
  'arpu_max',
  'arpu_min',
  'arpu_median',
  'arpu_sum',
  'arpu_skew',
  'arpu_sem',
  'arpu_quantile',
] as const;
export type SichuanFeature = (typeof SICHUAN_FEATURES)[number];
export type SichuanRow = Readonly<Record<SichuanFeature, number>>;

const div = (a: number, b: number): number =>
  Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN;

/**
 * Derived features. Why each: fraud numbers dial many strangers once (unique/count, calls per callee),
 * mostly outgoing (voccalltype1 share), briefly (median/mean duration), rarely get SMS back, use little
 * data and pay a flat low ARPU on fresh cards (few months, missing ARPU).
 */
export const DERIVED_FEATURES = [
  'unique_per_call',
  'out_share',
  'calls_per_day',
  'unique_per_day',
  'dur_median_over_mean',
  'dur_max_over_mean',
  'sms_per_call',
  'sms_unique_per_opposite',
  'flow_per_month',
  'arpu_per_month',
  'busi_per_month',
  'imei_per_unique',
  'county_per_city',
  'hour_concentration',
  'day_concentration',
  'missing_voice',
  'missing_flow',
  'missing_arpu',
  'repeat_callee_share',
  'talk_minutes_per_day',
] as const;
export type DerivedFeature = (typeof DERIVED_FEATURES)[number];

export const MODEL_FEATURES: readonly string[] = [...SICHUAN_FEATURES, ...DERIVED_FEATURES];

export const deriveFeatures = (r: SichuanRow): Record<DerivedFeature, number> => {
  const days = r.voc_day_nunique;
  return {
    unique_per_call: div(r.opposite_unique, r.opposite_count),
    out_share: div(r.voccalltype1, r.opposite_count),
    calls_per_day: div(r.opposite_count, days),
    unique_per_day: div(r.opposite_unique, days),
    dur_median_over_mean: div(r.call_dur_median, r.call_dur_mean),
    dur_max_over_mean: div(r.call_dur_max, r.call_dur_mean),
    sms_per_call: div(r.sms_count, r.opposite_count),
    sms_unique_per_opposite: div(r.sms_nunique, r.opposite_unique),
    flow_per_month: div(r.flow_sum, r.month_ids),
    arpu_per_month: div(r.arpu_sum, r.month_ids),
    busi_per_month: div(r.busi_count, r.month_ids),
    imei_per_unique: div(r.imeis, r.opposite_unique),
    county_per_city: div(r.county_name_nunique, r.city_name_nunique),
    hour_concentration: div(r.voc_hour_mode_count, r.opposite_count),
    day_concentration: div(r.voc_day_mode_count, r.opposite_count),
    missing_voice: Number.isNaN(r.opposite_count) ? 1 : 0,
    missing_flow: Number.isNaN(r.flow_sum) ? 1 : 0,
    missing_arpu: Number.isNaN(r.arpu_mean) ? 1 : 0,
    repeat_callee_share: div(r.phone2opposite_max, r.opposite_count),
    talk_minutes_per_day: div(r.call_dur_mean * r.opposite_count, 60 * days),
  };
};

/** The dense vector in MODEL_FEATURES order. */
export const modelVector = (r: SichuanRow): number[] => {
  const d = deriveFeatures(r);
  return [...SICHUAN_FEATURES.map((f) => r[f]), ...DERIVED_FEATURES.map((f) => d[f])];
};

/** Splits one CSV line; the Sichuan exports have no quoted fields, but quotes are honoured anyway. */
export const splitCsvLine = (line: string): string[] => {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
};

/** A parsed feature file: the header's positions, checked once, then rows parsed by position. */
export interface FeatureCsvLayout {
  readonly phoneIndex: number;
  readonly labelIndex: number | undefined;
  readonly featureIndex: ReadonlyMap<SichuanFeature, number>;
}

export const parseFeatureHeader = (header: string): FeatureCsvLayout => {
  const names = splitCsvLine(header.replace(/^\uFEFF/, '')).map((n) => n.trim());
  const phoneIndex = names.indexOf('phone_no_m');
  if (phoneIndex < 0) throw invalidInput('phone_no_m', 'the feature CSV header has no phone_no_m column');
  const featureIndex = new Map<SichuanFeature, number>();
  for (const f of SICHUAN_FEATURES) {
    const i = names.indexOf(f);
    if (i >= 0) featureIndex.set(f, i);
  }
  if (featureIndex.size === 0)
    throw invalidInput(
      'header',
      'the feature CSV has none of the Sichuan feature columns (opposite_count, …)',
    );
  const label = names.indexOf('label');
  return { phoneIndex, labelIndex: label >= 0 ? label : undefined, featureIndex };
};

/** Empty or non-numeric cells are missing (NaN); a column absent from the header is missing too. */
export const parseFeatureRow = (
  layout: FeatureCsvLayout,
  line: string,
): { phone: string; row: SichuanRow; label: number | undefined } => {
  const cells = splitCsvLine(line);
  const phone = (cells[layout.phoneIndex] ?? '').trim();
  if (phone === '') throw invalidInput('phone_no_m', 'empty phone_no_m');
  const row: Partial<Record<SichuanFeature, number>> = {};
  for (const f of SICHUAN_FEATURES) {
    const i = layout.featureIndex.get(f);
    const cell = i === undefined ? '' : (cells[i] ?? '').trim();
    const v = cell === '' ? NaN : Number(cell);
    row[f] = Number.isFinite(v) ? v : NaN;
  }
  const labelCell = layout.labelIndex === undefined ? undefined : cells[layout.labelIndex]?.trim();
  const label = labelCell === undefined || labelCell === '' ? undefined : Number(labelCell);
  return {
    phone,
    // Every key of SICHUAN_FEATURES was set in the loop above: the record is complete.
    row: row as SichuanRow,
    label: label !== undefined && Number.isFinite(label) ? label : undefined,
  };
};
