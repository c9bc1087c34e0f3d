/**
 * Organisations, users, API keys and sessions. Who may manage what: the platform's (regulator) admins
 * manage every organisation; an organisation's admin manages its own users and keys.
 */
import type { Db, Executor } from '../../adapters/db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { loginFailures } from './login-failures.ts';
import { DomainError, forbidden, invalidInput, notFound } from '../../shared/errors.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor, OrgKind, Role } from '../../shared/actor.ts';
import { may, recordsOf, requireMay } from '../../shared/policy.ts';
import { DEFAULT_RELIABILITY, type ApiKey, type Organisation, type User } from './access.types.ts';
import type { AccessRepository } from './access.repository.ts';
import { hashPassword, newToken, tokenHash, verifyPassword } from './secrets.ts';

export interface AccessDeps {
  readonly db: Db;
  readonly repo: AccessRepository;
  readonly audit: AuditService;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly sessionHours: number;
}

/** The identity a request or command acts as once authenticated. */
export interface Authenticated extends Actor {
  readonly username?: string;
}

/** A revoked key stops working on every node within this long (each node re-reads keys this often). */
const KEY_CACHE_MS = 1_000;

export const createAccessService = (deps: AccessDeps) => {
  const { db, repo, audit, clock, ids } = deps;
  const keyCache = new Map<string, { principal: Authenticated | null; until: number }>();
  /** Failed logins per account name, shared by every node (login-failures.ts). */
  const failures = loginFailures(db);

  const orgOrThrow = async (tx: Executor, id: string): Promise<Organisation> => {
    const org = await repo.findOrganisation(tx, id);
    if (!org) throw notFound('organisation', 'orgId');
    return org;
  };

  return {
    /** Creates an organisation the platform needs (seeding, the public report desk) unless it exists. */
    ensureOrganisationIn: (tx: Executor, org: Organisation): Promise<boolean> =>
      repo.insertOrganisationIfAbsent(tx, org),

    async createOrganisation(
      actor: Actor,
      input: {
        id?: string | undefined;
        name: string;
        kind: OrgKind;
        region?: string | null | undefined;
        reliability?: number | undefined;
        parentId?: string | null | undefined;
      },
    ): Promise<Organisation> {
      requireMay(actor, 'organisations.create');
      if (input.name.trim() === '') throw invalidInput('name', 'name must not be empty');
      const org: Organisation = {
        id: input.id ?? ids.next('org'),
        name: input.name.trim(),
        kind: input.kind,
        region: input.region ?? null,
        reliability: input.reliability ?? DEFAULT_RELIABILITY[input.kind],
        parentId: input.parentId ?? null,
        createdAt: clock.now().getTime(),
      };
      await db.transaction().execute(async (tx) => {
        if (await repo.findOrganisation(tx, org.id))
          throw new DomainError('conflict', `organisation ${org.id} exists`, 'id');
        await repo.insertOrganisation(tx, org);
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: 'organisation.create',
          entityType: 'organisation',
          entityId: org.id,
          data: { name: org.name, kind: org.kind },
        });
      });
      return org;
    },

    listOrganisations: (): Promise<Organisation[]> => repo.listOrganisations(db),
    getOrganisation: (id: string): Promise<Organisation> => orgOrThrow(db, id),

    async createUser(
      actor: Actor,
      input: {
        orgId: string;
        username: string;
        password: string;
        role: Role;
        displayName?: string | undefined;
      },
    ): Promise<User> {
      requireMay(actor, 'users.create');
      if (!may(actor, 'users.create', { ownerOrgId: input.orgId }))
        throw forbidden('only an administrator of this organisation creates its users');
      if (!/^[A-Za-z0-9_.@-]{3,64}$/.test(input.username))
        throw invalidInput('username', 'username: 3–64 letters, digits, _ . @ -');
      if (input.password.length < 8)
        throw invalidInput('password', 'password must have at least 8 characters');
      const passwordHash = await hashPassword(input.password);
      const user: User = {
        id: ids.next('usr'),
        orgId: input.orgId,
        username: input.username,
        displayName: input.displayName ?? input.username,
        role: input.role,
        disabled: false,
        createdAt: clock.now().getTime(),
      };
      await db.transaction().execute(async (tx) => {
        await orgOrThrow(tx, input.orgId);
        if (await repo.findUserByName(tx, input.username))
          throw new DomainError('conflict', `username ${input.username} is taken`, 'username');
        await repo.insertUser(tx, user, passwordHash);
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: 'user.create',
          entityType: 'user',
          entityId: user.id,
          data: { username: user.username, role: user.role, orgId: user.orgId },
        });
      });
      return user;
    },

    /**
     * The names behind the actors the caller meets in timelines, decisions and answers: people (and API
     * keys, by their name) of its own organisation and of the regulator, whose analysts decide what every
     * member works on; the regulator sees everyone's. Display names only, no usernames or roles.
     */
    async people(actor: Actor): Promise<Array<{ actor: string; displayName: string; orgId: string }>> {
      requireMay(actor, 'people.read');
      const orgs = await repo.listOrganisations(db);
      const regulators = new Set(orgs.filter((o) => o.kind === 'regulator').map((o) => o.id));
      const seen = (orgId: string) =>
        actor.orgKind === 'regulator' || orgId === actor.orgId || regulators.has(orgId);
      const [users, keys] = await Promise.all([repo.listUsers(db), repo.listApiKeys(db)]);
      return [
        ...users
          .filter((u) => seen(u.orgId))
          .map((u) => ({ actor: `user:${u.id}`, displayName: u.displayName || u.username, orgId: u.orgId })),
        ...keys
          .filter((k) => seen(k.orgId))
          .map((k) => ({ actor: `key:${k.id}`, displayName: k.name, orgId: k.orgId })),
      ];
    },

    async listUsers(actor: Actor): Promise<User[]> {
      requireMay(actor, 'users.read');
      return repo.listUsers(db, recordsOf(actor, 'users.read'));
    },

    async createApiKey(
      actor: Actor,
      input: { orgId: string; name: string; role: Role },
    ): Promise<{ key: string; apiKey: ApiKey }> {
      requireMay(actor, 'apikeys.create');
      if (!may(actor, 'apikeys.create', { ownerOrgId: input.orgId }))
        throw forbidden('only an administrator of this organisation creates its API keys');
      if (input.name.trim() === '') throw invalidInput('name', 'name must not be empty');
      const key = newToken('fzk');
      const apiKey: ApiKey = {
        id: ids.next('key'),
        orgId: input.orgId,
        name: input.name.trim(),
        prefix: key.slice(0, 10),
        role: input.role,
        createdAt: clock.now().getTime(),
        revokedAt: null,
        lastUsedAt: null,
      };
      await db.transaction().execute(async (tx) => {
        await orgOrThrow(tx, input.orgId);
        await repo.insertApiKey(tx, apiKey, tokenHash(key));
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: 'apikey.create',
          entityType: 'api_key',
          entityId: apiKey.id,
          data: { orgId: apiKey.orgId, name: apiKey.name, role: apiKey.role, prefix: apiKey.prefix },
        });
      });
      return { key, apiKey };
    },

    async listApiKeys(actor: Actor): Promise<ApiKey[]> {
      requireMay(actor, 'apikeys.read');
      return repo.listApiKeys(db, recordsOf(actor, 'apikeys.read'));
    },

    async revokeApiKey(actor: Actor, id: string): Promise<void> {
      requireMay(actor, 'apikeys.revoke');
      await db.transaction().execute(async (tx) => {
        const key = (await repo.listApiKeys(tx)).find((k) => k.id === id);
        if (!key) throw notFound('API key', 'id');
        requireMay(actor, 'apikeys.revoke', { ownerOrgId: key.orgId });
        await repo.revokeApiKey(tx, id, clock.now().getTime());
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: 'apikey.revoke',
          entityType: 'api_key',
          entityId: id,
        });
      });
      keyCache.clear();
    },

    async login(
      username: string,
      password: string,
    ): Promise<{ token: string; user: User; org: Organisation; expiresAt: number }> {
      if (await failures.locked(username, clock.now().getTime()))
        throw new DomainError(
          'rate_limited',
          'too many failed logins for this account; try again later',
          'username',
        );
      const found = await repo.findUserByName(db, username);
      // Verify even when the user does not exist so timing does not reveal valid usernames.
      const valid = await verifyPassword(
        password,
        found?.passwordHash ??
          'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      );
      if (!found || !valid || found.user.disabled) {
        await failures.failed(username, clock.now().getTime());
        throw new DomainError('unauthenticated', 'wrong username or password');
      }
      await failures.succeeded(username);
      const token = newToken('fzs');
      const now = clock.now().getTime();
      const expiresAt = now + deps.sessionHours * 3_600_000;
      const org = await orgOrThrow(db, found.user.orgId);
      await db.transaction().execute(async (tx) => {
        await repo.insertSession(tx, {
          id: tokenHash(token),
          userId: found.user.id,
          createdAt: now,
          expiresAt,
        });
        await audit.append(tx, {
          orgId: org.id,
          actor: `user:${found.user.id}`,
          action: 'session.login',
          entityType: 'user',
          entityId: found.user.id,
        });
      });
      return { token, user: found.user, org, expiresAt };
    },

    async logout(token: string): Promise<void> {
      await repo.deleteSession(db, tokenHash(token));
    },

    async authenticateSession(token: string): Promise<Authenticated | null> {
      const s = await repo.findSession(db, tokenHash(token));
      if (!s || s.expiresAt <= clock.now().getTime()) return null;
      const user = await repo.findUser(db, s.userId);
      if (!user || user.disabled) return null;
      const org = await orgOrThrow(db, user.orgId);
      return {
        orgId: org.id,
        orgKind: org.kind,
        role: user.role,
        actor: `user:${user.id}`,
        username: user.username,
      };
    },

    async authenticateApiKey(key: string): Promise<Authenticated | null> {
      const hash = tokenHash(key);
      const now = clock.now().getTime();
      const cached = keyCache.get(hash);
      if (cached && cached.until > now) return cached.principal;
      const k = await repo.findApiKeyByHash(db, hash);
      let principal: Authenticated | null = null;
      if (k && k.revokedAt === null) {
        const org = await orgOrThrow(db, k.orgId);
        principal = { orgId: org.id, orgKind: org.kind, role: k.role, actor: `key:${k.id}` };
        await repo.touchApiKey(db, k.id, now);
      }
      if (keyCache.size > 10_000) keyCache.clear();
      keyCache.set(hash, { principal, until: now + KEY_CACHE_MS });
      return principal;
    },

    async currentUser(actor: Actor): Promise<{ user: User | null; org: Organisation }> {
      const org = await orgOrThrow(db, actor.orgId);
      const user = actor.actor.startsWith('user:')
        ? ((await repo.findUser(db, actor.actor.slice(5))) ?? null)
        : null;
      return { user, org };
    },

    countUsers: (): Promise<number> => repo.countUsers(db),
  };
};

export type AccessService = ReturnType<typeof createAccessService>;
