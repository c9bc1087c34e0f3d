/**
 * Which bank must freeze an account (pure). The institution comes from what the value names: the
 * `institution` attribute the normaliser set (from a prefix such as `CCB:` or `BKCHHKHH:`, or from the card's
 * BIN), else the BIN of the number itself. A SWIFT/BIC names its bank in its first four letters, so a branch
 * or foreign office (`BKCHHKHH`) reaches the bank's organisation (`BKCH` → BOC) when the table has none of
 * its own. The bank gets two orders: freeze the account, and verify who holds it (rented and sold accounts
 * are opened in a real person's name). An account whose institution has no organisation is not routed: a freeze order sent to another
 * bank is worse than none, and the case lists it as unrouted with the reason.
 */
import type { Attributes } from '../library/library.types.ts';
import { BANKS, BINS } from '../library/normalize/bank-bins.ts';
import type { Route, RoutingTable } from './routing.types.ts';

/** A BIC's four-letter bank code → our bank code (`BKCH` → BOC). */
const BANK_BY_BIC_PREFIX: ReadonlyMap<string, string> = new Map(
  BANKS.flatMap((b) => (b.swift ? [[b.swift.slice(0, 4), b.code] as const] : [])),
);
const BIC8 = /^[A-Z]{6}[A-Z0-9]{2}$/;

/** The institution a bank value names, if any (attribute first, then the number's BIN). */
export const institutionOf = (attributes: Attributes, normalized: string): string | undefined => {
  const named = attributes['institution'];
  if (typeof named === 'string' && named !== '') return named;
  const digits = normalized.slice(normalized.lastIndexOf(':') + 1);
  return digits.length >= 13 && digits.length <= 19 ? BINS[digits.slice(0, 6)] : undefined;
};

export const routeBank = (attributes: Attributes, normalized: string, table: RoutingTable): Route => {
  const institution = institutionOf(attributes, normalized);
  const routed = (key: string): Route | undefined => {
    const orgId = table.get('bank', key);
    return orgId
      ? { ok: true, orgId, kind: 'bank', key, action: 'freeze_account', also: ['verify_holder'] }
      : undefined;
  };
  if (institution === undefined)
    return (
      routed('default') ?? { ok: false, reason: 'bank account names no institution (no prefix, unknown BIN)' }
    );
  const exact = routed(institution);
  if (exact) return exact;
  if (BIC8.test(institution)) {
    const prefix = institution.slice(0, 4);
    const bank = BANK_BY_BIC_PREFIX.get(prefix);
    const viaPrefix = (bank && routed(bank)) ?? routed(prefix);
    if (viaPrefix) return viaPrefix;
  }
  return { ok: false, reason: `no bank organisation for ${institution}` };
};
