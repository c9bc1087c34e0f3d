import type { Selectable } from 'kysely';
import type { Executor } from '../../adapters/db/database.ts';
import type { ApiKeysTable, OrganisationsTable, UsersTable } from '../../adapters/db/schema.ts';
import { enumParser } from '../../shared/parse.ts';
import { ORG_KINDS, ROLES } from '../../shared/actor.ts';
import type { ApiKey, Organisation, User } from './access.types.ts';

const parseKind = enumParser(ORG_KINDS, 'organisation kind');
const parseRole = enumParser(ROLES, 'role');

export const orgRowToOrganisation = (r: Selectable<OrganisationsTable>): Organisation => ({
  id: r.id,
  name: r.name,
  kind: parseKind(r.kind),
  region: r.region,
  reliability: r.reliability,
  parentId: r.parent_id,
  createdAt: r.created_at,
});

const userRowToUser = (r: Selectable<UsersTable>): User => ({
  id: r.id,
  orgId: r.org_id,
  username: r.username,
  displayName: r.display_name,
  role: parseRole(r.role),
  disabled: r.disabled === 1,
  createdAt: r.created_at,
});

const keyRowToApiKey = (r: Selectable<ApiKeysTable>): ApiKey => ({
  id: r.id,
  orgId: r.org_id,
  name: r.name,
  prefix: r.prefix,
  role: parseRole(r.role),
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
});

export const accessRepository = () => ({
  async insertOrganisation(tx: Executor, o: Organisation): Promise<void> {
    await tx
      .insertInto('organisations')
      .values({
        id: o.id,
        name: o.name,
        kind: o.kind,
        region: o.region,
        reliability: o.reliability,
        parent_id: o.parentId,
        created_at: o.createdAt,
      })
      .execute();
  },
  /** Inserts the organisation unless one with its id exists; says whether it did. */
  async insertOrganisationIfAbsent(tx: Executor, o: Organisation): Promise<boolean> {
    const found = await tx.selectFrom('organisations').select('id').where('id', '=', o.id).executeTakeFirst();
    if (found) return false;
    await this.insertOrganisation(tx, o);
    return true;
  },
  async listOrganisations(tx: Executor): Promise<Organisation[]> {
    return (await tx.selectFrom('organisations').selectAll().orderBy('created_at').execute()).map(
      orgRowToOrganisation,
    );
  },
  async findOrganisation(tx: Executor, id: string): Promise<Organisation | undefined> {
    const r = await tx.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
    return r && orgRowToOrganisation(r);
  },
  async updateReliability(tx: Executor, id: string, reliability: number): Promise<void> {
    await tx.updateTable('organisations').set({ reliability }).where('id', '=', id).execute();
  },
  async insertUser(tx: Executor, u: User, passwordHash: string): Promise<void> {
    await tx
      .insertInto('users')
      .values({
        id: u.id,
        org_id: u.orgId,
        username: u.username,
        display_name: u.displayName,
        password_hash: passwordHash,
        role: u.role,
        disabled: u.disabled ? 1 : 0,
        created_at: u.createdAt,
      })
      .execute();
  },
  async findUserByName(
    tx: Executor,
    username: string,
  ): Promise<{ user: User; passwordHash: string } | undefined> {
    const r = await tx.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return r && { user: userRowToUser(r), passwordHash: r.password_hash };
  },
  async findUser(tx: Executor, id: string): Promise<User | undefined> {
    const r = await tx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r && userRowToUser(r);
  },
  async listUsers(tx: Executor, orgId?: string): Promise<User[]> {
    let q = tx.selectFrom('users').selectAll();
    if (orgId) q = q.where('org_id', '=', orgId);
    return (await q.orderBy('username').execute()).map(userRowToUser);
  },
  async insertApiKey(tx: Executor, k: ApiKey, keyHash: string): Promise<void> {
    await tx
      .insertInto('api_keys')
      .values({
        id: k.id,
        org_id: k.orgId,
        name: k.name,
        prefix: k.prefix,
        key_hash: keyHash,
        role: k.role,
        created_at: k.createdAt,
        revoked_at: null,
        last_used_at: null,
      })
      .execute();
  },
  async findApiKeyByHash(tx: Executor, keyHash: string): Promise<ApiKey | undefined> {
    const r = await tx.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
    return r && keyRowToApiKey(r);
  },
  async listApiKeys(tx: Executor, orgId?: string): Promise<ApiKey[]> {
    let q = tx.selectFrom('api_keys').selectAll();
    if (orgId) q = q.where('org_id', '=', orgId);
    return (await q.orderBy('created_at').execute()).map(keyRowToApiKey);
  },
  async revokeApiKey(tx: Executor, id: string, at: number): Promise<number> {
    const r = await tx
      .updateTable('api_keys')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
  async touchApiKey(tx: Executor, id: string, at: number): Promise<void> {
    await tx.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
  },
  async insertSession(
    tx: Executor,
    s: { id: string; userId: string; createdAt: number; expiresAt: number },
  ): Promise<void> {
    await tx
      .insertInto('sessions')
      .values({ id: s.id, user_id: s.userId, created_at: s.createdAt, expires_at: s.expiresAt })
      .execute();
  },
  async findSession(tx: Executor, id: string): Promise<{ userId: string; expiresAt: number } | undefined> {
    const r = await tx
      .selectFrom('sessions')
      .select(['user_id', 'expires_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    return r && { userId: r.user_id, expiresAt: r.expires_at };
  },
  async deleteSession(tx: Executor, id: string): Promise<void> {
    await tx.deleteFrom('sessions').where('id', '=', id).execute();
  },
  async countUsers(tx: Executor): Promise<number> {
    const r = await tx
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
});

export type AccessRepository = ReturnType<typeof accessRepository>;
