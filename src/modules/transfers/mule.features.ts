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

/** How many distinct counterparties there are, and how many of them show same-day repeats. */
const neighbourhood = (engine: MuleEngine, a: AccountState): { degree: number; structured: number } => {
  let degree = 0;
  let structured = 0;
  const visit = (k: string): void => {
    degree++;
    const n = engine.accounts.get(k);
    if (n && isStructured(n)) structured++;
  };
  for (const k of a.payers.keys()) visit(k);
  for (const k of a.payees.keys()) if (!a.payers.has(k)) visit(k);
  return { degree, structured };
};

/** Money that came in and left on the same day, as a share of the larger flow. */
const passThrough = (a: AccountState): number => {
  let both = 0;
  for (const b of a.buckets) both += Math.min(b.inSum, b.outSum);
  const big = Math.max(a.inSum, a.outSum);
  return big > 0 ? both / big : 0;
};

export const featuresOf = (engine: MuleEngine, a: AccountState): number[] => {
  const { degree, structured } = neighbourhood(engine, a);
  let newPayers = 0;
  const since = engine.newestDay - NEW_PAYER_DAYS + 1;
  for (const e of a.payers.values()) if (e.firstDay >= since) newPayers++;
  const big = Math.max(a.inSum, a.outSum);
  return [
    Math.log1p(a.inCount),
    Math.log1p(a.outCount),
    Math.log1p(a.payers.size),
    Math.log1p(a.payees.size),
    Math.log1p(a.maxRepeatIn),
    Math.log1p(a.maxRepeatOut),
    isStructured(a) ? 1 : 0,
    passThrough(a),
    a.inSum > 0 && a.outSum > 0 ? Math.abs(a.inSum - a.outSum) / big : 1,
    Math.log1p(structured),
    degree > 0 ? structured / degree : 0,
    Math.log1p(Math.max(0, a.inSum)),
    Math.log1p(Math.max(0, a.outSum)),
    a.inCount > 0 ? (a.inCount - a.payers.size) / a.inCount : 0,
    Math.log1p(newPayers),
    Math.log1p(Math.max(0, a.lastDay - a.firstDay)),
  ];
};
