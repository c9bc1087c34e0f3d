import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContainer, type TestContainer } from '../../../test/support/container.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import type { ClaimInput } from '../library/library.types.ts';
import type { Actor } from '../../shared/actor.ts';
import type { LookupResult } from './lookups.service.ts';

describeEachDatabase('lookups answer what the library holds, with reasons for that caller', (dialect) => {
  let t: TestContainer;
  let bank: Actor;
  let police: Actor;
  beforeAll(async () => {
    t = await createTestContainer(dialect);
    bank = await t.org('org_boc_hk', 'bank', 'analyst', 1);
    police = await t.org('org_police_tw', 'police', 'analyst', 1);
  });
  afterAll(async () => t.close());

  const claim = (actor: Actor, c: Partial<ClaimInput> & Pick<ClaimInput, 'type' | 'value'>) =>
    t.c.library.submitClaims(actor, [
      { verdict: 'fraud', confidence: 0.9, source: 'feed', sharing: 'public', ...c },
    ]);
  const look = (value: string, audience: 'public' | 'members' = 'public', type?: 'bank' | 'domain') => {
    const r = t.c.lookups.lookupRaw(value, type, audience);
    if ('error' in r) throw new Error(r.error);
    return r;
  };
  const bankReading = (r: LookupResult): LookupResult => {
    const found = [r, ...(r.alternatives ?? [])].find((x) => x.type === 'bank');
    if (!found) throw new Error('no bank reading');
    return found;
  };

  it('answers a bare account number with every institution that lists it', async () => {
    const stored = await claim(bank, {
      type: 'bank',
      value: 'BKCHHKHH:012345678901',
      fraudType: 'fake_investment',
    });
    expect(stored.rejected).toEqual([]);
    await claim(police, { type: 'bank', value: '822:012345678901', verdict: 'suspicious', confidence: 0.5 });
    const typed = look('012345678901', 'public', 'bank');
    expect(typed).toMatchObject({ type: 'bank', normalized: '012345678901', verdict: 'fraud', score: 0.9 });
    expect(typed.reasons[0]).toContain('listed with its institution (2)');
    expect(typed.reasons[0]).toContain('BKCHHKHH: fraud, score 0.9');
    expect(typed.reasons[0]).toContain('TW-822: unknown, score 0.3');
    expect(typed.reasons).toContain('not listed without an institution');
    // Typed without a type, the digits are read as a phone number too; the bank reading leads.
    expect(look('0123 4567 8901')).toMatchObject({ type: 'bank', verdict: 'fraud' });
    // A number nobody lists says so.
    expect(bankReading(look('098765432109', 'public', 'bank')).reasons).toEqual(['not in the library']);
  });

  it('names the listed hosts under a registrable domain that is not listed itself', async () => {
    await claim(police, { type: 'domain', value: 'www.0xdappplus.com' });
    const r = look('0xdappplus.com', 'public', 'domain');
    expect(r.verdict).toBe('unknown');
    expect(r.reasons).toEqual([
      'not listed itself',
      'hosts under it are listed (1): www.0xdappplus.com: fraud, score 0.9',
    ]);
  });

  it('gives every unknown a reason: below the threshold, members only, absent', async () => {
    await claim(bank, {
      type: 'bank',
      value: '6222021234567890128',
      verdict: 'suspicious',
      confidence: 0.45,
    });
    const weak = bankReading(look('6222021234567890128', 'members', 'bank'));
    expect(weak.verdict).toBe('unknown');
    expect(weak.score).toBe(0.27);
    expect(weak.reasons[0]).toBe('reported, but its score 0.27 is below the suspicious threshold in force');
    expect(weak.reasons).not.toContain('not in the library');

    await claim(bank, { type: 'domain', value: 'members-only-scam.example', sharing: 'members' });
    expect(look('members-only-scam.example', 'members', 'domain')).toMatchObject({ verdict: 'fraud' });
    const anonymous = look('members-only-scam.example', 'public', 'domain');
    expect(anonymous.verdict).toBe('unknown');
    expect(anonymous.reasons).toEqual(['only member organisations have claims about it; none is public']);
  });

  it("exports the same verdict as the value's own record, with the claims' verdict apart", async () => {
    const viewer: Actor = { ...bank, role: 'analyst' };
    const rows: string[] = [];
    for await (const chunk of t.c.transfer.serialize(
      'csv',
      t.c.transfer.exportRecords(viewer, { type: 'bank' }),
    ))
      rows.push(chunk);
    const header = (rows[0] ?? '').trim().split(',');
    // The columns up to `claims` are plain; `claims` (JSON, quoted) comes before the last one.
    const row = rows.find((r) => r.includes('6222021234567890128'))?.trim() ?? '';
    const column = (name: string) =>
      name === 'claim_verdict' ? row.slice(row.lastIndexOf(',') + 1) : row.split(',')[header.indexOf(name)];
    const record = await t.c.library.findResource('bank', '6222021234567890128');
    expect(record?.verdictMembers).toBe('unknown');
    expect(column('verdict')).toBe('unknown');
    expect(column('claim_verdict')).toBe('suspicious');
  });
});
