/** `fanzha import --format stix` on a real process: a valid bundle is written, a bad one refused whole. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  claimObject,
  extensionDefinitions,
  identityObject,
  valueObject,
} from '../../src/modules/federation/federation.stix.ts';
import { uuidV5 } from '../../src/modules/library/io/stix.ts';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/databases.ts';
import { runCli } from '../support/server-process.ts';

const run = (args: string[]) => runCli(args);

const bundleOf = (confidence: number | 'out of range') => {
  const claim = claimObject({
    type: 'phone',
    normalized: '+8613700137000',
    org: 'org_peer',
    verdict: 'fraud',
    fraudType: null,
    confidence: confidence === 'out of range' ? 0.5 : confidence,
    sharing: 'members',
    source: 'feed',
    createdAt: Date.parse('2026-06-01T00:00:00Z'),
    updatedAt: Date.parse('2026-06-01T00:00:00Z'),
    validUntil: null,
    origin: { instance: 'peer', org: 'org_peer' },
    reliability: 0.8,
    confirmed: false,
  });
  // The schema allows 0..100; the mapping clamps, so a bad confidence is written in by hand.
  if (confidence === 'out of range') claim.confidence = 140;
  return {
    type: 'bundle',
    id: `bundle--${uuidV5(`cli-${confidence}`)}`,
    objects: [
      ...extensionDefinitions(),
      identityObject({ instance: 'peer', org: 'org_peer' }, 'peer'),
      valueObject('phone', '+8613700137000'),
      claim,
    ],
  };
};

describeEachDatabase('fanzha import --format stix', (dialect) => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    await db.handle.close();
    dir = mkdtempSync(join(tmpdir(), 'fanzha-stix-cli-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.drop().catch(() => {});
  });
  const importing = (name: string, bundle: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(bundle));
    return run(['import', '--format', 'stix', '--in', path, '--org', 'org_platform', '--db', db.url]);
  };

  it('refuses a bundle that fails the schemas with one line naming the object and field', async () => {
    const bad = bundleOf('out of range');
    const r = await importing('bad.json', bad);
    expect(r.code).not.toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${String(bad.objects.at(-1)?.id)}: confidence`);
  }, 60_000);

  it('imports a valid bundle as the organisation’s claims', async () => {
    const r = await importing('good.json', bundleOf(0.9));
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ claims: 1, links: 0, sightings: 0 });
  }, 60_000);
});
