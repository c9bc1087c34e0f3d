/**
 * Who is calling: routes establish the actor here and nothing more. What the actor may do is the policy's
 * answer (`src/shared/policy.ts`), asked by the services.
 */
import { DomainError } from '../../shared/errors.ts';
import type { Actor } from '../../shared/actor.ts';
import type { FastifyRequest, Principal } from './http.types.ts';

export const requirePrincipal = (request: FastifyRequest): Principal => {
  const p = request.principal;
  if (!p) throw new DomainError('unauthenticated', 'log in or send an API key (Authorization: Bearer …)');
  return p;
};

export const actorOf = (p: Principal): Actor => ({
  orgId: p.orgId,
  orgKind: p.orgKind,
  actor: p.actor,
  role: p.role,
});

/** The actor behind a request, or 401 when nobody is logged in. */
export const requireActor = (request: FastifyRequest): Actor => actorOf(requirePrincipal(request));
