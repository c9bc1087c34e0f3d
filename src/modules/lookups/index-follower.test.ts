import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { buildContainer, type Container } from '../../container.ts';
import { silentLogger } from '../../shared/logger.ts';
import { SYSTEM_ACTOR, type Actor } from '../../shared/actor.ts';
import { createTestContainer, type TestContainer } from '../../../test/support/container.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { indexFollower } from './index-follower.ts';

/** An analyst of a new operator, made on this node. */
const buildActor = async (c: Container, id: string): Promise<Actor> => {
  await c.access.createOrganisation(SYSTEM_ACTOR, { id, name: id, kind: 'operator', reliability: 1 });
  return { orgId: id, orgKind: 'operator', actor: `user:${id}`, role: 'analyst' };
};

describeEachDatabase('index follower (scale-out)', (dialect) => {
  let writer: TestContainer;
  let reader: Container;
  beforeAll(async () => {
    writer = await createTestContainer(dialect);
    // A second node on the same database, with its own hot index.
    reader = await buildContainer(
      loadConfig({ FANZHA_PSEUDONYM_KEY: 'test-pseudonym-key-0123456789' }, { databaseUrl: writer.db.url }),
      { logger: silentLogger },
    );
  });
  afterAll(async () => {
    await reader.close();
    await writer.close();
  });

  it("brings another node's writes into this node's index, in order, without loss", async () => {
    const follower = await indexFollower({
      library: reader.library,
      lookups: reader.lookups,
      logger: silentLogger,
    });
    const org = await writer.org('org_a', 'operator', 'analyst', 1);
    const org2 = await writer.org('org_b', 'platform', 'analyst', 1);
    const numbers = Array.from({ length: 1200 }, (_, i) => `1390000${String(i).padStart(4, '0')}`);
    const fraudFeed = (values: string[]) =>
      values.map((n) => ({
        type: 'phone' as const,
        value: n,
        verdict: 'fraud' as const,
        confidence: 0.9,
        source: 'feed',
        sharing: 'public' as const,
      }));
    await writer.c.library.submitClaims(org, fraudFeed(numbers));
    await writer.c.library.submitClaims(org2, fraudFeed(numbers.slice(0, 10)));
    expect(reader.lookups.lookupRaw(numbers[0] ?? '', 'phone', 'public')).toMatchObject({
      verdict: 'unknown',
    });
    expect(await follower.poll()).toBe(1210);
    expect(reader.lookups.lookupRaw(numbers[0] ?? '', 'phone', 'public')).toMatchObject({ verdict: 'fraud' });
    expect(reader.lookups.lookupRaw(numbers[1199] ?? '', 'phone', 'public')).toMatchObject({
      verdict: 'fraud',
    });
    await writer.c.library.transition(
      { orgId: 'org_platform', orgKind: 'regulator', actor: 'user:r', role: 'analyst' },
      'phone',
      numbers[0] ?? '',
      'released',
      'appeal upheld',
    );
    expect(await follower.poll()).toBe(1);
    expect(reader.lookups.lookupRaw(numbers[0] ?? '', 'phone', 'public')).toMatchObject({
      verdict: 'allowed',
    });
    expect(await follower.poll()).toBe(0);
  });

  it('reads again only what other nodes changed: its own writes reached its index when they committed', async () => {
    const reads: number[][] = [];
    const counted = Object.create(reader.library) as typeof reader.library;
    counted.resourcesByIds = (ids) => {
      reads.push([...ids]);
      return reader.library.resourcesByIds(ids);
    };
    const follower = await indexFollower({ library: counted, lookups: reader.lookups, logger: silentLogger });
    const mine = await buildActor(reader, 'org_c');
    const feed = (value: string, verdict: 'fraud' | 'benign') => [
      { type: 'phone' as const, value, verdict, confidence: 0.9, source: 'feed', sharing: 'public' as const },
    ];
    await reader.library.submitClaims(mine, feed('13911112222', 'fraud'));
    expect(await follower.poll()).toBe(1);
    expect(reads).toEqual([]);
    // Another node changes the same value after: that change is read, and the value as it stands now.
    const other = await writer.org('org_d', 'platform', 'analyst', 1);
    await writer.c.library.submitClaims(other, feed('13911112222', 'benign'));
    await writer.c.library.submitClaims(other, feed('13933334444', 'fraud'));
    expect(await follower.poll()).toBe(2);
    expect(reads.flat()).toHaveLength(2);
    const held = await reader.library.findResource('phone', '+8613911112222');
    expect(reader.lookups.lookupRaw('+8613911112222', 'phone', 'public')).toMatchObject({
      verdict: held?.verdictPublic,
    });
    expect(reader.lookups.lookupRaw('+8613933334444', 'phone', 'public')).toMatchObject({ verdict: 'fraud' });
  });

  it("brings another node's local overrides into this node's organisation views, held values or not", async () => {
    const views = reader.orgViewsFollow;
    if (!views) throw new Error('an API node keeps organisation views');
    await views.poll();
    const op = await writer.org('org_e', 'operator', 'analyst', 1);
    const value = writer.c.library.normalize('phone', '13955556666');
    await writer.c.overrides.pin(op, value, 'fraud', 'our customers report it');
    await writer.c.overrides.allow(op, value, 'our own test line', 'kept for tests');
    expect(reader.orgViews.get('org_e', 'phone', value.normalized)).toBeUndefined();
    expect(await views.poll()).toBe(2);
    expect(reader.orgViews.get('org_e', 'phone', value.normalized)).toMatchObject({
      pin: { verdict: 'fraud' },
      allow: { label: 'our own test line' },
    });
    await writer.c.overrides.unpin(op, value, 'reported in error');
    expect(await views.poll()).toBe(1);
    const after = reader.orgViews.get('org_e', 'phone', value.normalized);
    expect(after?.pin).toBeUndefined();
    expect(after?.allow).toMatchObject({ label: 'our own test line' });
    expect(await views.poll()).toBe(0);
  });
});
