/**
 * The mule model: a logistic regression over standardised account features, trained by
 * scripts/transfers/train.ts and saved in models/transfers/mule.json (parsed, never cast). Scoring
 * adds the reasons: which patterns pushed the score up, the chain of structured counterparties and,
 * for flagged accounts, a short cycle among them. Links to listed values raise the score on top of
 * the model (the AMLSim graphs hold no lists to learn that weight from).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { DomainError } from '../../shared/errors.ts';
import type { AccountState, MuleEngine } from './mule.engine.ts';
import { featuresInto, MULE_FEATURES, structuredNeighbours, type MuleFeature } from './mule.features.ts';
import type { MulePattern, MuleReason, MuleVerdict } from './transfers.types.ts';

export const MuleModelFileSchema = Type.Object({
  id: Type.Literal('transfers.mule'),
  version: Type.String({ minLength: 1 }),
  trainedOn: Type.String(),
  features: Type.Array(Type.String()),
  mean: Type.Array(Type.Number()),
  scale: Type.Array(Type.Number()),
  weights: Type.Array(Type.Number()),
  bias: Type.Number(),
  threshold: Type.Number({ minimum: 0, maximum: 1 }),
});
export type MuleModelFile = Static<typeof MuleModelFileSchema>;

export const DEFAULT_MULE_MODEL = resolve(import.meta.dirname, '../../../models/transfers/mule.json');

/** Which pattern a feature speaks for, when it raises the score. */
const PATTERN_OF: Partial<Record<MuleFeature, MulePattern>> = {
  in_count: 'fan-in',
  payers: 'fan-in',
  in_sum: 'fan-in',
  out_count: 'fan-out',
  payees: 'fan-out',
  out_sum: 'fan-out',
  max_repeat_in: 'structuring',
  max_repeat_out: 'structuring',
  structured: 'structuring',
  repeat_share_in: 'structuring',
  pass_through: 'pass-through',
  structured_neighbours: 'chain',
  structured_neighbour_share: 'chain',
  new_payers_7d: 'new-payers',
};

/** Looks up whether an account is listed (fraud or suspicious) in the library; absent in batch scans. */
export type ListedLookup = (account: string) => boolean;

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const MAX_CHAIN = 4;
const MAX_CYCLE = 5;

export interface MuleModel {
  readonly version: string;
  readonly threshold: number;
  /** Raw model probability from a feature vector (training and evaluation use it). */
  probability(x: ArrayLike<number>): number;
  /**
   * The account's verdict. Reasons (patterns, chain, cycle) are worked out only when `explain` is set:
   * the stream needs them for the accounts it alerts on, not on every transfer.
   */
  score(
    engine: MuleEngine,
    account: string,
    listed?: ListedLookup,
    explain?: boolean,
  ): MuleVerdict | undefined;
}

export const muleModelOf = (file: MuleModelFile): MuleModel => {
  if (file.features.join() !== MULE_FEATURES.join())
    throw new DomainError('invalid_value', 'mule model was trained on other features', 'features');
  const { mean, scale, weights, bias } = file;
  const contributions = (x: readonly number[]): number[] =>
    x.map((v, i) => (weights[i] ?? 0) * ((v - (mean[i] ?? 0)) / (scale[i] ?? 1)));
  const probability = (x: ArrayLike<number>): number => {
    let z = bias;
    for (let i = 0; i < x.length; i++)
      z += (weights[i] ?? 0) * (((x[i] ?? 0) - (mean[i] ?? 0)) / (scale[i] ?? 1));
    return sigmoid(z);
  };
  // Scoring runs on every transfer: the features go into one buffer, copied only for an explanation.
  const buffer = new Float64Array(MULE_FEATURES.length);

  const reasonsOf = (
    engine: MuleEngine,
    a: AccountState,
    x: readonly number[],
    flagged: boolean,
  ): MuleReason[] => {
    const byPattern = new Map<MulePattern, number>();
    contributions(x).forEach((c, i) => {
      const p = PATTERN_OF[MULE_FEATURES[i] ?? 'in_count'];
      if (p && c > 0.25) byPattern.set(p, (byPattern.get(p) ?? 0) + c);
    });
    const reasons: MuleReason[] = [...byPattern.entries()]
      .sort((p, q) => q[1] - p[1])
      .map(([pattern]) => ({ pattern, message: describe(pattern, a) }));
    if (!flagged) return reasons;
    const chain = chainFrom(engine, a);
    if (chain.length > 1) {
      const at = reasons.findIndex((r) => r.pattern === 'chain');
      const r = { pattern: 'chain' as const, message: `chain ${chain.join(' → ')}`, path: chain };
      if (at >= 0) reasons[at] = r;
      else reasons.push(r);
    }
    const cycle = cycleThrough(engine, a.account);
    if (cycle) reasons.push({ pattern: 'cycle', message: `cycle ${cycle.join(' → ')}`, path: cycle });
    return reasons;
  };

  return {
    version: file.version,
    threshold: file.threshold,
    probability,
    score(engine, account, listed, explain = false) {
      const id = engine.touch(account);
      if (id < 0) return undefined;
      const x = featuresInto(engine, id, buffer);
      let score = probability(x);
      const extra: MuleReason[] = [];
      const inCount = engine.inCountOf[id] ?? 0;
      const outCount = engine.outCountOf[id] ?? 0;
      const firstDay = engine.firstDayOf[id] ?? 0;
      const lastDay = engine.lastDayOf[id] ?? 0;
      if (listed) {
        const hits: string[] = [];
        for (const side of [engine.payerIds(id), engine.payeeIds(id)])
          for (const k of side) {
            const name = engine.nameOf(k);
            if (listed(name)) hits.push(name);
          }
        if (listed(account) || hits.length > 0) {
          // Each listed counterparty halves the distance to 1: one listed link alone reaches 0.5.
          score = 1 - (1 - score) * 0.5 ** Math.max(1, hits.length);
          extra.push({
            pattern: 'listed-link',
            message: `transfers with ${hits.length} listed account(s)`,
            path: [account, ...hits.slice(0, MAX_CHAIN)],
          });
        }
      }
      if (lastDay - firstDay < 7 && inCount + outCount >= 20)
        extra.push({
          pattern: 'new-account-volume',
          message: `${inCount + outCount} transfers within ${lastDay - firstDay + 1} day(s) of first activity`,
        });
      const flagged = score >= file.threshold;
      return {
        account,
        verdict: flagged ? 'mule' : 'normal',
        score: Math.round(score * 10_000) / 10_000,
        reasons: explain ? [...reasonsOf(engine, engine.view(id), [...x], flagged), ...extra] : extra,
      };
    },
  };
};

