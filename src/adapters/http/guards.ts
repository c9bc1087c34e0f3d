/** Authorisation checks used by route handlers; they throw domain errors that the adapter maps once. */
import { DomainError } from '../../shared/errors.ts';
import type { Actor, OrgKind, Role } from '../../modules/library/library.types.ts';
import type { FastifyRequest, Principal } from './http.types.ts';

export interface Requirement {
  readonly roles?: readonly Role[];
  readonly orgKinds?: readonly OrgKind[];
}

export const requirePrincipal = (request: FastifyRequest, need: Requirement = {}): Principal => {
  const p = request.principal;
  if (!p) throw new DomainError('unauthenticated', 'log in or send an API key (Authorization: Bearer …)');
  if (need.roles && !need.roles.includes(p.role))
    throw new DomainError('forbidden', `role ${p.role} may not do this (needs ${need.roles.join(' or ')})`);
  if (need.orgKinds && !need.orgKinds.includes(p.orgKind))
    throw new DomainError('forbidden', `organisation kind ${p.orgKind} may not do this`);
  return p;
};

export const actorOf = (p: Principal): Actor => ({
  orgId: p.orgId,
  orgKind: p.orgKind,
  actor: p.actor,
  role: p.role,
});

/** Roles that may write (claims, decisions); viewers only read. */
export const WRITERS: readonly Role[] = ['admin', 'analyst', 'reporter'];
export const ANALYSTS: readonly Role[] = ['admin', 'analyst'];
