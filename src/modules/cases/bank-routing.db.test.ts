/** Freeze and verify-the-holder orders reach the bank the account belongs to, for every way a value names its bank. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContainer, type TestContainer } from '../../../test/support/container.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { SYSTEM_ACTOR, type Actor } from '../../shared/actor.ts';

const ANALYST: Actor = {
  orgId: 'org_platform',
  orgKind: 'regulator',
  actor: 'user:analyst',
  role: 'analyst',
};

describeEachDatabase('work orders for bank accounts', (dialect) => {
  let t: TestContainer;
  beforeAll(async () => {
    t = await createTestContainer(dialect);
    for (const id of ['org_icbc', 'org_ccb', 'org_boc'])
      await t.c.access.createOrganisation(SYSTEM_ACTOR, { id, name: id, kind: 'bank' });
    await t.c.collaboration.workOrders.setRouting(SYSTEM_ACTOR, 'bank', 'CCB', 'org_ccb');
    await t.c.collaboration.workOrders.setRouting(SYSTEM_ACTOR, 'bank', 'BOC', 'org_boc');
  });
  afterAll(async () => t.close());

  it('routes by BIN, by the named institution, by SWIFT code and by SWIFT prefix, and never to another bank', async () => {
    const k = t.c.collaboration;
    const values = [
      '6227001234567890123', // CCB's BIN
      'CCB:0123456789', // named institution
      '建设银行 0123456780', // its Chinese name
      'PCBCCNBJ:00112233445', // CCB's SWIFT code
      'BKCHHKHH:012345678901', // a Bank of China office abroad: SWIFT prefix BKCH
      '6222021234567890128', // ICBC's BIN
      '822:0123456789', // a Taiwan bank code with no organisation
      '0123456781', // no institution at all
    ];
    const alert = await k.qualification.raiseAlert(ANALYST, {
      title: 'mule accounts',
      source: 'bank-feed',
      values: values.map((value) => ({ type: 'bank' as const, value })),
    });
    const { case: theCase } = await k.qualification.confirm(ANALYST, alert.id, {
      reason: 'confirmed by police',
      severity: 'high',
    });
    const { created, unrouted } = await k.workOrders.createWorkOrders(ANALYST, theCase.id);
    const orgOf = (normalized: string) => {
      const orders = created.filter((w) => w.normalized === normalized);
      // Both orders of an account (freeze it, verify its holder) go to the same bank.
      expect(orders.map((w) => w.action).sort()).toEqual(['freeze_account', 'verify_holder']);
      expect(new Set(orders.map((w) => w.orgId)).size).toBe(1);
      return orders[0]?.orgId;
    };
    expect(orgOf('6227001234567890123')).toBe('org_ccb');
    expect(orgOf('CCB:0123456789')).toBe('org_ccb');
    expect(orgOf('CCB:0123456780')).toBe('org_ccb');
    expect(orgOf('CCB:00112233445')).toBe('org_ccb');
    expect(orgOf('BKCHHKHH:012345678901')).toBe('org_boc');
    expect(orgOf('6222021234567890128')).toBe('org_icbc');
    expect(created).toHaveLength(12);
    expect(unrouted.map((u) => u.reason).sort()).toEqual([
      'bank account names no institution (no prefix, unknown BIN)',
      'no bank organisation for TW-822',
    ]);
  });
});
