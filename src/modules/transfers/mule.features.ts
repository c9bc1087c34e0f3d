/**
 * An account's features over the engine's window, in the order the model's weights expect, read from
 * the engine's running totals: counts, sums, repeats, and the neighbourhood (how many counterparties
 * show same-day repeats: the rest of a laundering ring) that the engine keeps incrementally. Pure.
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
  const seen = new Set<number>();
  for (const side of [engine.payerIds(a.id), engine.payeeIds(a.id)])
    for (const k of side) {
      if (seen.has(k)) continue;
      seen.add(k);
      if (engine.isStructured(k)) out.push(engine.nameOf(k));
    }
  return out.sort();
};

/**
 * Writes the account's features into `out` (length MULE_FEATURES.length) and returns it: the stream
 * scores an account on every transfer, so one buffer serves every call. Everything but the same-day
 * flow (one pass over the account's day buckets) is a running count the engine keeps.
 */
export const featuresInto = (engine: MuleEngine, id: number, out: Float64Array | number[]): typeof out => {
  const inCount = engine.inCountOf[id] ?? 0;
  const outCount = engine.outCountOf[id] ?? 0;
  const inSum = engine.inSumOf[id] ?? 0;
  const outSum = engine.outSumOf[id] ?? 0;
  const maxRepeatIn = engine.maxRepeatInOf[id] ?? 0;
  const maxRepeatOut = engine.maxRepeatOutOf[id] ?? 0;
  const payers = engine.payerCount(id);
  const degree = engine.degreeOf[id] ?? 0;
  const structured = engine.structuredPeersOf[id] ?? 0;
  const newPayers = engine.payersFirstSince(id, engine.newestDay - NEW_PAYER_DAYS + 1);
  const big = Math.max(inSum, outSum);
  out[0] = Math.log1p(inCount);
  out[1] = Math.log1p(outCount);
  out[2] = Math.log1p(payers);
  out[3] = Math.log1p(engine.payeeCount(id));
  out[4] = Math.log1p(maxRepeatIn);
  out[5] = Math.log1p(maxRepeatOut);
  out[6] = maxRepeatIn > 1 || maxRepeatOut > 1 ? 1 : 0;
  // Money that came in and left on the same day, as a share of the larger flow.
  out[7] = big > 0 ? engine.sameDayFlow(id) / big : 0;
  out[8] = inSum > 0 && outSum > 0 ? Math.abs(inSum - outSum) / big : 1;
  out[9] = Math.log1p(structured);
  out[10] = degree > 0 ? structured / degree : 0;
  out[11] = Math.log1p(Math.max(0, inSum));
  out[12] = Math.log1p(Math.max(0, outSum));
  out[13] = inCount > 0 ? (inCount - payers) / inCount : 0;
  out[14] = Math.log1p(newPayers);
  out[15] = Math.log1p(Math.max(0, (engine.lastDayOf[id] ?? 0) - (engine.firstDayOf[id] ?? 0)));
  return out;
};

export const featuresOf = (engine: MuleEngine, a: AccountState): number[] =>
  featuresInto(engine, a.id, new Array<number>(MULE_FEATURES.length).fill(0)) as number[];