const describe = (p: MulePattern, a: AccountState): string => {
  switch (p) {
    case 'fan-in':
      return `${a.inCount} transfers in from ${a.payers.size} payers`;
    case 'fan-out':
      return `${a.outCount} transfers out to ${a.payees.size} payees`;
    case 'structuring':
      return `up to ${Math.max(a.maxRepeatIn, a.maxRepeatOut)} same-day transfers with one counterparty`;
    case 'pass-through':
      return `in ${a.inSum.toFixed(2)} and out ${a.outSum.toFixed(2)}, much of it the same day`;
    case 'chain':
      return 'counterparties that show the same patterns';
    case 'new-payers':
      return 'many payers new to this account in the last week';
    case 'cycle':
    case 'new-account-volume':
    case 'listed-link':
      return p;
  }
};

/** The longest path (up to MAX_CHAIN) through structured counterparties, this account first. */
const chainFrom = (engine: MuleEngine, a: AccountState): string[] => {
  const path = [a.account];
  const seen = new Set(path);
  let at: AccountState | undefined = a;
  while (at && path.length < MAX_CHAIN) {
    const next: string | undefined = structuredNeighbours(engine, at).find((k) => !seen.has(k));
    if (next === undefined) break;
    path.push(next);
    seen.add(next);
    at = engine.view(engine.idOf(next));
  }
  return path;
};

/** A directed cycle of at most MAX_CYCLE transfers back to the account, through structured payees. */
const cycleThrough = (engine: MuleEngine, start: string): string[] | undefined => {
  // A step budget keeps the search bounded around hubs with many structured payees.
  let budget = 2_000;
  const walk = (at: string, path: string[]): string[] | undefined => {
    const id = engine.idOf(at);
    if (id < 0) return undefined;
    for (const next of [...engine.payeeIds(id)].map((k) => engine.nameOf(k)).sort()) {
      if (--budget < 0) return undefined;
      if (next === start && path.length > 2) return [...path, start];
      if (path.length >= MAX_CYCLE || path.includes(next)) continue;
      if (!engine.isStructured(engine.idOf(next))) continue;
      const found = walk(next, [...path, next]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, [start]);
};

export const parseMuleModel = (value: unknown): MuleModel => {
  if (!Value.Check(MuleModelFileSchema, value)) {
    const e = Value.Errors(MuleModelFileSchema, value).First();
    throw new DomainError('invalid_value', `mule model: ${e?.message ?? 'invalid'}`, e?.path ?? 'model');
  }
  return muleModelOf(value);
};

export const loadMuleModel = (path = DEFAULT_MULE_MODEL): MuleModel => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DomainError(
      'unavailable',
      `cannot read the mule model ${path}: ${(e as Error).message}`,
      'model',
    );
  }
  return parseMuleModel(JSON.parse(text) as unknown);
};
