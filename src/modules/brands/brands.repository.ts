/** The only file of the brands module that speaks SQL. Rows become `Brand`s in `brandRowToBrand`. */
import { Value } from '@sinclair/typebox/value';
import type { Executor } from '../../adapters/db/database.ts';
import type { BrandsTable } from '../../adapters/db/schema.ts';
import { BrandBody } from './brands.schema.ts';
import type { Brand } from './brands.types.ts';

const brandRowToBrand = (row: Pick<BrandsTable, 'id' | 'data'>): Brand => {
  const data: unknown = JSON.parse(row.data);
  // Rows were validated on the way in; a row that no longer fits the schema is a bug worth stopping on.
  if (!Value.Check(BrandBody, data)) throw new Error(`brands row ${row.id} does not match the brand schema`);
  return { id: row.id, ...data };
};

const bodyOf = (b: Brand): string => {
  const { id: _id, ...body } = b;
  return JSON.stringify(body);
};

export interface BrandsRepository {
  list(db: Executor): Promise<Brand[]>;
  get(db: Executor, id: string): Promise<Brand | undefined>;
  insert(db: Executor, brand: Brand, by: string, at: number): Promise<void>;
  update(db: Executor, brand: Brand, by: string, at: number): Promise<boolean>;
  count(db: Executor): Promise<number>;
}

export const brandsRepository: BrandsRepository = {
  async list(db) {
    const rows = await db.selectFrom('brands').select(['id', 'data']).orderBy('id').execute();
    return rows.map(brandRowToBrand);
  },
  async get(db, id) {
    const row = await db.selectFrom('brands').select(['id', 'data']).where('id', '=', id).executeTakeFirst();
    return row ? brandRowToBrand(row) : undefined;
  },
  async insert(db, brand, by, at) {
    await db
      .insertInto('brands')
      .values({ id: brand.id, data: bodyOf(brand), created_at: at, updated_at: at, updated_by: by })
      .execute();
  },
  async update(db, brand, by, at) {
    const r = await db
      .updateTable('brands')
      .set({ data: bodyOf(brand), updated_at: at, updated_by: by })
      .where('id', '=', brand.id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },
  async count(db) {
    const r = await db
      .selectFrom('brands')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
};
