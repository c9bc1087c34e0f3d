/** The `fraud_types` table: the taxonomy as data, seeded from `fraud-types.data.ts`. */
import type { Executor } from '../../adapters/db/database.ts';
import type { FraudTypeDefinition } from './fraud-types.data.ts';

export const taxonomyRepository = () => ({
  /** Adds the types not held yet, keeping their order as `sort`; types edited since stay as they are. */
  async insertMissing(tx: Executor, types: readonly FraudTypeDefinition[]): Promise<void> {
    for (const [sort, t] of types.entries())
      await tx
        .insertInto('fraud_types')
        .values({
          code: t.code,
          name_zh: t.nameZh,
          name_en: t.nameEn,
          group_code: t.groupCode,
          group_zh: t.groupZh,
          group_en: t.groupEn,
          sort,
        })
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
  },
});

export type TaxonomyRepository = ReturnType<typeof taxonomyRepository>;
