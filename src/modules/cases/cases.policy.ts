/**
 * Who may read and change what in qualification, cases, work orders and appeals: one table of rules,
 * used by the services (so the CLI and HTTP enforce the same) and walked by the authorisation matrix test.
 */
import { forbidden } from '../../shared/errors.ts';
import type { Actor, OrgKind, Role } from '../library/library.types.ts';

interface Rule {
  readonly orgKinds: readonly OrgKind[];
  readonly roles: readonly Role[];
}

const ANALYSTS: readonly Role[] = ['admin', 'analyst'];
const ALL_ROLES: readonly Role[] = ['admin', 'analyst', 'reporter', 'viewer'];
const ACTING: readonly OrgKind[] = ['operator', 'platform', 'bank', 'registrar'];

export const CASE_RULES = {
  'queue.read': { orgKinds: ['regulator'], roles: ALL_ROLES },
  'queue.decide': { orgKinds: ['regulator'], roles: ANALYSTS },
  'queue.alert': { orgKinds: ['regulator', ...ACTING], roles: ANALYSTS },
  'case.read': { orgKinds: ['regulator', 'police'], roles: ALL_ROLES },
  'case.write': { orgKinds: ['regulator'], roles: ANALYSTS },
  'dossier.export': { orgKinds: ['regulator', 'police'], roles: ANALYSTS },
  /** Work orders: the regulator sees all; an acting organisation only its own (checked again per order). */
  'workorder.read': { orgKinds: ['regulator', ...ACTING], roles: ALL_ROLES },
  'workorder.feedback': { orgKinds: ACTING, roles: ANALYSTS },
  'workorder.route': { orgKinds: ['regulator'], roles: ANALYSTS },
  'workorder.sweep': { orgKinds: ['regulator'], roles: ['admin'] },
  'routing.write': { orgKinds: ['regulator'], roles: ['admin'] },
  'appeal.file': { orgKinds: ['regulator', ...ACTING], roles: ['admin', 'analyst', 'reporter'] },
  'appeal.read': { orgKinds: ['regulator', ...ACTING], roles: ALL_ROLES },
  'appeal.decide': { orgKinds: ['regulator'], roles: ANALYSTS },
} as const satisfies Record<string, Rule>;

export type CaseAction = keyof typeof CASE_RULES;

export const may = (actor: Actor, action: CaseAction): boolean => {
  if (actor.actor === 'system') return true;
  const rule: Rule = CASE_RULES[action];
  return rule.orgKinds.includes(actor.orgKind) && rule.roles.includes(actor.role);
};

export const requireMay = (actor: Actor, action: CaseAction): void => {
  if (!may(actor, action))
    throw forbidden(`a ${actor.role} of a ${actor.orgKind} organisation may not ${action.replace('.', ' ')}`);
};
