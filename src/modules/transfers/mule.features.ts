/**
 * An account's features over the engine's window, in the order the model's weights expect. Each is
 * computed from the account's running totals, plus one pass over its counterparties for the
 * neighbourhood (how many of them show same-day repeats: the rest of a laundering ring). Pure.
 */
import type { AccountState, MuleEngine } from './mule.engine.ts';

export const MULE_FEATURES = [
  'in_count',
  'out_count',
  'payers',
  'payees',
  'max_repeat_in',
  'max_repeat_out',
  'structured',
  'pass_through',
  'balance_residual',
  'structured_neighbours',
  'structured_neighbour_share',
  'in_sum',
  'out_sum',
  'repeat_share_in',
  'new_payers_7d',
  'age_days',
] as const;
export type MuleFeature = (typeof MULE_FEATURES)[number];

/** A payer whose first transfer to the payee falls in the last week is "new to the payee". */
const NEW_PAYER_DAYS = 7;

export const isStructured = (a: AccountState): boolean => a.maxRepeatIn > 1 || a.maxRepeatOut > 1;

/** Counterparties (either direction) that show same-day repeats themselves, sorted (order-independent). */
export const structuredNeighbours = (engine: MuleEngine, a: AccountState): string[] => {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const m of [a.payers, a.payees])
    for (const k of m.keys()) {
      if (seen.has(k)) continue;
      seen.add(k);
      const n = engine.accounts.get(k);
      if (n && isStructured(n)) out.push(k);
    }
  return out.sort();
};

/** Money that came in and left on the same day, as a share of the larger flow. */
const passThrough = (a: AccountState): number => {
  let both = 0;
  for (const b of a.buckets) both += Math.min(b.inSum, b.outSum);
  const big = Math.max(a.inSum, a.outSum);
  return big > 0 ? both / big : 0;
};

/**
 * Writes the features into `out` (length MULE_FEATURES.length) and returns it: the stream scores an
 * account on every transfer, so one buffer serves every call. One pass over the payers gives their
 * count of structured accounts and of payers new this week; one over the payees adds those that are
 * not payers too.
 */
export const featuresInto = (
  engine: MuleEngine,
  a: AccountState,
  out: Float64Array | number[],
): typeof out => {
  const since = engine.newestDay - NEW_PAYER_DAYS + 1;
  let degree = 0;
  let structured = 0;
  let newPayers = 0;
  for (const e of a.payers.values()) {
    degree++;
    if (e.firstDay >= since) newPayers++;
    const n = e.state;
    if (n.maxRepeatIn > 1 || n.maxRepeatOut > 1) structured++;
  }
  for (const [k, e] of a.payees) {
    if (a.payers.has(k)) continue;
    degree++;
    const n = e.state;
    if (n.maxRepeatIn > 1 || n.maxRepeatOut > 1) structured++;
  }
  const big = Math.max(a.inSum, a.outSum);
  out[0] = Math.log1p(a.inCount);
  out[1] = Math.log1p(a.outCount);
  out[2] = Math.log1p(a.payers.size);
  out[3] = Math.log1p(a.payees.size);
  out[4] = Math.log1p(a.maxRepeatIn);
  out[5] = Math.log1p(a.maxRepeatOut);
  out[6] = isStructured(a) ? 1 : 0;
  out[7] = passThrough(a);
  out[8] = a.inSum > 0 && a.outSum > 0 ? Math.abs(a.inSum - a.outSum) / big : 1;
  out[9] = Math.log1p(structured);
  out[10] = degree > 0 ? structured / degree : 0;
  out[11] = Math.log1p(Math.max(0, a.inSum));
  out[12] = Math.log1p(Math.max(0, a.outSum));
  out[13] = a.inCount > 0 ? (a.inCount - a.payers.size) / a.inCount : 0;
  out[14] = Math.log1p(newPayers);
  out[15] = Math.log1p(Math.max(0, a.lastDay - a.firstDay));
  return out;
};

export const featuresOf = (engine: MuleEngine, a: AccountState): number[] =>
  featuresInto(engine, a, new Array<number>(MULE_FEATURES.length).fill(0)) as number[];
