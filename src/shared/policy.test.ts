/** The one policy answers whose records an actor may act on, as well as which actions it may take. */
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type Actor } from './actor.ts';
import { may, recordsOf, refusal, requireMay } from './policy.ts';

const REGULATOR: Actor = { orgId: 'org_platform', orgKind: 'regulator', actor: 'user:r', role: 'admin' };
const BANK: Actor = { orgId: 'org_icbc', orgKind: 'bank', actor: 'user:b', role: 'admin' };
const OTHER_BANK: Actor = { ...BANK, orgId: 'org_boc', actor: 'user:o' };
const POLICE: Actor = { orgId: 'org_police', orgKind: 'police', actor: 'user:p', role: 'admin' };

describe('records owned by an organisation', () => {
  it('an acting organisation reads its own work orders, the regulator everyone’s', () => {
    const order = { ownerOrgId: 'org_icbc' };
    expect(may(BANK, 'workorder.read', order)).toBe(true);
    expect(may(OTHER_BANK, 'workorder.read', order)).toBe(false);
    expect(may(REGULATOR, 'workorder.read', order)).toBe(true);
    expect(may(POLICE, 'workorder.read', order)).toBe(false);
  });

  it('only the addressee answers a work order, not even the regulator', () => {
    expect(may(BANK, 'workorder.feedback', { ownerOrgId: 'org_icbc' })).toBe(true);
    expect(may(OTHER_BANK, 'workorder.feedback', { ownerOrgId: 'org_icbc' })).toBe(false);
    expect(may(REGULATOR, 'workorder.feedback', { ownerOrgId: 'org_platform' })).toBe(false);
    expect(() => requireMay(OTHER_BANK, 'workorder.feedback', { ownerOrgId: 'org_icbc' })).toThrow(
      /for another organisation/,
    );
  });

  it('an appeal is read by the organisation that filed it and the one it concerns', () => {
    const appeal = { ownerOrgId: 'org_icbc', parties: ['org_boc'] };
    expect(may(BANK, 'appeal.read', appeal)).toBe(true);
    expect(may(OTHER_BANK, 'appeal.read', appeal)).toBe(true);
    expect(may({ ...BANK, orgId: 'org_ccb' }, 'appeal.read', appeal)).toBe(false);
    expect(may(REGULATOR, 'appeal.read', appeal)).toBe(true);
  });

  it('an administrator manages its own organisation’s webhooks, users and keys; the regulator’s any', () => {
    for (const action of ['webhooks.manage', 'users.create', 'apikeys.create', 'apikeys.revoke'] as const) {
      expect(may(BANK, action, { ownerOrgId: 'org_icbc' })).toBe(true);
      expect(may(BANK, action, { ownerOrgId: 'org_boc' })).toBe(false);
      expect(may({ ...BANK, role: 'analyst' }, action, { ownerOrgId: 'org_icbc' })).toBe(false);
      expect(may(REGULATOR, action, { ownerOrgId: 'org_icbc' })).toBe(true);
    }
  });

  it('a claim is withdrawn by the organisation that made it only', () => {
    const analyst: Actor = { ...BANK, role: 'analyst' };
    expect(may(analyst, 'claims.withdraw', { ownerOrgId: 'org_icbc' })).toBe(true);
    expect(may({ ...REGULATOR, role: 'analyst' }, 'claims.withdraw', { ownerOrgId: 'org_icbc' })).toBe(false);
  });

  it('a sealed report contact opens for the regulator only', () => {
    expect(may({ ...REGULATOR, role: 'viewer' }, 'reports.contact')).toBe(true);
    expect(may(POLICE, 'reports.contact')).toBe(false);
  });

  it('the platform itself acts on every record', () => {
    expect(may(SYSTEM_ACTOR, 'workorder.feedback', { ownerOrgId: 'org_icbc' })).toBe(true);
  });

  it('a refusal names the other organisation only when ownership is what refused', () => {
    expect(refusal(OTHER_BANK, 'workorder.read', { ownerOrgId: 'org_icbc' })).toMatch(
      /for another organisation$/,
    );
    expect(refusal(POLICE, 'workorder.read')).toBe('a admin of a police organisation may not workorder read');
  });
});

describe('whose records a listing shows', () => {
  it('every organisation’s for the regulator and the platform, its own for the others', () => {
    for (const action of [
      'workorder.read',
      'appeal.read',
      'audit.read',
      'grants.read',
      'evaluation.read',
    ] as const) {
      expect(recordsOf(REGULATOR, action)).toBeUndefined();
      expect(recordsOf(SYSTEM_ACTOR, action)).toBeUndefined();
      expect(recordsOf(BANK, action)).toBe('org_icbc');
    }
  });

  it('its own for every organisation where no kind reads the others’', () => {
    expect(recordsOf(REGULATOR, 'federation.status')).toBe('org_platform');
    expect(recordsOf(SYSTEM_ACTOR, 'federation.status')).toBeUndefined();
  });
});
