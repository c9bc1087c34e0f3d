/**
 * The lifecycle of a value: reported → under review → confirmed → disposed → appealed →
 * released or expired. Which moves exist is data here; who may move a value into each state is the
 * policy's `lifecycle.<state>` actions. The service enforces both and writes every move to the audit log.
 */
import type { Actor } from '../../shared/actor.ts';
import { may } from '../../shared/policy.ts';
import type { LifecycleState } from './library.types.ts';

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
  if (!may(actor, `lifecycle.${to}`)) {
    return {
      ok: false,
      reason: 'forbidden',
      message: `a ${actor.role} of a ${actor.orgKind} may not move a value to ${to}`,
    };
  }
  return { ok: true };
};
