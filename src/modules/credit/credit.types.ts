/**
 * The joint-punishment list (信用惩戒, "one violation, restricted everywhere"): subjects — persons by
 * resident ID, companies by credit code, stored only as keyed pseudonyms — restricted for a period.
 * Measures and their default periods are data.
 */
export const CREDIT_MEASURES = {
  /** Selling or renting bank accounts (买卖银行卡): five years without non-counter banking. */
  no_non_counter_banking: { years: 5, zh: '5年内暂停非柜面业务' },
  /** Selling or renting phone cards (买卖电话卡): no new SIM cards. */
  no_new_phone_cards: { years: 5, zh: '5年内限制新入网' },
  no_new_bank_accounts: { years: 5, zh: '5年内限制新开户' },
  no_new_payment_accounts: { years: 5, zh: '5年内限制新开支付账户' },
} as const;
export type CreditMeasure = keyof typeof CREDIT_MEASURES;
export const CREDIT_MEASURE_NAMES = Object.keys(CREDIT_MEASURES) as CreditMeasure[];

export interface CreditEntry {
  readonly id: string;
  /** The subject's keyed pseudonym (never the clear identifier). */
  readonly subject: string;
  readonly subjectKind: 'person' | 'company';
  readonly measure: CreditMeasure;
  readonly reason: string;
  readonly caseId: string | null;
  readonly orgId: string;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly liftedAt: number | null;
  readonly createdAt: number;
}

/** Whether an entry restricts at `now` (pure). */
export const inForce = (e: Pick<CreditEntry, 'startsAt' | 'endsAt' | 'liftedAt'>, now: number): boolean =>
  e.liftedAt === null && e.startsAt <= now && now < e.endsAt;

/** Adds whole calendar years in UTC (five years from 29 Feb ends on 1 Mar). */
export const addYears = (at: number, years: number): number => {
  const d = new Date(at);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.getTime();
};
