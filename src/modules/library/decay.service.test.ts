import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContainer, type TestContainer } from '../../../test/support/container.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import type { Actor } from '../../shared/actor.ts';

const DAY = 86_400_000;

describeEachDatabase('decay (the workers role rescores due values)', (dialect) => {
  let t: TestContainer;
  let feed: Actor;
  beforeAll(async () => {
    t = await createTestContainer(dialect);
    feed = await t.org('org_feed', 'operator', 'analyst', 1);
  });
  afterAll(async () => t.close());

  const claim = (value: string, type: 'phone' | 'app' = 'phone', validUntil?: number) =>
    t.c.library.submitClaims(feed, [
      {
        type,
        value,
        verdict: 'fraud',
        confidence: 1,
        source: 'feed',
        sharing: 'public',
        ...(validUntil === undefined ? {} : { validUntil }),
      },
    ]);
  const look = (value: string, type: 'phone' | 'app' = 'phone') => {
    const r = t.c.lookups.lookupRaw(value, type, 'public');
    if ('error' in r) throw new Error(r.error);
    return r;
  };

  it('halves a score every half-life, in the database and in the lookup, and expires what decayed away', async () => {
    await claim('13900001111');
    expect(look('13900001111')).toMatchObject({ verdict: 'fraud', score: 1 });

    // Nothing is due right after the write.
    expect(await t.c.decay.run()).toEqual({ rescored: 0, expired: 0 });

    t.clock.advance(90 * DAY); // a phone number's half-life
    expect((await t.c.decay.run()).rescored).toBeGreaterThanOrEqual(1);
    expect(look('13900001111')).toMatchObject({ verdict: 'suspicious', score: 0.5 });
    const stored = await t.c.library.findResource('phone', '+8613900001111');
    expect(stored).toMatchObject({ scorePublic: 0.5, verdictPublic: 'suspicious', status: 'reported' });

    t.clock.advance(4 * 90 * DAY); // 1/32 of the first score: below the expiry floor, silent for long
    expect(await t.c.decay.run()).toMatchObject({ expired: 1 });
    expect(look('13900001111')).toMatchObject({ verdict: 'unknown' });
    const expired = await t.c.library.findResource('phone', '+8613900001111');
    expect(expired?.status).toBe('expired');
    expect(expired?.reasons).toContain('expired');
    // Expired values are done: no further run touches them.
    t.clock.advance(90 * DAY);
    expect(await t.c.decay.run()).toEqual({ rescored: 0, expired: 0 });
  });

  it('rescores at most the limit per run, most overdue first, until none is due', async () => {
    const numbers = Array.from({ length: 25 }, (_, i) => `1380000${String(i).padStart(4, '0')}`);
    for (const n of numbers) {
      await claim(n);
      t.clock.advance(1000);
    }
    t.clock.advance(10 * DAY);
    expect(await t.c.decay.run(10)).toEqual({ rescored: 10, expired: 0 });
    expect(await t.c.decay.run(10)).toEqual({ rescored: 10, expired: 0 });
    expect(await t.c.decay.run(10)).toEqual({ rescored: 5, expired: 0 });
    expect(await t.c.decay.run(10)).toEqual({ rescored: 0, expired: 0 });
    const decayed = look(numbers[0] ?? '');
    expect(decayed.score).toBeLessThan(1);
    expect(decayed.score).toBeCloseTo(Math.pow(0.5, 10 / 90), 2);
  });

  it('rescores a value at once when one of its claims lapses, long before its type is due', async () => {
    // An app's half-life is a year: by age alone it is due only after about 5.7 days.
    const until = t.clock.now().getTime() + DAY;
    await claim('com.fake.bank', 'app', until);
    expect(look('com.fake.bank', 'app')).toMatchObject({ verdict: 'fraud' });
    t.clock.advance(2 * DAY);
    await t.c.decay.run();
    expect(look('com.fake.bank', 'app')).toMatchObject({ verdict: 'unknown', score: 0 });
  });
});
