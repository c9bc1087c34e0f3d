/**
 * The lifecycle of a value (BRIEF §A): reported → under review → confirmed → disposed → appealed →
 * released or expired. Which moves exist and who may make them is data; the service enforces it and
 * writes every move to the audit log.
 */
import type { Actor, LifecycleState, OrgKind, Role } from './library.types.ts';

interface Rule {
  readonly to: readonly LifecycleState[];
}

export const TRANSITIONS: Readonly<Record<LifecycleState, Rule>> = {
  reported: { to: ['under_review', 'confirmed', 'released', 'expired'] },
  under_review: { to: ['confirmed', 'released', 'expired', 'reported'] },
  confirmed: { to: ['disposed', 'appealed', 'released', 'expired'] },
  disposed: { to: ['appealed', 'released', 'expired'] },
  appealed: { to: ['confirmed', 'disposed', 'released'] },
  released: { to: ['reported', 'under_review', 'confirmed'] },
  expired: { to: ['reported', 'under_review', 'confirmed'] },
};

/** Who may move a value into each state. */
export const AUTHORISED: Readonly<
  Record<LifecycleState, { readonly orgKinds: readonly OrgKind[]; readonly roles: readonly Role[] }>
> = {
  reported: { orgKinds: ['regulator'], roles: ['admin', 'analyst'] },
  under_review: { orgKinds: ['regulator'], roles: ['admin', 'analyst'] },
  confirmed: { orgKinds: ['regulator'], roles: ['admin', 'analyst'] },
  // The organisation that acted (suspended the number, took the domain down) records the disposal.
  disposed: {
    orgKinds: ['regulator', 'operator', 'platform', 'bank', 'registrar'],
    roles: ['admin', 'analyst'],
  },
  // Appeals are filed on the listed party's behalf by the organisation that holds its account.
  appealed: {
    orgKinds: ['regulator', 'operator', 'platform', 'bank', 'registrar'],
    roles: ['admin', 'analyst', 'reporter'],
  },
  released: { orgKinds: ['regulator'], roles: ['admin', 'analyst'] },
  expired: { orgKinds: ['regulator'], roles: ['admin', 'analyst'] },
};

export type TransitionCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'invalid' | 'forbidden'; readonly message: string };

export const checkTransition = (from: LifecycleState, to: LifecycleState, actor: Actor): TransitionCheck => {
  if (!TRANSITIONS[from].to.includes(to)) {
    return {
      ok: false,
      reason: 'invalid',
      message: `cannot move from ${from} to ${to} (allowed: ${TRANSITIONS[from].to.join(', ')})`,
    };
  }
  const who = AUTHORISED[to];
  if (actor.actor === 'system') return { ok: true };
  if (!who.orgKinds.includes(actor.orgKind) || !who.roles.includes(actor.role)) {
    return {
      ok: false,
      reason: 'forbidden',
      message: `a ${actor.role} of a ${actor.orgKind} may not move a value to ${to}`,
    };
  }
  return { ok: true };
};
