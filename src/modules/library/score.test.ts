import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORING, scoreResource, type ScoringClaim, type ScoringInput } from './score.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T00:00:00Z');
const claim = (over: Partial<ScoringClaim>): ScoringClaim => ({
  id: 1,
  orgId: 'a',
  reliability: 0.8,
  verdict: 'fraud',
  fraudType: 'fake_investment',
  confidence: 0.75,
  sharing: 'members',
  updatedAt: NOW,
  validUntil: null,
  withdrawnAt: null,
  ...over,
});
const input = (claims: ScoringClaim[], over: Partial<ScoringInput> = {}): ScoringInput => ({
  type: 'phone',
  status: 'reported',
  claims,
  lastSeenAt: null,
  falsePositives: 0,
  pin: null,
  allowListed: null,
  ...over,
});

describe('scoreResource', () => {
  it('counts two independent sources above one source saying the same twice (交叉核验)', () => {
    const sameTwice = scoreResource(input([claim({ id: 1 }), claim({ id: 2 })]), 'members', NOW);
    const twoOrgs = scoreResource(input([claim({ id: 1 }), claim({ id: 2, orgId: 'b' })]), 'members', NOW);
    expect(sameTwice.score).toBeCloseTo(0.6, 3);
    expect(twoOrgs.score).toBeCloseTo(1 - 0.4 * 0.4, 3);
    expect(twoOrgs.sources).toBe(2);
    expect(twoOrgs.verdict).toBe('fraud');
    expect(sameTwice.verdict).toBe('suspicious');
    expect(twoOrgs.reasons.join(' ')).toMatch(/cross-verified by 2/);
    expect(sameTwice.contributions.filter((c) => c.counted)).toHaveLength(1);
  });

  it('halves a claim every half-life unless the value is sighted again', () => {
    const half = DEFAULT_SCORING.halfLifeDays.phone * DAY;
    const old = scoreResource(input([claim({ updatedAt: NOW - half })]), 'members', NOW);
    expect(old.score).toBeCloseTo(0.3, 3);
    const resighted = scoreResource(
      input([claim({ updatedAt: NOW - half })], { lastSeenAt: NOW }),
      'members',
      NOW,
    );
    expect(resighted.score).toBeCloseTo(0.6, 3);
  });

  it('ignores expired and withdrawn claims and claims the audience may not see', () => {
    expect(scoreResource(input([claim({ validUntil: NOW - 1 })]), 'members', NOW).score).toBe(0);
    expect(scoreResource(input([claim({ withdrawnAt: NOW - 1 })]), 'members', NOW).score).toBe(0);
    expect(scoreResource(input([claim({ sharing: 'members' })]), 'public', NOW).score).toBe(0);
    expect(scoreResource(input([claim({ sharing: 'private', orgId: 'a' })]), { orgId: 'b' }, NOW).score).toBe(
      0,
    );
    expect(
      scoreResource(input([claim({ sharing: 'private', orgId: 'a' })]), { orgId: 'a' }, NOW).score,
    ).toBeGreaterThan(0);
  });

  it('lets the allow-list win over a block unless a pin overrides it', () => {
    const strong = [
      claim({ id: 1, confidence: 1, reliability: 1 }),
      claim({ id: 2, orgId: 'b', confidence: 1, reliability: 1 }),
    ];
    expect(scoreResource(input(strong, { allowListed: { label: '10086' } }), 'members', NOW).verdict).toBe(
      'allowed',
    );
    const pinned = scoreResource(
      input(strong, {
        allowListed: { label: '10086' },
        pin: { verdict: 'fraud', reason: 'spoofed', overridesAllow: true },
      }),
      'members',
      NOW,
    );
    expect(pinned.verdict).toBe('fraud');
    expect(pinned.reasons[0]).toMatch(/pinned/);
  });

  it('follows the lifecycle: confirmed is at least fraud, released is allowed', () => {
    expect(scoreResource(input([], { status: 'confirmed' }), 'public', NOW)).toMatchObject({
      verdict: 'fraud',
      score: DEFAULT_SCORING.confirmedFloor,
    });
    expect(
      scoreResource(input([claim({ confidence: 1, reliability: 1 })], { status: 'released' }), 'members', NOW)
        .verdict,
    ).toBe('allowed');
  });

  it('lets benign claims and false-positive sightings pull the score down', () => {
    const base = scoreResource(input([claim({})]), 'members', NOW).score;
    const vouched = scoreResource(
      input([claim({}), claim({ id: 2, orgId: 'b', verdict: 'benign' })]),
      'members',
      NOW,
    ).score;
    const fp = scoreResource(input([claim({})], { falsePositives: 1 }), 'members', NOW).score;
    expect(vouched).toBeLessThan(base);
    expect(fp).toBeCloseTo(base / 2, 2);
  });

  it('takes the fraud type with the most weight', () => {
    const r = scoreResource(
      input([
        claim({ fraudType: 'task_rebate', confidence: 0.3 }),
        claim({ id: 2, orgId: 'b', fraudType: 'fake_investment' }),
      ]),
      'members',
      NOW,
    );
    expect(r.fraudType).toBe('fake_investment');
  });
});
