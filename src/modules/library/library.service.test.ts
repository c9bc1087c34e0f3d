import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { createTestContainer, type TestContainer } from '../../../test/support/container.ts';
import type { ClaimInput } from './library.types.ts';
import type { Actor } from '../../shared/actor.ts';
import { DEFAULT_SCORING } from './score.ts';

const phoneClaim = (value: string, over: Partial<ClaimInput> = {}): ClaimInput => ({
  type: 'phone',
  value,
  verdict: 'fraud',
  confidence: 0.8,
  source: 'feed',
  fraudType: 'fake_investment',
  ...over,
});

describeEachDatabase('library service', (dialect) => {
  let t: TestContainer;
  let operator: Actor;
  let platform: Actor;
  let bank: Actor;
  let regulator: Actor;
  beforeAll(async () => {
    t = await createTestContainer(dialect);
    operator = await t.org('org_op', 'operator', 'analyst', 0.75);
    platform = await t.org('org_pf', 'platform', 'analyst', 0.7);
    bank = await t.org('org_bk', 'bank', 'analyst', 0.75);
    regulator = { orgId: 'org_platform', orgKind: 'regulator', actor: 'user:reg', role: 'analyst' };
  });
  afterAll(async () => t.close());

  it('normalises raw values, rejects bad claims by index and field, and accepts the rest', async () => {
    const r = await t.c.library.submitClaims(operator, [
      phoneClaim('138 0013 8000'),
      phoneClaim('not a number'),
      phoneClaim('13800138001', { confidence: 7 }),
      phoneClaim('13800138002', { fraudType: 'no_such_type' }),
    ]);
    expect(r.accepted).toBe(1);
    expect(r.rejected.map((x) => [x.index, x.field])).toEqual([
      [1, 'value'],
      [2, 'confidence'],
      [3, 'fraudType'],
    ]);
    const found = await t.c.library.findResource('phone', '+8613800138000');
    expect(found?.attributes.operator).toBe('china_mobile');
  });

  it('is idempotent: re-submitting the same claim updates it instead of adding another', async () => {
    await t.c.library.submitClaims(operator, [phoneClaim('13800138000')]);
    await t.c.library.submitClaims(operator, [phoneClaim('+86 138-0013-8000')]);
    const r = await t.c.library.findResource('phone', '+8613800138000');
    const n = await t.c.handle.db
      .selectFrom('claims')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('resource_id', '=', r?.id ?? 0)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it('cross-verifies: a second independent organisation turns suspicious into fraud, and the hot index follows', async () => {
    await t.c.library.submitClaims(operator, [
      phoneClaim('13900139000', { confidence: 0.8, sharing: 'public' }),
    ]);
    expect(t.c.lookups.lookupRaw('139 0013 9000', 'phone', 'public')).toMatchObject({
      verdict: 'suspicious',
    });
    await t.c.library.submitClaims(platform, [
      phoneClaim('13900139000', { confidence: 0.8, sharing: 'public' }),
    ]);
    const after = t.c.lookups.lookupRaw('+8613900139000', 'phone', 'public');
    expect(after).toMatchObject({
      verdict: 'fraud',
      normalized: '+8613900139000',
      fraudType: 'fake_investment',
    });
    expect('reasons' in after && after.reasons.join(' ')).toMatch(/cross-verified by 2/);
  });

  it('keeps private claims private: other organisations see neither the claim nor its weight', async () => {
    await t.c.library.submitClaims(bank, [
      {
        type: 'bank',
        value: '6222021234567890128',
        verdict: 'fraud',
        confidence: 0.9,
        source: 'mule-model',
        sharing: 'private',
      },
    ]);
    const own = await t.c.library.details(bank, 'bank', '6222 0212 3456 7890 128');
    expect(own.claims).toHaveLength(1);
    expect(own.score.score).toBeGreaterThan(0.5);
    // Known only through the bank's private claim, the value does not exist for the operator.
    await expect(t.c.library.details(operator, 'bank', '6222021234567890128')).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(t.c.lookups.lookupRaw('6222021234567890128', 'bank', 'members')).toMatchObject({
      verdict: 'unknown',
    });
  });

  it('lets the allow-list win over blocks, and an analyst pin override it', async () => {
    await t.c.library.allow(regulator, 'phone', '10086', '中国移动客服', 'official');
    await t.c.library.submitClaims(operator, [phoneClaim('10086', { confidence: 1 })]);
    await t.c.library.submitClaims(platform, [phoneClaim('10086', { confidence: 1 })]);
    expect(t.c.lookups.lookupRaw('10086', 'phone', 'members')).toMatchObject({ verdict: 'allowed' });
    await t.c.library.pin(regulator, 'phone', '10086', 'fraud', 'spoofed caller id campaign', true);
    expect(t.c.lookups.lookupRaw('10086', 'phone', 'members')).toMatchObject({ verdict: 'fraud' });
    await t.c.library.unpin(regulator, 'phone', '10086', 'campaign over');
    expect(t.c.lookups.lookupRaw('10086', 'phone', 'members')).toMatchObject({ verdict: 'allowed' });
  });

  it('walks the lifecycle with authorised actors only, each step audited', async () => {
    await t.c.library.submitClaims(operator, [phoneClaim('13700137000')]);
    await expect(
      t.c.library.transition(operator, 'phone', '13700137000', 'confirmed', 'looks bad'),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      t.c.library.transition(regulator, 'phone', '13700137000', 'disposed', 'skip'),
    ).rejects.toMatchObject({ code: 'invalid_transition' });
    await expect(
      t.c.library.transition(regulator, 'phone', '13700137000', 'confirmed', ''),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'reason' });
    await t.c.library.transition(regulator, 'phone', '13700137000', 'under_review', 'queue');
    await t.c.library.transition(regulator, 'phone', '13700137000', 'confirmed', 'two victims');
    expect(t.c.lookups.lookupRaw('13700137000', 'phone', 'public')).toMatchObject({ verdict: 'fraud' });
    await t.c.library.transition(operator, 'phone', '13700137000', 'disposed', 'number suspended');
    await t.c.library.transition(operator, 'phone', '13700137000', 'appealed', 'subscriber appeals');
    await t.c.library.transition(regulator, 'phone', '13700137000', 'released', 'appeal upheld');
    expect(t.c.lookups.lookupRaw('13700137000', 'phone', 'members')).toMatchObject({ verdict: 'allowed' });
    const d = await t.c.library.details(regulator, 'phone', '13700137000');
    expect(d.history.filter((h) => h.action === 'resource.transition').map((h) => h.data.to)).toEqual([
      'under_review',
      'confirmed',
      'disposed',
      'appealed',
      'released',
    ]);
    expect(d.history.every((h) => h.reason)).toBe(true);
  });

  it('records links with their evidence, readable from both ends', async () => {
    await t.c.library.link(operator, [
      {
        from: { type: 'phone', value: '13600136000' },
        to: { type: 'device', value: '490154203237518' },
        kind: 'same_device',
        evidence: { cdr: 'day 12' },
      },
    ]);
    const d = await t.c.library.details(operator, 'device', '490154203237518');
    expect(d.links).toHaveLength(1);
    expect(d.links[0]).toMatchObject({
      kind: 'same_device',
      direction: 'in',
      other: { type: 'phone', display: expect.any(String) },
    });
  });

  it('writes a batch whole or not at all', async () => {
    const before = await t.c.library.counts();
    const ghost: Actor = { orgId: 'org_missing', orgKind: 'operator', actor: 'user:x', role: 'analyst' };
    await expect(t.c.library.submitClaims(ghost, [phoneClaim('13500135000')])).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await t.c.library.counts()).toEqual(before);
    await expect(
      t.c.library.submitClaims({ ...operator, role: 'viewer' }, [phoneClaim('13500135000')]),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('decays scores over time unless re-sighted', async () => {
    await t.c.library.submitClaims(bank, [
      {
        type: 'domain',
        value: 'icbc-refund.top',
        verdict: 'fraud',
        confidence: 1,
        source: 'feed',
        sharing: 'public',
      },
    ]);
    const fresh = await t.c.library.findResource('domain', 'icbc-refund.top');
    t.clock.advance(DEFAULT_SCORING.halfLifeDays.domain * 86_400_000);
    await t.c.library.rescoreAll();
    const later = await t.c.library.findResource('domain', 'icbc-refund.top');
    expect(later?.scoreMembers).toBeCloseTo((fresh?.scoreMembers ?? 0) / 2, 2);
    await t.c.library.addSighting(bank, 'domain', 'icbc-refund.top', 'seen', 'in a new SMS wave');
    const resighted = await t.c.library.findResource('domain', 'icbc-refund.top');
    expect(resighted?.scoreMembers).toBeCloseTo(fresh?.scoreMembers ?? 0, 2);
  });

  it('keeps a hash-chained audit log that detects tampering', async () => {
    expect(await t.c.audit.verify(t.c.handle.db)).toMatchObject({ ok: true });
    // The database refuses updates; a tamperer with the file drops the guard first.
    if (dialect === 'sqlite') await sql`drop trigger audit_log_no_update`.execute(t.c.handle.db);
    else await sql`drop trigger audit_log_no_change on audit_log`.execute(t.c.handle.db);
    await sql`update audit_log set reason = 'forged' where seq = 3`.execute(t.c.handle.db);
    const v = await t.c.audit.verify(t.c.handle.db);
    expect(v).toMatchObject({ ok: false, brokenAt: 3 });
  });
});
