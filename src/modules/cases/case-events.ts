/**
 * What the cases and work-order services share: finding an open case, and recording a case event on its
 * timeline together with its audit entry, in the caller's transaction.
 */
import type { Executor } from '../../adapters/db/database.ts';
import { DomainError, notFound } from '../../shared/errors.ts';
import type { Actor } from '../library/library.types.ts';
import type { CasesDeps } from './cases.service.ts';
import type { Case } from './cases.types.ts';

export const caseEvents = ({ repo, audit, clock }: Pick<CasesDeps, 'repo' | 'audit' | 'clock'>) => ({
  openCase: async (tx: Executor, id: string, field = 'id'): Promise<Case> => {
    const c = await repo.getCase(tx, id);
    if (!c) throw notFound('case', field);
    if (c.status !== 'open') throw new DomainError('invalid_transition', `case is ${c.status}`, field);
    return c;
  },

  event: async (
    tx: Executor,
    actor: Actor,
    caseId: string,
    kind: string,
    data: Record<string, unknown>,
    reason: string | null = null,
  ): Promise<void> => {
    const at = clock.now().getTime();
    await repo.insertEvent(tx, caseId, { at, actor: actor.actor, kind, data });
    await repo.updateCase(tx, caseId, { updated_at: at });
    await audit.append(tx, {
      orgId: actor.orgId,
      actor: actor.actor,
      action: `case.${kind}`,
      entityType: 'case',
      entityId: caseId,
      reason,
      data,
    });
  },
});
