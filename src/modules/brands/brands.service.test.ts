import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../../../test/support/databases.ts';
import { ManualClock } from '../../shared/clock.ts';
import { DomainError } from '../../shared/errors.ts';
import type { Actor } from '../../shared/actor.ts';
import { DEFAULT_BRANDS } from './brands.data.ts';
import { brandsRepository } from './brands.repository.ts';
import { createBrandsService, type BrandsService } from './brands.service.ts';
import type { Brand } from './brands.types.ts';

const analyst: Actor = {
  orgId: 'org_regulator',
  orgKind: 'regulator',
  actor: 'user:analyst',
  role: 'analyst',
};

describeEachDatabase('brands service', (dialect) => {
  let t: TestDatabase;
  let service: BrandsService;
  const seen: Array<readonly Brand[]> = [];

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    service = createBrandsService({
      db: t.handle.db,
      repository: brandsRepository,
      clock: new ManualClock('2026-11-25T00:00:00Z'),
      onChange: (b) => seen.push(b),
    });
  });
  afterAll(async () => {
    await t.drop();
  });

  it('seeds the built-in brands once into an empty table', async () => {
    expect(await service.seedDefaults()).toBe(DEFAULT_BRANDS.length);
    expect(await service.seedDefaults()).toBe(0);
    const icbc = await service.get(analyst, 'icbc');
    expect(icbc.officialDomains).toContain('icbc.com.cn');
    expect(icbc.pinyinTokens).toContain('gongshang');
    expect(seen).toHaveLength(1);
  });

  it('lets an analyst add a brand and refuses a second one with the same id', async () => {
    const body = {
      nameZh: '示例银行',
      nameEn: 'Example Bank',
      sector: 'bank' as const,
      officialDomains: ['examplebank.cn'],
      domainTokens: ['examplebank'],
      pinyinTokens: ['shiliyinhang'],
      names: ['示例银行'],
      packages: ['cn.examplebank.mobile'],
      certSha256: ['AB'.repeat(32).toLowerCase()],
      fraudType: 'fake_customer_service',
    };
    const created = await service.create(analyst, 'examplebank', body);
    expect(created.id).toBe('examplebank');
    expect((await service.list(analyst)).map((b) => b.id)).toContain('examplebank');
    await expect(service.create(analyst, 'examplebank', body)).rejects.toMatchObject({
      code: 'conflict',
      field: 'id',
    });
    expect(seen.at(-1)?.some((b) => b.id === 'examplebank')).toBe(true);
  });

  it('updates a brand in place and reports unknown ids as not found', async () => {
    const icbc = await service.get(analyst, 'icbc');
    const { id: _id, ...body } = icbc;
    const updated = await service.update(analyst, 'icbc', {
      ...body,
      certSha256: ['c'.repeat(64)],
      officialDomains: [...body.officialDomains],
      domainTokens: [...body.domainTokens],
      pinyinTokens: [...body.pinyinTokens],
      names: [...body.names],
      packages: [...body.packages],
    });
    expect(updated.certSha256).toEqual(['c'.repeat(64)]);
    expect((await service.get(analyst, 'icbc')).certSha256).toEqual(['c'.repeat(64)]);
    await expect(service.get(analyst, 'nope')).rejects.toBeInstanceOf(DomainError);
    await expect(
      service.update(analyst, 'nope', {
        ...body,
        officialDomains: [],
        domainTokens: [],
        pinyinTokens: [],
        names: ['x'],
        packages: [],
        certSha256: [],
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
