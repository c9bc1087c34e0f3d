/**
 * Authority over verdicts that others act on. The regulator's analysts hold the national scope; the
 * regulator may delegate part of it to another organisation (an operator's own number blocks, a brand
 * owner's domains and brand record). Grants are data, created and revoked by the regulator with a reason,
 * and audited. Services turn a value into a policy target here (`targetFor`) and ask `policy.may`.
 */
import type { Db, Executor } from '../../adapters/db/database.ts';
import type { Actor } from '../../shared/actor.ts';
import type { Clock } from '../../shared/clock.ts';
import { invalidInput, notFound } from '../../shared/errors.ts';
import { NATIONAL, recordsOf, requireMay, type Action, type Target } from '../../shared/policy.ts';
import type { AuditService } from '../audit/audit.service.ts';

/** What a grant covers: phone numbers by E.164 prefix, a domain and its subdomains, one brand record. */
export const GRANT_KINDS = ['phone_prefix', 'domain', 'brand'] as const;
export type GrantKind = (typeof GRANT_KINDS)[number];

export interface AuthorityGrant {
  readonly id: number;
  readonly orgId: string;
  readonly kind: GrantKind;
  readonly pattern: string;
  readonly reason: string;
  readonly grantedBy: string;
  readonly grantedAt: number;
  readonly revokedAt: number | null;
}

/** The value an action touches, as far as grants care: its type, canonical form and host. */
export interface ScopedValue {
  readonly type: string;
  readonly normalized: string;
  readonly host?: string | undefined;
}

const isGrantKind = (k: string): k is GrantKind => (GRANT_KINDS as readonly string[]).includes(k);

/** Does a grant cover this value (or brand id)? */
export const grantCovers = (g: AuthorityGrant, v: ScopedValue | { brand: string }): boolean => {
  if ('brand' in v) return g.kind === 'brand' && g.pattern === v.brand;
  if (g.kind === 'phone_prefix') return v.type === 'phone' && v.normalized.startsWith(g.pattern);
  if (g.kind !== 'domain') return false;
  const host = v.type === 'domain' ? v.normalized : v.type === 'url' ? v.host : undefined;
  return host !== undefined && (host === g.pattern || host.endsWith(`.${g.pattern}`));
};

const checkPattern = (kind: GrantKind, pattern: string): string => {
  const p = pattern.trim().toLowerCase();
  if (kind === 'phone_prefix' && !/^\+\d{3,15}$/.test(p))
    throw invalidInput('pattern', 'a phone prefix is + and 3 to 15 digits (E.164)');
  if (kind === 'domain' && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(p))
    throw invalidInput('pattern', 'a domain grant names a registrable domain such as alipay.com');
  if (kind === 'brand' && !/^[a-z0-9_-]{1,64}$/.test(p))
    throw invalidInput('pattern', 'a brand grant names a brand id');
  return p;
};

export interface AuthorityDeps {
  readonly db: Db;
  readonly audit: AuditService;
  readonly clock: Clock;
  /** Organisations that exist (a grant to an unknown organisation is refused). */
  readonly organisationExists: (tx: Executor, orgId: string) => Promise<boolean>;
}

export const createAuthorityService = (deps: AuthorityDeps) => {
  const { db, audit, clock } = deps;

  const activeGrants = async (tx: Executor, orgId: string): Promise<AuthorityGrant[]> =>
    (
      await tx
        .selectFrom('authority_grants')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('revoked_at', 'is', null)
        .execute()
    ).flatMap((r) =>
      isGrantKind(r.kind)
        ? [
            {
              id: Number(r.id),
              orgId: r.org_id,
              kind: r.kind,
              pattern: r.pattern,
              reason: r.reason,
              grantedBy: r.granted_by,
              grantedAt: Number(r.granted_at),
              revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
            },
          ]
        : [],
    );

  /** The policy target for acting on a value (or a brand) in a scope: delegated when a grant covers it. */
  const targetFor = async (
    tx: Executor,
    actor: Actor,
    scope: string,
    what: ScopedValue | { brand: string },
  ): Promise<Target> => {
    if (scope !== NATIONAL) return { scope, ownerOrgId: actor.orgId };
    const grants = await activeGrants(tx, actor.orgId);
    return { scope, delegated: grants.some((g) => grantCovers(g, what)) };
  };

  return {
    targetFor,

    /** Throws 403 unless the actor may take the action on this value in this scope. */
    async require(
      tx: Executor,
      actor: Actor,
      action: Action,
      scope: string,
      what: ScopedValue | { brand: string },
    ): Promise<void> {
      requireMay(actor, action, await targetFor(tx, actor, scope, what));
    },

    async grant(
      actor: Actor,
      input: { orgId: string; kind: GrantKind; pattern: string; reason: string },
    ): Promise<AuthorityGrant> {
      requireMay(actor, 'grants.write');
      if (input.reason.trim() === '') throw invalidInput('reason', 'a grant needs a reason');
      const pattern = checkPattern(input.kind, input.pattern);
      return db.transaction().execute(async (tx) => {
        if (!(await deps.organisationExists(tx, input.orgId))) throw notFound('organisation', 'orgId');
        const at = clock.now().getTime();
        const row = await tx
          .insertInto('authority_grants')
          .values({
            org_id: input.orgId,
            kind: input.kind,
            pattern,
            reason: input.reason,
            granted_by: actor.actor,
            granted_at: at,
            revoked_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const id = Number(row.id);
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: 'authority.grant',
          entityType: 'authority_grant',
          entityId: String(id),
          reason: input.reason,
          data: { to: input.orgId, kind: input.kind, pattern, scope: NATIONAL },
        });
        return {
          id,
          orgId: input.orgId,
          kind: input.kind,
          pattern,
          reason: input.reason,
          grantedBy: actor.actor,
          grantedAt: at,
          revokedAt: null,
        };
      });
    },

    async revoke(actor: Actor, id: number, reason: string): Promise<void> {
      requireMay(actor, 'grants.write');
      if (reason.trim() === '') throw invalidInput('reason', 'a revocation needs a reason');
      await db.transaction().execute(async (tx) => {
        const r = await tx
          .updateTable('authority_grants')
          .set({ revoked_at: clock.now().getTime() })
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) throw notFound('grant', 'id');
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: 'authority.revoke',
          entityType: 'authority_grant',
          entityId: String(id),
          reason,
          data: { scope: NATIONAL },
        });
      });
    },

    /** The regulator sees every grant; another organisation the grants it holds. */
    async list(actor: Actor): Promise<AuthorityGrant[]> {
      requireMay(actor, 'grants.read');
      const own = recordsOf(actor, 'grants.read');
      if (own === undefined) {
        const rows = await db.selectFrom('authority_grants').select('org_id').distinct().execute();
        return (await Promise.all(rows.map((r) => activeGrants(db, r.org_id)))).flat();
      }
      return activeGrants(db, own);
    },
  };
};

export type AuthorityService = ReturnType<typeof createAuthorityService>;
