/**
 * The analysts' qualification queue: report groups and detector alerts, each shown with the library's
 * knowledge of its values; confirm (into a new or existing case), reject with a reason, merge into
 * another item, or escalate. Confirming makes the values confirmed in the library.
 */
import type { Executor } from '../../adapters/db/database.ts';
import { DomainError, invalidInput, notFound } from '../../shared/errors.ts';
import type { ResourceRecord } from '../library/library.types.ts';
import type { ClaimInput, ResourceType } from '../library/library.types.ts';
import type { Actor } from '../../shared/actor.ts';
import { TRANSITIONS } from '../library/lifecycle.ts';
import { requireMay } from '../../shared/policy.ts';
import { nextCursor, pageSize, type PageQuery } from './keyset.ts';
import type { CasesDeps } from './cases.service.ts';
import { DEADLINE_MS, type Case, type QueueItem, type QueueStatus, type Severity } from './cases.types.ts';
import type { ReportsService } from '../reports/reports.service.ts';

export interface QualificationDeps extends CasesDeps {
  /** The reports module's port: a merged queue item's reports move with it. */
  readonly reports: Pick<ReportsService, 'moveReportsIn'>;
}

export interface ConfirmInput {
  readonly reason: string;
  readonly severity?: Severity | undefined;
  readonly fraudType?: string | undefined;
  readonly title?: string | undefined;
  /** Attach to this open case instead of opening a new one. */
  readonly caseId?: string | undefined;
}

const DECIDABLE: readonly QueueStatus[] = ['open', 'escalated'];

/** Library claims and lifecycle moves that make a set of values confirmed; returns the changed records. */
export const confirmValuesIn = async (
  deps: Pick<QualificationDeps, 'library'>,
  tx: Executor,
  actor: Actor,
  values: ReadonlyArray<{ type: ResourceType; normalized: string }>,
  fraudType: string | undefined,
  reason: string,
): Promise<ResourceRecord[]> => {
  if (values.length === 0) return [];
  const claims: ClaimInput[] = values.map((v) => ({
    type: v.type,
    value: v.normalized,
    verdict: 'fraud',
    confidence: 0.9,
    fraudType,
    sharing: 'members',
    source: 'qualification',
  }));
  const { changed } = await deps.library.submitClaimsIn(tx, actor, claims);
  const out: ResourceRecord[] = [];
  for (const r of changed) {
    if (r.status === 'confirmed' || !TRANSITIONS[r.status].to.includes('confirmed')) {
      out.push(r);
      continue;
    }
    out.push(...(await deps.library.transitionIn(tx, actor, r.id, 'confirmed', reason)));
  }
  return out;
};

