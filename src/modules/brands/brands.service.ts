/**
 * Protected brands: analysts list, add and edit them; the web detectors read the current list. The
 * defaults are seeded once into an empty table (`seedDefaults`), after which the table is the truth.
 */
import type { Db, Executor } from '../../adapters/db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { DomainError } from '../../shared/errors.ts';
import type { Actor } from '../../shared/actor.ts';
import { NATIONAL, requireMay } from '../../shared/policy.ts';
import { DEFAULT_BRANDS } from './brands.data.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { AuthorityService } from '../access/authority.ts';
import type { BrandsRepository } from './brands.repository.ts';
import type { BrandBody } from './brands.schema.ts';
import type { Brand } from './brands.types.ts';

export interface BrandsDeps {
  readonly db: Db;
  readonly repository: BrandsRepository;
  readonly clock: Clock;
  /** Records every change (created, edited) with actor, scope and reason; absent in unit tests. */
  readonly audit?: AuditService | undefined;
  /**
   * Delegations: a brand's owner may edit its brand when the regulator granted it. Without it only the
   * regulator's analysts may write.
   */
  readonly authority?: AuthorityService | undefined;
  /** Told after every change so detectors rebuild their index from the new list. */
  readonly onChange?: (brands: readonly Brand[]) => void;
}

export interface BrandsService {
  list(actor: Actor): Promise<Brand[]>;
  get(actor: Actor, id: string): Promise<Brand>;
  create(actor: Actor, id: string, body: BrandBody): Promise<Brand>;
  update(actor: Actor, id: string, body: BrandBody): Promise<Brand>;
  /** Inserts the built-in brands when the table is empty; returns how many were inserted. */
  seedDefaults(): Promise<number>;
}

const normalise = (id: string, body: BrandBody): Brand => ({
  id,
  ...body,
  officialDomains: [...new Set(body.officialDomains.map((d) => d.toLowerCase()))],
  certSha256: [...new Set(body.certSha256.map((c) => c.toLowerCase()))],
});

/** Inserts the built-in brands into an empty table; returns how many were inserted. */
export const seedDefaultBrands = async (
  tx: Executor,
  repository: BrandsRepository,
  at: number,
): Promise<number> => {
  if ((await repository.count(tx)) > 0) return 0;
  for (const b of DEFAULT_BRANDS) await repository.insert(tx, b, 'system', at);
  return DEFAULT_BRANDS.length;
};

export const createBrandsService = (deps: BrandsDeps): BrandsService => {
  const { db, repository, clock } = deps;
  const changed = async (): Promise<void> => {
    if (deps.onChange) deps.onChange(await repository.list(db));
  };
  /** Official domains clear URLs for everyone: the national scope's, or the brand's owner by grant. */
  const mayWrite = async (tx: Executor, actor: Actor, id: string): Promise<void> => {
    if (deps.authority) await deps.authority.require(tx, actor, 'brands.write', NATIONAL, { brand: id });
    else requireMay(actor, 'brands.write', { scope: NATIONAL });
  };
  const record = async (tx: Executor, actor: Actor, action: string, brand: Brand, reason: string) => {
    await deps.audit?.append(tx, {
      orgId: actor.orgId,
      actor: actor.actor,
      action,
      entityType: 'brand',
      entityId: brand.id,
      reason,
      data: { scope: NATIONAL, officialDomains: brand.officialDomains },
    });
  };
  return {
    async list(actor) {
      requireMay(actor, 'brands.read');
      return repository.list(db);
    },
    async get(actor, id) {
      requireMay(actor, 'brands.read');
      const b = await repository.get(db, id);
      if (!b) throw new DomainError('not_found', `brand ${id} not found`, 'id');
      return b;
    },
    async create(actor, id, body) {
      const brand = normalise(id, body);
      await db.transaction().execute(async (tx) => {
        await mayWrite(tx, actor, id);
        if (await repository.get(tx, id))
          throw new DomainError('conflict', `brand ${id} already exists`, 'id');
        await repository.insert(tx, brand, actor.actor, clock.now().getTime());
        await record(tx, actor, 'brand.create', brand, `brand ${id} added`);
      });
      await changed();
      return brand;
    },
    async update(actor, id, body) {
      const brand = normalise(id, body);
      await db.transaction().execute(async (tx) => {
        await mayWrite(tx, actor, id);
        const ok = await repository.update(tx, brand, actor.actor, clock.now().getTime());
        if (!ok) throw new DomainError('not_found', `brand ${id} not found`, 'id');
        await record(tx, actor, 'brand.update', brand, `brand ${id} edited`);
      });
      await changed();
      return brand;
    },
    async seedDefaults() {
      const inserted = await db
        .transaction()
        .execute((tx) => seedDefaultBrands(tx, repository, clock.now().getTime()));
      if (inserted > 0) await changed();
      return inserted;
    },
  };
};
