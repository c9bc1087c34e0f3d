/**
 * The joint-punishment list and the subject check banks and operators run when opening an account
 * (in the spirit of the enterprise-information verification system): the caller sends the clear ID,
 * fanzha pseudonymises it on arrival and answers only whether restrictions are in force, and which.
 */
import type { Db } from '../../adapters/db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { invalidInput, notFound } from '../../shared/errors.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { LibraryService } from '../library/library.service.ts';
import type { Actor } from '../../shared/actor.ts';
import { requireMay } from '../../shared/policy.ts';
import type { CreditRepository } from './credit.repository.ts';
import { CREDIT_MEASURES, addYears, inForce, type CreditEntry, type CreditMeasure } from './credit.types.ts';

export interface CreditDeps {
  readonly db: Db;
  readonly repo: CreditRepository;
  readonly library: Pick<LibraryService, 'normalize'>;
  readonly audit: AuditService;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export const createCreditService = (deps: CreditDeps) => {
  const { db, repo, clock, audit } = deps;
  const pseudonym = (raw: string) => {
    const n = deps.library.normalize('subject', raw, 'subject');
    return {
      subject: n.normalized,
      kind: n.attributes['kind'] === 'company' ? ('company' as const) : ('person' as const),
    };
  };

  return {
    async add(
      actor: Actor,
      input: {
        subject: string;
        measure: CreditMeasure;
        reason: string;
        years?: number | undefined;
        caseId?: string | undefined;
      },
    ): Promise<CreditEntry> {
      requireMay(actor, 'credit.list');
      if (input.reason.trim() === '') throw invalidInput('reason', 'a listing needs a reason');
      const years = input.years ?? CREDIT_MEASURES[input.measure].years;
      if (!Number.isInteger(years) || years < 1 || years > 10)
        throw invalidInput('years', 'from 1 to 10 years');
      const { subject, kind } = pseudonym(input.subject);
      const now = clock.now().getTime();
      const entry: CreditEntry = {
        id: deps.ids.next('crd'),
        subject,
        subjectKind: kind,
        measure: input.measure,
        reason: input.reason,
        caseId: input.caseId ?? null,
        orgId: actor.orgId,
        startsAt: now,
        endsAt: addYears(now, years),
        liftedAt: null,
        createdAt: now,
      };
      await db.transaction().execute(async (tx) => {
        await repo.insert(tx, entry);
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: 'credit.add',
          entityType: 'credit',
          entityId: entry.id,
          reason: input.reason,
          data: { measure: entry.measure, endsAt: entry.endsAt, caseId: entry.caseId },
        });
      });
      return entry;
    },

    async lift(actor: Actor, id: string, reason: string): Promise<void> {
      requireMay(actor, 'credit.list');
      if (reason.trim() === '') throw invalidInput('reason', 'lifting needs a reason');
      await db.transaction().execute(async (tx) => {
        if ((await repo.lift(tx, id, clock.now().getTime())) === 0) throw notFound('listing in force', 'id');
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: 'credit.lift',
          entityType: 'credit',
          entityId: id,
          reason,
        });
      });
    },

    /** The subject check: restrictions in force now, without the reasons or the case (need to know). */
    async check(
      actor: Actor,
      raw: string,
    ): Promise<{
      listed: boolean;
      restrictions: Array<{ measure: CreditMeasure; description: string; until: number }>;
    }> {
      requireMay(actor, 'credit.check');
      const { subject } = pseudonym(raw);
      const now = clock.now().getTime();
      const entries = (await repo.forSubject(db, subject)).filter((e) => inForce(e, now));
      return {
        listed: entries.length > 0,
        restrictions: entries.map((e) => ({
          measure: e.measure,
          description: CREDIT_MEASURES[e.measure].zh,
          until: e.endsAt,
        })),
      };
    },

    async list(actor: Actor, o: { after?: string | undefined; limit?: number | undefined }) {
      requireMay(actor, 'credit.read');
      const limit = Math.min(200, o.limit ?? 50);
      const items = await repo.list(db, { afterId: o.after, limit });
      const now = clock.now().getTime();
      return {
        items: items.map((e) => ({ ...e, inForce: inForce(e, now) })),
        nextCursor: items.length === limit ? items[items.length - 1]?.id : undefined,
      };
    },
  };
};

export type CreditService = ReturnType<typeof createCreditService>;
