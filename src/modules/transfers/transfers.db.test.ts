/**
 * The transaction stream on real SQLite and PostgreSQL: idempotent by record id and order, whole
 * batches refused on bad input, and a mule account turned into a bank claim, chain links and a case
 * whose work order goes to the account's bank.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../shared/actor.ts';
import { createEdgeService } from '../edge/edge.service.ts';
import type { Actor } from '../../shared/actor.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { createTestContainer, type TestContainer } from '../../../test/support/container.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-05-20T00:00:00Z');
const MULE = '6200000000000001';
const NEXT = '6200000000000002';
const LAST = '6200000000000003';

/** A ring: ten victims pay the mule, one of them five times a day; the mule and the next hop pass it on. */
export const muleBatch = (): Array<Record<string, unknown>> => {
  const out: Array<Record<string, unknown>> = [];
  let n = 0;
  const add = (payer: string, payee: string, amount: number, day: number): void => {
    out.push({
      recordId: `r${++n}`,
      payer,
      payee,
      amount,
      currency: 'CNY',
      time: T0 + day * DAY + n * 1000,
      channel: 'mobile',
      institution: 'ICBC',
    });
  };
  for (let d = 0; d < 10; d++) {
    for (let v = 0; v < 8; v++) add(`62100000000${d}${v}000`, MULE, 500 + v, d);
    for (let k = 0; k < 6; k++) add('6210000000099000', MULE, 49.5, d);
    for (let k = 0; k < 6; k++) add(MULE, NEXT, 700, d);
    for (let k = 0; k < 6; k++) add(NEXT, LAST, 690, d);
    add(LAST, MULE, 10, d);
  }
  return out;
};

describeEachDatabase('transfers stream, mule alerts and cases', (dialect) => {
  let t: TestContainer;
  let bank: Actor;
  beforeAll(async () => {
    t = await createTestContainer(dialect);
    bank = await t.org('org_icbc_test', 'bank', 'analyst');
    await t.c.collaboration.workOrders.setRouting(SYSTEM_ACTOR, 'bank', 'ICBC', 'org_icbc_test');
  });
  afterAll(() => t.close());

  it('refuses a batch with a bad record whole, naming the field', async () => {
    const batch = muleBatch().slice(0, 3);
    batch[1] = { ...batch[1], amount: -5 };
    await expect(t.c.transfers.ingest(bank, batch)).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'transfers[1].amount',
    });
    expect((await t.c.transfers.alerts()).length).toBe(0);
    const again = await t.c.transfers.ingest(bank, muleBatch().slice(0, 3));
    expect(again.accepted).toBe(3);
  });

  it('flags the mule, claims it as a bank value, links its chain and opens a case routed to its bank', async () => {
    const r = await t.c.transfers.ingest(bank, muleBatch());
    expect(r.duplicates).toBe(3);
    expect(r.mules).toBeGreaterThan(0);
    expect(r.casesOpened).toBeGreaterThan(0);
    const [alert] = await t.c.transfers.alerts(10, MULE);
    expect(alert?.reasons.map((x) => x.pattern)).toContain('structuring');
    expect(alert?.caseId).toBeTruthy();
    const details = await t.c.library.details(SYSTEM_ACTOR, 'bank', `ICBC:${MULE}`);
    expect(details.claims.some((c) => c.source.startsWith('detector:transfers.mule'))).toBe(true);
    expect(details.links.some((l) => l.kind === 'pays_to')).toBe(true);
    const orders = await t.c.collaboration.workOrders.listWorkOrders(SYSTEM_ACTOR, {
      caseId: alert?.caseId ?? '',
    });
    expect(orders.items.map((w) => [w.orgId, w.action]).sort()).toEqual([
      ['org_icbc_test', 'freeze_account'],
      ['org_icbc_test', 'verify_holder'],
    ]);
  });

  it('gives the same verdicts when the same records come again, or late and out of order', async () => {
    const before = await t.c.transfers.score(MULE);
    const again = await t.c.transfers.ingest(bank, muleBatch().reverse());
    expect(again).toMatchObject({ accepted: 0, duplicates: muleBatch().length, casesOpened: 0 });
    expect(await t.c.transfers.score(MULE)).toEqual(before);
    const other = await t.org('org_abc_test', 'bank', 'analyst');
    // The payee's bank reporting the same transfers under its own record ids counts nothing twice.
    const mirrored = await t.c.transfers.ingest(
      other,
      muleBatch().map((r, i) => ({ ...r, recordId: `b${i}` })),
    );
    expect(mirrored.accepted).toBe(muleBatch().length);
    expect(await t.c.transfers.score(MULE)).toEqual(before);
    const fresh = await createTestContainer(dialect);
    try {
      await fresh.c.access.createOrganisation(SYSTEM_ACTOR, { id: other.orgId, name: 'x', kind: 'bank' });
      await fresh.c.transfers.ingest(other, muleBatch().reverse());
      expect(await fresh.c.transfers.score(MULE)).toEqual(before);
    } finally {
      await fresh.close();
    }
  });

  it('makes the payee check warn or hold a transfer to the mule, with the pattern and the chain', () => {
    const s = t.c.transfers.standing(MULE, 'ICBC');
    expect(s?.score).toBeGreaterThan(0.5);
    expect(s?.reasons.some((r) => r.pattern === 'chain' && (r.path?.length ?? 0) > 1)).toBe(true);
    const edge = createEdgeService({
      lookups: t.c.lookups,
      normalize: t.c.normalize,
      mules: (a, i) => t.c.transfers.standing(a, i),
    });
    const check = { payer: '6222020000000000', amount: 100, channel: 'mobile_app' };
    const d = edge.checkPayee({ ...check, payee: { account: MULE, institution: 'ICBC' } });
    expect(['warn', 'hold']).toContain(d.action);
    expect(d.reasons.join(' ')).toContain('chain');
    expect(edge.checkPayee({ ...check, payee: { account: '6200000000009999' } }).action).toBe('allow');
  });
});
