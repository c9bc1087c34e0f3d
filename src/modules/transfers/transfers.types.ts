/** Transfers as the platform keeps them, and what the mule detector says about an account. */

/** One transfer, parsed: amounts in the currency's unit, time in epoch ms. */
export interface TransferRecord {
  /** The sender's own id for the record: a record sent twice is counted once. */
  readonly recordId: string;
  readonly payer: string;
  readonly payee: string;
  readonly amount: number;
  readonly currency: string;
  readonly time: number;
  readonly channel?: string | undefined;
  /** The payee's institution (its bank), when the sender knows it. */
  readonly institution?: string | undefined;
}

/** Patterns a reason can name. */
export const MULE_PATTERNS = [
  'fan-in',
  'fan-out',
  'structuring',
  'pass-through',
  'chain',
  'cycle',
  'new-account-volume',
  'new-payers',
  'listed-link',
] as const;
export type MulePattern = (typeof MULE_PATTERNS)[number];

export interface MuleReason {
  readonly pattern: MulePattern;
  readonly message: string;
  /** For chain and cycle: the accounts along it, this one first. */
  readonly path?: readonly string[] | undefined;
}

export interface MuleVerdict {
  readonly account: string;
  readonly verdict: 'mule' | 'normal';
  readonly score: number;
  readonly reasons: readonly MuleReason[];
}
