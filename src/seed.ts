/**
 * The one seeding step: what every database holds before the first request, written through the owning
 * modules' repositories and idempotent (each part only adds what is missing). The fraud taxonomy, the
 * platform's own organisation, the default routing of work orders, the built-in protected brands and
 * the pseudonym key. Demo data is separate (`--demo`, `modules/demo`).
 */
import { randomBytes } from 'node:crypto';
import type { Db } from './adapters/db/database.ts';
import type { AccessRepository } from './modules/access/access.repository.ts';
import { DEFAULT_RELIABILITY } from './modules/access/access.types.ts';
import type { BrandsRepository } from './modules/brands/brands.repository.ts';
import { seedDefaultBrands } from './modules/brands/brands.service.ts';
import type { CasesRepository } from './modules/cases/cases.repository.ts';
import { DEFAULT_RESPONSIBILITIES } from './modules/cases/routing.ts';
import type { SettingsRepository } from './modules/settings/settings.repository.ts';
import { FRAUD_TYPES } from './modules/taxonomy/fraud-types.data.ts';
import type { TaxonomyRepository } from './modules/taxonomy/taxonomy.repository.ts';
import type { Clock } from './shared/clock.ts';

export const PLATFORM_ORG_ID = 'org_platform';

export interface SeedDeps {
  readonly db: Db;
  /** A key given by the environment wins; otherwise the database keeps one. */
  readonly pseudonymKey?: string | undefined;
  readonly clock: Clock;
  readonly repos: {
    readonly taxonomy: TaxonomyRepository;
    readonly access: AccessRepository;
    readonly cases: CasesRepository;
    readonly brands: BrandsRepository;
    readonly settings: SettingsRepository;
  };
}

/** Seeds what is missing; returns the pseudonym key the database holds (made on first start). */
export const seedDatabase = async ({
  db,
  clock,
  repos,
  pseudonymKey,
}: SeedDeps): Promise<{ pseudonymKey: string }> => {
  const now = clock.now().getTime();
  await db.transaction().execute(async (tx) => {
    await repos.taxonomy.insertMissing(tx, FRAUD_TYPES);
    await repos.access.insertOrganisationIfAbsent(tx, {
      id: PLATFORM_ORG_ID,
      name: '反诈平台 (platform)',
      kind: 'regulator',
      region: null,
      reliability: DEFAULT_RELIABILITY.regulator,
      parentId: null,
      createdAt: now,
    });
    // Routing is seeded once, into an empty table: an administrator's later changes are kept.
    if ((await repos.cases.listResponsibilities(tx)).length === 0)
      for (const [kind, key, orgId] of DEFAULT_RESPONSIBILITIES)
        await repos.cases.setResponsibility(tx, kind, key, orgId);
    await seedDefaultBrands(tx, repos.brands, now);
  });
  return {
    pseudonymKey:
      pseudonymKey ??
      (await repos.settings.getOrCreate(db, 'pseudonym_key', () => randomBytes(32).toString('hex'))),
  };
};
