/**
 * Cases (案件): confirmed matters holding values, queue items, notes, assignee, severity, deadline and
 * a timeline; merge and split; export as a police dossier. Work orders are in workorders.service.ts.
 */
import type { Db } from '../../adapters/db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { DomainError, invalidInput, notFound } from '../../shared/errors.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { LibraryService } from '../library/library.service.ts';
import type { Actor } from '../../shared/actor.ts';
import type { WebhookOutbox } from '../webhooks/webhooks.service.ts';
import { may, requireMay } from '../../shared/policy.ts';
import { nextCursor, pageSize, type PageQuery } from './keyset.ts';
import type { CasesRepository } from './cases.repository.ts';
import type { Case, Severity } from './cases.types.ts';
import { caseEvents } from './case-events.ts';
import { buildDossier, type Dossier, type GangsOfValues } from './dossier.ts';

export interface CasesDeps {
  readonly db: Db;
  readonly repo: CasesRepository;
  readonly library: LibraryService;
  readonly audit: AuditService;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly webhooks: WebhookOutbox;
  readonly regulatorOrgId: string;
  /** The gangs a case's values belong to, for the dossier; without it a dossier names no gangs. */
  readonly gangsOf?: GangsOfValues | undefined;
}

export const createCasesService = (deps: CasesDeps) => {
  const { db, repo, audit, clock, library } = deps;

  const { openCase, event } = caseEvents(deps);

  const service = {
    async list(actor: Actor, o: PageQuery & { status?: string | undefined }) {
      requireMay(actor, 'case.read');
      const limit = pageSize(o.limit);
      const items = await repo.listCases(db, { status: o.status, afterId: o.after, order: o.order, limit });
      return { items, nextCursor: nextCursor(items, limit) };
    },

    async get(actor: Actor, id: string) {
      requireMay(actor, 'case.read');
      const c = await repo.getCase(db, id);
      if (!c) throw notFound('case', 'id');
      const [values, items, workOrders, timeline] = await Promise.all([
        repo.caseValues(db, id),
        repo.queueItemsOfCase(db, id),
        repo.listWorkOrders(db, { caseId: id, limit: 1000 }),
        repo.events(db, id),
      ]);
      const resources = await Promise.all(values.map((v) => library.getById(v.resourceId)));
      return {
        case: c,
        values: values.map((v, i) => ({
          ...v,
          status: resources[i]?.status ?? null,
          verdict: resources[i]?.verdictMembers ?? 'unknown',
          attributes: resources[i]?.attributes ?? {},
        })),
        queueItems: items,
        workOrders,
        timeline,
      };
    },

    async note(actor: Actor, id: string, text: string): Promise<void> {
      requireMay(actor, 'case.write');
      if (text.trim() === '') throw invalidInput('text', 'a note needs text');
      await db.transaction().execute(async (tx) => {
        await openCase(tx, id);
        await event(tx, actor, id, 'note', { text });
      });
    },

    async update(
      actor: Actor,
      id: string,
      patch: {
        assignee?: string | null | undefined;
        severity?: Severity | undefined;
        status?: 'open' | 'closed' | undefined;
        reason?: string | undefined;
      },
    ): Promise<Case> {
      requireMay(actor, 'case.write');
      return db.transaction().execute(async (tx) => {
        const c = await repo.getCase(tx, id);
        if (!c) throw notFound('case', 'id');
        if (c.status === 'merged') throw new DomainError('invalid_transition', 'case was merged', 'id');
        const set: Parameters<CasesRepository['updateCase']>[2] = {};
        if (patch.assignee !== undefined) set.assignee = patch.assignee;
        if (patch.severity) set.severity = patch.severity;
        if (patch.status) set.status = patch.status;
        await repo.updateCase(tx, id, set);
        await event(tx, actor, id, 'updated', { ...patch }, patch.reason ?? null);
        return (await repo.getCase(tx, id)) ?? c;
      });
    },

    /** Merges `id` into `into`: values, queue items and work orders move; `id` keeps a pointer. */
    async merge(actor: Actor, id: string, into: string, reason: string): Promise<Case> {
      requireMay(actor, 'case.write');
      if (id === into) throw invalidInput('into', 'a case cannot be merged into itself');
      return db.transaction().execute(async (tx) => {
        await openCase(tx, id);
        const target = await openCase(tx, into, 'into');
        await repo.addCaseValues(tx, into, await repo.caseValues(tx, id));
        await repo.reassignCase(tx, id, into);
        await repo.updateCase(tx, id, { status: 'merged', merged_into: into });
        await event(tx, actor, id, 'merged', { into }, reason);
        await event(tx, actor, into, 'merged_from', { from: id }, reason);
        return target;
      });
    },

    /** Splits the named values off into a new case (same severity and fraud type). */
    async split(actor: Actor, id: string, resourceIds: readonly number[], title: string): Promise<Case> {
      requireMay(actor, 'case.write');
      return db.transaction().execute(async (tx) => {
        const c = await openCase(tx, id);
        const values = await repo.caseValues(tx, id);
        const moving = values.filter((v) => resourceIds.includes(v.resourceId));
        if (moving.length === 0 || moving.length === values.length)
          throw invalidInput('resourceIds', 'name some, but not all, of the case’s values');
        const now = clock.now().getTime();
        const created: Case = {
          ...c,
          id: deps.ids.next('case'),
          title,
          createdBy: actor.actor,
          createdAt: now,
          updatedAt: now,
          assignee: null,
        };
        await repo.insertCase(tx, created);
        await repo.addCaseValues(tx, created.id, moving);
        await repo.removeCaseValues(
          tx,
          id,
          moving.map((v) => v.resourceId),
        );
        await event(tx, actor, id, 'split', { to: created.id, values: moving.length });
        await event(tx, actor, created.id, 'created', { splitFrom: id, values: moving.length });
        return created;
      });
    },

    /** A lead for the police: the case as a dossier; every export is audited (who took what, when). */
    async exportDossier(actor: Actor, id: string): Promise<Dossier> {
      requireMay(actor, 'dossier.export');
      const detail = await service.get(actor, id);
      const gangs = deps.gangsOf ? await deps.gangsOf(actor, detail.values) : [];
      const dossier = buildDossier(detail, clock.now().getTime(), gangs);
      await db.transaction().execute((tx) =>
        audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: 'case.dossier_export',
          entityType: 'case',
          entityId: id,
          data: { values: dossier.values.length, gangs: gangs.map((g) => g.id) },
        }),
      );
      return dossier;
    },

    canRead: (actor: Actor): boolean => may(actor, 'case.read'),
  };
  return service;
};

export type CasesService = ReturnType<typeof createCasesService>;
