/**
 * Appeals (申诉/复机) by the listed party, filed through the organisation that holds its account:
 * an evidence checklist, an SLA (24 h by default), a regulator's decision. Upheld releases the value,
 * which lifts the block everywhere at once (the lookup index follows library changes on commit);
 * rejected returns it to where it was (confirmed or disposed). Every step is audited.
 */
import { DomainError, invalidInput, notFound } from '../../shared/errors.ts';
import {
  isResourceType,
  type LifecycleState,
  type ResourceRecord,
  type ResourceType,
} from '../library/library.types.ts';
import { type Actor } from '../../shared/actor.ts';
import { may, recordsOf, requireMay } from '../../shared/policy.ts';
import { nextCursor, pageSize, type PageQuery } from './keyset.ts';
import type { CasesDeps } from './cases.service.ts';
import { APPEAL_CHECKLIST, APPEAL_SLA_MS, type Appeal } from './cases.types.ts';

export interface AppealsDeps extends CasesDeps {
  readonly slaMs?: number;
}

const APPEALABLE: readonly LifecycleState[] = ['confirmed', 'disposed'];

export const createAppealsService = (deps: AppealsDeps) => {
  const { db, repo, audit, clock, library } = deps;
  const sla = deps.slaMs ?? APPEAL_SLA_MS;
  const visible = (actor: Actor, a: Appeal): boolean =>
    may(actor, 'appeal.read', { ownerOrgId: a.orgId, parties: a.againstOrgId ? [a.againstOrgId] : [] });

  return {
    async file(
      actor: Actor,
      input: {
        type: ResourceType;
        value: string;
        statement: string;
        checklist: ReadonlyArray<{ item: string; provided: boolean; note?: string | undefined }>;
      },
    ): Promise<Appeal> {
      requireMay(actor, 'appeal.file');
      if (input.statement.trim() === '') throw invalidInput('statement', 'say why the listing is wrong');
      input.checklist.forEach((c, i) => {
        if (!(APPEAL_CHECKLIST as readonly string[]).includes(c.item))
          throw invalidInput(`checklist[${i}].item`, `one of ${APPEAL_CHECKLIST.join(', ')}`);
      });
      const n = library.normalize(input.type, input.value);
      const { appeal, changed } = await db.transaction().execute(async (tx) => {
        const r = await library.resourceIn(tx, n.type, n.normalized);
        if (!r) throw notFound(`${n.type} ${n.display}`, 'value');
        if (!APPEALABLE.includes(r.status))
          throw new DomainError(
            'invalid_transition',
            `only confirmed or disposed values can be appealed (this one is ${r.status})`,
            'value',
          );
        if (await repo.pendingAppealFor(tx, r.id))
          throw new DomainError('conflict', 'an appeal for this value is already pending', 'value');
        const now = clock.now().getTime();
        const checklist = APPEAL_CHECKLIST.map((item) => {
          const given = input.checklist.find((c) => c.item === item);
          return { item, provided: given?.provided ?? false, note: given?.note ?? '' };
        });
        const appeal: Appeal = {
          id: deps.ids.next('apl'),
          resourceId: r.id,
          type: r.type,
          normalized: r.normalized,
          orgId: actor.orgId,
          againstOrgId: await repo.lastDoneOrgFor(tx, r.id),
          filedBy: actor.actor,
          statement: input.statement,
          checklist,
          previousStatus: r.status,
          status: 'pending',
          createdAt: now,
          dueAt: now + sla,
          decidedAt: null,
          decidedBy: null,
          reason: null,
        };
        await repo.insertAppeal(tx, appeal);
        const changed = await library.transitionIn(
          tx,
          actor,
          r.id,
          'appealed',
          `appeal ${appeal.id}: ${input.statement}`,
        );
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: 'appeal.file',
          entityType: 'appeal',
          entityId: appeal.id,
          reason: input.statement,
          data: { resourceId: r.id, checklist: checklist.filter((c) => c.provided).map((c) => c.item) },
        });
        await deps.webhooks.enqueueIn(tx, 'appeal.filed', [deps.regulatorOrgId], {
          appeal: appeal.id,
          type: r.type,
          display: r.display,
          dueAt: appeal.dueAt,
        });
        return { appeal, changed };
      });
      library.notify(changed);
      return appeal;
    },

    async decide(
      actor: Actor,
      id: string,
      d: { decision: 'upheld' | 'rejected'; reason: string },
    ): Promise<Appeal> {
      requireMay(actor, 'appeal.decide');
      if (d.reason.trim() === '') throw invalidInput('reason', 'a decision needs a reason');
      const { appeal, changed } = await db.transaction().execute(async (tx) => {
        const a = await repo.getAppeal(tx, id);
        if (!a) throw notFound('appeal', 'id');
        if (a.status !== 'pending')
          throw new DomainError('invalid_transition', `appeal is already ${a.status}`, 'id');
        const now = clock.now().getTime();
        const back: LifecycleState = a.previousStatus === 'disposed' ? 'disposed' : 'confirmed';
        const changed: ResourceRecord[] = await library.transitionIn(
          tx,
          actor,
          a.resourceId,
          d.decision === 'upheld' ? 'released' : back,
          `appeal ${id} ${d.decision}: ${d.reason}`,
        );
        await repo.updateAppeal(tx, id, {
          status: d.decision,
          decided_at: now,
          decided_by: actor.actor,
          reason: d.reason,
        });
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: `appeal.${d.decision}`,
          entityType: 'appeal',
          entityId: id,
          reason: d.reason,
          data: { resourceId: a.resourceId, withinSla: now <= a.dueAt },
        });
        const notify = [a.orgId, deps.regulatorOrgId, ...(a.againstOrgId ? [a.againstOrgId] : [])];
        await deps.webhooks.enqueueIn(tx, 'appeal.decided', notify, {
          appeal: id,
          decision: d.decision,
          reason: d.reason,
          type: a.type,
          normalized: a.normalized,
        });
        return {
          appeal: { ...a, status: d.decision, decidedAt: now, decidedBy: actor.actor, reason: d.reason },
          changed,
        };
      });
      library.notify(changed);
      return appeal;
    },

    async get(actor: Actor, id: string): Promise<Appeal & { overdue: boolean }> {
      requireMay(actor, 'appeal.read');
      const a = await repo.getAppeal(db, id);
      if (!a || !visible(actor, a)) throw notFound('appeal', 'id');
      return { ...a, overdue: a.status === 'pending' && clock.now().getTime() > a.dueAt };
    },

    async list(actor: Actor, o: PageQuery & { status?: string | undefined }) {
      requireMay(actor, 'appeal.read');
      const limit = pageSize(o.limit);
      const items = await repo.listAppeals(db, {
        status: o.status,
        orgId: recordsOf(actor, 'appeal.read'),
        afterId: o.after,
        order: o.order,
        limit,
      });
      const now = clock.now().getTime();
      return {
        items: items.map((a) => ({ ...a, overdue: a.status === 'pending' && now > a.dueAt })),
        nextCursor: nextCursor(items, limit),
      };
    },
  };
};

export const isAppealType = isResourceType;
export type AppealsService = ReturnType<typeof createAppealsService>;
