/**
 * The typed-array mule engine: the counts it keeps incrementally (counterparties, structured
 * counterparties, same-day repeats, payers new by day) against the same counts worked out from its
 * counterparty sets, on a stream with late records, duplicates, self-transfers and a short window; and
 * hand-made cases for repeats, late records and expiry.
 */
import { describe, expect, it } from 'vitest';
import { DAY_MS, MuleEngine } from './mule.engine.ts';
import { featuresOf } from './mule.features.ts';
import type { TransferRecord } from './transfers.types.ts';

let n = 0;
const t = (payer: string, payee: string, day: number, amount = 100): TransferRecord => ({
  recordId: `r${++n}`,
  payer,
  payee,
  amount,
  currency: 'CNY',
  time: day * DAY_MS + (n % 1000),
});

/** A seeded stream over 40 accounts and 60 days, each record up to 9 days late, some sent twice. */
const stream = (): TransferRecord[] => {
  let seed = 7;
  const next = (k: number): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % k;
  };
  const out: TransferRecord[] = [];
  for (let i = 0; i < 3_000; i++) {
    const day = Math.floor(i / 50) - next(10);
    const payer = `A${next(40)}`;
    // A few pairs repeat within the day (structuring); a few accounts pay themselves.
    const payee = next(10) === 0 ? payer : `A${next(40)}`;
    const r = t(payer, payee, day, 1 + next(900));
    out.push(r);
    if (next(20) === 0) out.push(r);
    if (next(6) === 0) out.push(t(payer, payee, day));
  }
  return out;
};

describe('mule engine', () => {
  it('keeps its neighbourhood counts equal to the counts worked out from its counterparty sets', () => {
    const engine = new MuleEngine({ windowDays: 7, maxRememberedIds: 100_000 });
    const outcomes = new Set<string>();
    for (const r of stream()) {
      outcomes.add(engine.add(r));
      for (const account of [r.payer, r.payee]) {
        const id = engine.touch(account);
        // An account whose only record came too late was never added.
        if (id < 0) continue;
        const union = new Set([...engine.payerIds(id), ...engine.payeeIds(id)]);
        const structured = [...union].filter((k) => engine.isStructured(k)).length;
        expect(engine.degreeOf[id]).toBe(union.size);
        expect(engine.structuredPeersOf[id]).toBe(structured);
      }
    }
    // The stream did exercise duplicates and records older than the window.
    expect([...outcomes].sort()).toEqual(['added', 'duplicate', 'expired']);
  });

  it('counts same-day repeats per counterparty, late records included, and forgets them with the window', () => {
    const engine = new MuleEngine({ windowDays: 7, maxRememberedIds: 100 });
    engine.add(t('A', 'B', 3));
    engine.add(t('A', 'B', 5));
    engine.add(t('A', 'C', 5));
    expect(engine.state('A')?.maxRepeatOut).toBe(1);
    // Late: a second transfer to B on day 3 makes a same-day repeat of two on both sides.
    engine.add(t('A', 'B', 3));
    expect(engine.state('A')?.maxRepeatOut).toBe(2);
    expect(engine.state('B')?.maxRepeatIn).toBe(2);
    // C has a structured counterparty (A): one of one.
    const c = engine.idOf('C');
    expect(engine.structuredPeersOf[c]).toBe(1);
    expect(featuresOf(engine, engine.view(c))[10]).toBe(1);
    // Day 10: day 3 leaves the window (days 4–10 remain); A keeps one transfer to B and one to C.
    engine.add(t('X', 'Y', 10));
    const a = engine.state('A');
    expect(a).toMatchObject({ maxRepeatOut: 1, outCount: 2, outSum: 200, firstDay: 5 });
    expect([...(a?.payees.keys() ?? [])]).toEqual(['B', 'C']);
    // C's count of structured counterparties follows A once A is no longer structured.
    expect(engine.structuredPeersOf[c]).toBe(0);
    // Day 13: everything of A is gone.
    engine.add(t('X', 'Y', 13));
    expect(engine.state('A')).toMatchObject({ outCount: 0, outSum: 0, maxRepeatOut: 0 });
    expect(engine.degreeOf[engine.idOf('A')]).toBe(0);
  });

  it('counts payers new to the account by the day they first paid, lowered by a late record', () => {
    const engine = new MuleEngine({ windowDays: 30, maxRememberedIds: 100 });
    engine.add(t('P1', 'M', 1));
    engine.add(t('P2', 'M', 9));
    engine.add(t('P3', 'M', 10));
    const m = engine.touch('M');
    expect(engine.payersFirstSince(m, 4)).toBe(2);
    // P2 turns out to have paid M on day 2 already: only P3 is new since day 4.
    engine.add(t('P2', 'M', 2));
    expect(engine.payersFirstSince(m, 4)).toBe(1);
    expect(engine.payersFirstSince(m, 1)).toBe(3);
  });

  it('gives the same features whatever order the records of the window arrive in', () => {
    const records = stream().filter((r) => r.time >= 50 * DAY_MS);
    const inOrder = new MuleEngine();
    const reversed = new MuleEngine();
    for (const r of records) inOrder.add(r);
    for (const r of [...records].reverse()) reversed.add(r);
    // The newest day is reached at once in reverse: compare at the same newest day.
    for (const account of inOrder.accountNames()) {
      const a = inOrder.state(account);
      const b = reversed.state(account);
      expect(a && featuresOf(inOrder, a)).toEqual(b && featuresOf(reversed, b));
    }
  });
});
