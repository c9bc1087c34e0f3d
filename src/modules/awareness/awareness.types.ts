/**
 * The vocabulary of situational awareness (态势感知): one fact table of counted events with dimensions,
 * which other modules write through `recordEvents` and the dashboards aggregate by time bucket.
 */
import { isOneOf } from '../../shared/parse.ts';
export const EVENT_KINDS = [
  'call_intercepted',
  'sms_intercepted',
  'account_closed',
  'domain_disposed',
  'report_received',
  'victim_case',
  /** A victim case in which a channel (QQ, WeChat, an app …) was used; one case may use several. */
  'channel_used',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const isEventKind = (v: unknown): v is EventKind => isOneOf(EVENT_KINDS, v);

/** The dimensions an event is counted by; null where one does not apply. */
export interface EventDimensions {
  /** Province by its English name as the number-block table writes it (`Yunnan`), or null. */
  readonly province: string | null;
  readonly city: string | null;
  /** A fraud-type code from the taxonomy. */
  readonly fraudType: string | null;
  /** Channel or app: `qq`, `wechat`, `app`, `website`, `alipay`, `qr_code`, or a report channel. */
  readonly channel: string | null;
  readonly ageGroup: string | null;
  /** ISO 3166 alpha-2 country where a domain is hosted (`CN` = mainland). */
  readonly hostingCountry: string | null;
  readonly orgId: string | null;
}

/** One counted event (or a batch of identical ones: `count`). Dimensions left out are null. */
export interface AwarenessEvent extends Partial<EventDimensions> {
  readonly kind: EventKind;
  /** epoch ms */
  readonly at: number;
  readonly count?: number;
  /** Generated demo activity, labelled as such in the console. */
  readonly demo?: boolean;
}

export const TIME_BUCKETS = ['day', 'week', 'month'] as const;
export type TimeBucket = (typeof TIME_BUCKETS)[number];

export const DIMENSIONS = [
  'province',
  'city',
  'fraud_type',
  'channel',
  'age_group',
  'hosting_country',
  'org_id',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** The dimensions a chart may be narrowed to. */
export interface ScopeFilter {
  readonly province?: string | undefined;
  readonly fraudType?: string | undefined;
  readonly orgId?: string | undefined;
}

export interface AwarenessFilter extends ScopeFilter {
  readonly from: number;
  readonly to: number;
}

/** A chart is data: which kinds it counts and how it groups them (figures 3–11 of the report). */
export interface ChartDefinition {
  readonly id: string;
  /** The report's figure number it reproduces. */
  readonly figure: number;
  readonly titleZh: string;
  readonly titleEn: string;
  readonly kinds: readonly EventKind[];
  /** Group by time bucket (series per kind) or by a dimension. */
  readonly groupBy: { readonly time: true } | { readonly dimension: Dimension };
  readonly display: 'line' | 'bar' | 'pie' | 'map' | 'hbar';
  readonly limit?: number;
  /** Shares are of another kind's total (channels: share of victim cases using each channel). */
  readonly shareOf?: EventKind;
}

export interface ChartPoint {
  readonly key: string;
  readonly series: string;
  readonly value: number;
}

export interface ChartData {
  readonly id: string;
  readonly figure: number;
  readonly titleZh: string;
  readonly titleEn: string;
  readonly display: ChartDefinition['display'];
  readonly bucket?: TimeBucket;
  readonly points: readonly ChartPoint[];
  /** Total of the counted kinds in the period (denominator of shares). */
  readonly total: number;
  readonly shareBase?: number;
  readonly elapsedMs: number;
}

export interface AwarenessSummary {
  readonly firstEventAt: number | null;
  readonly lastEventAt: number | null;
  /** Whether generated demo activity is present (the console labels it). */
  readonly demo: boolean;
}

/** A stored event, with its buckets computed. */
export interface AwarenessRow extends EventDimensions {
  readonly kind: EventKind;
  readonly at: number;
  readonly day: number;
  readonly month: number;
  readonly count: number;
  readonly demo: boolean;
}
