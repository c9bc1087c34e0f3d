/**
 * Gang mining on real SQLite and PostgreSQL: library links and transfers make one graph; a gang holds
 * listed values, is updated incrementally by a new link, shows the evidence chain between members,
 * and keeps private links out of every view but the regulator's.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dossierHtml } from '../cases/dossier.ts';
import { SYSTEM_ACTOR } from '../../shared/actor.ts';
import type { LinkInput } from '../library/library.types.ts';
import type { Actor } from '../../shared/actor.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { createTestContainer, type TestContainer } from '../../../test/support/container.ts';

const PHONES = ['+8613800000101', '+8613800000102', '+8613800000103', '+8613800000104'];
const DEVICE = '862000000000015';
const phoneKey = (p: string): string => `phone:${p}`;

describeEachDatabase('gangs', (dialect) => {
  let t: TestContainer;
  let police: Actor;
  let bank: Actor;
  beforeAll(async () => {
    t = await createTestContainer(dialect);
    police = await t.org('org_police_test', 'police', 'viewer');
    bank = await t.org('org_bank_gang', 'bank', 'analyst');
    const links: LinkInput[] = PHONES.slice(0, 3).map((p) => ({
      from: { type: 'phone', value: p },
      to: { type: 'device', value: DEVICE },
      kind: 'same_device',
      evidence: { detector: 'calls.simbox' },
    }));
    await t.c.library.submitClaims(
      SYSTEM_ACTOR,
      [
        {
          type: 'phone',
          value: PHONES[0] ?? '',
          verdict: 'fraud',
          confidence: 0.9,
          source: 'test',
          fraudType: 'impersonate_authority',
        },
      ],
      links,
    );
    // A bank's private link: counts in the regulator's graph only.
    await t.c.library.submitClaims(
      bank,
      [],
      [
        {
          from: { type: 'phone', value: PHONES[3] ?? '' },
          to: { type: 'device', value: DEVICE },
          kind: 'same_device',
          evidence: { sharing: 'private' },
        },
      ],
    );
  });
  afterAll(() => t.close());

  it('finds the gang with its members by role, fraud types and activity', async () => {
    const gangs = await t.c.gangs.list(SYSTEM_ACTOR);
    const gang = gangs.find((g) => g.members['devices']?.includes(`device:${DEVICE}`));
    expect(gang?.members['callers']).toEqual(expect.arrayContaining(PHONES.map(phoneKey)));
    expect(gang?.fraudTypes).toEqual(['impersonate_authority']);
    expect(gang?.flagged).toBeGreaterThan(0);
    expect(gang?.firstAt).not.toBeNull();
  });

  it('keeps private links out of the police view', async () => {
    const gangs = await t.c.gangs.list(police);
    const gang = gangs.find((g) => g.members['devices']?.includes(`device:${DEVICE}`));
    expect(gang?.members['callers']).toEqual(expect.arrayContaining(PHONES.slice(0, 3).map(phoneKey)));
    expect(gang?.members['callers']).not.toContain(phoneKey(PHONES[3] ?? ''));
  });

  it('takes a new link incrementally and shows the evidence chain between two members', async () => {
    await t.c.library.link(SYSTEM_ACTOR, [
      {
        from: { type: 'phone', value: PHONES[2] ?? '' },
        to: { type: 'domain', value: 'gang-pay.top' },
        kind: 'mentions',
      },
    ]);
    const gangs = await t.c.gangs.list(SYSTEM_ACTOR);
    const gang = gangs.find((g) => g.members['devices']?.includes(`device:${DEVICE}`));
    expect(gang?.members['domains']).toEqual(['domain:gang-pay.top']);
    const steps = await t.c.gangs.path(
      SYSTEM_ACTOR,
      gang?.id ?? '',
      phoneKey(PHONES[0] ?? ''),
      'domain:gang-pay.top',
    );
    expect(steps.map((s) => s.to)).toEqual([
      `device:${DEVICE}`,
      phoneKey(PHONES[2] ?? ''),
      'domain:gang-pay.top',
    ]);
    expect(steps[0]?.evidence[0]?.kind).toBe('link:same_device');
    const dossier = await t.c.gangs.dossier(police, gang?.id ?? '');
    expect(dossier.format).toBe('fanzha.gang-dossier/1');
    expect(dossier.gang.edges.length).toBeGreaterThan(2);
  });

  it('extends a case dossier with the gang its values belong to: graph, evidence chains, printable page', async () => {
    const analyst = await t.org('org_police_dossier', 'police', 'analyst');
    const regulator: Actor = {
      orgId: 'org_platform',
      orgKind: 'regulator',
      actor: 'user:r',
      role: 'analyst',
    };
    const k = t.c.collaboration;
    const alert = await k.qualification.raiseAlert(regulator, {
      title: 'caller seen with a listed device',
      source: 'test',
      values: [{ type: 'phone', value: PHONES[2] ?? '' }],
    });
    const { case: theCase } = await k.qualification.confirm(regulator, alert.id, {
      reason: 'checked',
      severity: 'high',
    });
    const d = await k.cases.exportDossier(analyst, theCase.id);
    const gang = d.gangs.find((g) => g.members['devices']?.includes(`device:${DEVICE}`));
    expect(gang?.caseValues).toEqual([phoneKey(PHONES[2] ?? '')]);
    const chain = gang?.chains.find((c) => c.to === phoneKey(PHONES[0] ?? ''));
    expect(chain?.steps.map((s) => s.to)).toEqual([`device:${DEVICE}`, phoneKey(PHONES[0] ?? '')]);
    expect(chain?.steps[0]?.evidence[0]?.kind).toBe('link:same_device');
    // The police view: the bank's private link stays out of the dossier too.
    expect(gang?.nodes.map((n) => n.key)).not.toContain(phoneKey(PHONES[3] ?? ''));
    const html = dossierHtml(d);
    expect(html).toContain('<svg');
    expect(html).toContain(
      `${phoneKey(PHONES[2] ?? '')} —[link:same_device]→ device:${DEVICE} —[link:same_device]→ ${phoneKey(PHONES[0] ?? '')}`,
    );
    expect(html).not.toContain('<script');
    // A case whose values no gang holds exports with no gang section.
    const lone = await k.qualification.raiseAlert(regulator, {
      title: 'lone number',
      source: 'test',
      values: [{ type: 'phone', value: '+8613900000999' }],
    });
    const { case: other } = await k.qualification.confirm(regulator, lone.id, {
      reason: 'x',
      severity: 'low',
    });
    const empty = await k.cases.exportDossier(analyst, other.id);
    expect(empty.gangs).toEqual([]);
    expect(dossierHtml(empty)).not.toContain('<svg');
  });

  it('joins accounts through transfers, in the regulator view only (transfers are private)', async () => {
    await t.c.library.link(SYSTEM_ACTOR, [
      {
        from: { type: 'phone', value: PHONES[1] ?? '' },
        to: { type: 'bank', value: '6200000000000777' },
        kind: 'pays_to',
      },
    ]);
    const transfer = (n: number, payee: string) => ({
      recordId: `g${n}`,
      payer: '6200000000000777',
      payee,
      amount: 100,
      currency: 'CNY',
      time: Date.parse('2026-05-30T00:00:00Z') + n,
    });
    await t.c.transfers.ingest(bank, [transfer(1, '6200000000000888')]);
    const of = async (actor: Actor) =>
      (await t.c.gangs.list(actor)).find((g) => g.members['devices']?.includes(`device:${DEVICE}`));
    expect((await of(SYSTEM_ACTOR))?.members['muleAccounts']).toEqual(
      expect.arrayContaining(['bank:6200000000000777', 'bank:6200000000000888']),
    );
    expect((await of(police))?.members['muleAccounts'] ?? []).not.toContain('bank:6200000000000888');
  });

  it('answers an unknown gang or a non-member with not found', async () => {
    await expect(t.c.gangs.get(SYSTEM_ACTOR, 'gang_000000000000')).rejects.toMatchObject({
      code: 'not_found',
    });
    const [gang] = await t.c.gangs.list(SYSTEM_ACTOR);
    await expect(
      t.c.gangs.path(SYSTEM_ACTOR, gang?.id ?? '', 'phone:+8613999999999', phoneKey(PHONES[0] ?? '')),
    ).rejects.toMatchObject({ field: 'from' });
  });
});