export const createQualificationService = (deps: QualificationDeps) => {
  const { db, repo, audit, clock, library } = deps;

  const decidable = async (tx: Executor, id: number): Promise<QueueItem> => {
    const item = await repo.getQueueItem(tx, id);
    if (!item) throw notFound('queue item', 'id');
    if (!DECIDABLE.includes(item.status))
      throw new DomainError('invalid_transition', `queue item is already ${item.status}`, 'id');
    return item;
  };

  const decided = (actor: Actor, status: QueueStatus, reason: string | null) => ({
    status,
    decided_by: actor.actor,
    decided_at: clock.now().getTime(),
    reason,
  });

  return {
    async list(
      actor: Actor,
      o: PageQuery<number> & {
        status?: QueueStatus | undefined;
        kind?: 'report' | 'alert' | undefined;
      },
    ) {
      requireMay(actor, 'queue.read');
      const limit = pageSize(o.limit);
      const items = await repo.listQueue(db, {
        status: o.status ?? 'open',
        kind: o.kind,
        afterId: o.after,
        order: o.order,
        limit,
      });
      const next = nextCursor(items, limit);
      return { items, nextCursor: next === undefined ? undefined : String(next) };
    },

    async get(actor: Actor, id: number) {
      requireMay(actor, 'queue.read');
      const item = await repo.getQueueItem(db, id);
      if (!item) throw notFound('queue item', 'id');
      // The library's knowledge beside each value, as the regulator sees it.
      const knowledge = await Promise.all(
        item.values.map(async (v) => {
          try {
            const d = await library.details(actor, v.type, v.normalized);
            return {
              ...v,
              status: d.resource.status,
              verdict: d.score.verdict,
              score: d.score.score,
              reasons: d.score.reasons,
              claims: d.claims.length,
            };
          } catch (e) {
            if (e instanceof DomainError && e.code === 'not_found')
              return { ...v, status: null, verdict: 'unknown', score: 0, reasons: [], claims: 0 };
            throw e;
          }
        }),
      );
      return { item, values: knowledge };
    },

    /** Detectors and member organisations raise alerts into the same queue. */
    async raiseAlert(
      actor: Actor,
      a: {
        title: string;
        source: string;
        fraudType?: string | undefined;
        values: ReadonlyArray<{ type: ResourceType; value: string }>;
        priority?: number | undefined;
      },
    ): Promise<QueueItem> {
      requireMay(actor, 'queue.alert');
      const values = a.values.map((v, i) => {
        const n = library.normalize(v.type, v.value, `values[${i}].value`);
        return { type: n.type, normalized: n.normalized, display: n.display };
      });
      if (values.length === 0) throw invalidInput('values', 'an alert names at least one value');
      return db.transaction().execute(async (tx) => {
        const id = await repo.insertAlert(tx, {
          title: a.title,
          source: `${actor.orgId}:${a.source}`,
          fraudType: a.fraudType ?? null,
          values,
          priority: a.priority ?? 0,
          now: clock.now().getTime(),
        });
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: 'queue.alert',
          entityType: 'queue_item',
          entityId: String(id),
          data: { source: a.source, values: values.length },
        });
        const item = await repo.getQueueItem(tx, id);
        if (!item) throw notFound('queue item', 'id');
        return item;
      });
    },

    async confirm(actor: Actor, id: number, input: ConfirmInput): Promise<{ item: QueueItem; case: Case }> {
      requireMay(actor, 'queue.decide');
      if (input.reason.trim() === '') throw invalidInput('reason', 'a confirmation needs a reason');
      const { result, changed } = await db.transaction().execute(async (tx) => {
        const item = await decidable(tx, id);
        const now = clock.now().getTime();
        const fraudType = input.fraudType ?? item.fraudType ?? undefined;
        const changed = await confirmValuesIn(deps, tx, actor, item.values, fraudType, input.reason);
        let theCase: Case;
        if (input.caseId) {
          const found = await repo.getCase(tx, input.caseId);
          if (!found || found.status !== 'open') throw notFound('open case', 'caseId');
          theCase = found;
        } else {
          const severity = input.severity ?? 'medium';
          theCase = {
            id: deps.ids.next('case'),
            title: input.title ?? item.title,
            status: 'open',
            severity,
            fraudType: fraudType ?? null,
            assignee: null,
            createdBy: actor.actor,
            createdAt: now,
            updatedAt: now,
            deadlineAt: now + DEADLINE_MS[severity],
            mergedInto: null,
          };
          await repo.insertCase(tx, theCase);
          await repo.insertEvent(tx, theCase.id, {
            at: now,
            actor: actor.actor,
            kind: 'created',
            data: { from: id, severity },
          });
          await audit.append(tx, {
            orgId: actor.orgId,
            actor: actor.actor,
            action: 'case.create',
            entityType: 'case',
            entityId: theCase.id,
            reason: input.reason,
            data: { queueItem: id },
          });
        }
        await repo.addCaseValues(
          tx,
          theCase.id,
          changed.map((r) => ({
            resourceId: r.id,
            type: r.type,
            normalized: r.normalized,
            display: r.display,
            addedAt: now,
          })),
        );
        await repo.insertEvent(tx, theCase.id, {
          at: now,
          actor: actor.actor,
          kind: 'queue_item_confirmed',
          data: { queueItem: id, kind: item.kind, values: changed.length },
        });
        await repo.updateQueueItem(tx, id, {
          ...decided(actor, 'confirmed', input.reason),
          case_id: theCase.id,
        });
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: 'queue.confirm',
          entityType: 'queue_item',
          entityId: String(id),
          reason: input.reason,
          data: { caseId: theCase.id },
        });
        await deps.webhooks.enqueueIn(tx, 'case.confirmed', [deps.regulatorOrgId], {
          caseId: theCase.id,
          queueItem: id,
          values: changed.map((r) => ({ type: r.type, display: r.display })),
        });
        const after = await repo.getQueueItem(tx, id);
        if (!after) throw notFound('queue item', 'id');
        return { result: { item: after, case: theCase }, changed };
      });
      library.notify(changed);
      return result;
    },

    async reject(actor: Actor, id: number, reason: string): Promise<QueueItem> {
      requireMay(actor, 'queue.decide');
      if (reason.trim() === '') throw invalidInput('reason', 'a rejection needs a reason');
      return db.transaction().execute(async (tx) => {
        await decidable(tx, id);
        await repo.updateQueueItem(tx, id, decided(actor, 'rejected', reason));
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: 'queue.reject',
          entityType: 'queue_item',
          entityId: String(id),
          reason,
        });
        return (await repo.getQueueItem(tx, id)) ?? (await decidable(tx, id));
      });
    },

    async escalate(actor: Actor, id: number, reason: string): Promise<QueueItem> {
      requireMay(actor, 'queue.decide');
      if (reason.trim() === '') throw invalidInput('reason', 'an escalation needs a reason');
      return db.transaction().execute(async (tx) => {
        const item = await decidable(tx, id);
        await repo.updateQueueItem(tx, id, { status: 'escalated', priority: item.priority + 100, reason });
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: 'queue.escalate',
          entityType: 'queue_item',
          entityId: String(id),
          reason,
        });
        return (await repo.getQueueItem(tx, id)) ?? item;
      });
    },

    /** Merges `id` into `into`: its reports and values move over; new duplicates follow the merge. */
    async merge(actor: Actor, id: number, into: number, reason: string): Promise<QueueItem> {
      requireMay(actor, 'queue.decide');
      if (id === into) throw invalidInput('into', 'an item cannot be merged into itself');
      return db.transaction().execute(async (tx) => {
        const from = await decidable(tx, id);
        const target = await decidable(tx, into).catch(() => {
          throw notFound('open queue item', 'into');
        });
        const values = [...target.values];
        for (const v of from.values)
          if (!values.some((w) => w.type === v.type && w.normalized === v.normalized)) values.push(v);
        await deps.reports.moveReportsIn(tx, id, into);
        await repo.updateQueueItem(tx, into, {
          report_count: target.reportCount + from.reportCount,
          priority: target.priority + from.priority,
          values_json: JSON.stringify(values),
        });
        await repo.updateQueueItem(tx, id, {
          ...decided(actor, 'merged', reason),
          merged_into: into,
          report_count: 0,
        });
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: 'queue.merge',
          entityType: 'queue_item',
          entityId: String(id),
          reason,
          data: { into },
        });
        return (await repo.getQueueItem(tx, into)) ?? target;
      });
    },
  };
};

export type QualificationService = ReturnType<typeof createQualificationService>;
