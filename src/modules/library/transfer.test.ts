import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContainer, type TestContainer } from '../../../test/support/container.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import type { Actor } from '../../shared/actor.ts';

const run = promisify(execFile);
const cli = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ['bin/fanzha.mjs', ...args], {
    env: { ...process.env, FANZHA_PSEUDONYM_KEY: 'test-pseudonym-key-0123456789', ...env },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );

const JSONL = [
  JSON.stringify({
    type: 'phone',
    value: '+86 138 0013 8000',
    verdict: 'fraud',
    fraudType: 'fake_investment',
    confidence: 0.9,
  }),
  JSON.stringify({ value: 'http://icbc-refund.top/login?utm_source=sms', confidence: 0.8 }),
  '{"type": "phone", "value": "not-a-number"}',
  'this is not json',
  JSON.stringify({
    type: 'bank',
    value: '6222021234567890128',
    verdict: 'suspicious',
    confidence: 0.6,
    sharing: 'public',
  }),
].join('\n');

describeEachDatabase('import and export', (dialect) => {
  let t: TestContainer;
  let actor: Actor;
  beforeAll(async () => {
    t = await createTestContainer(dialect);
    actor = await t.org('org_feed', 'operator', 'analyst');
  });
  afterAll(async () => t.close());

  it('imports JSONL with a summary that names each rejected line and field', async () => {
    const s = await t.c.transfer.importStream(actor, 'jsonl', Readable.from([JSONL]));
    expect(s).toMatchObject({ lines: 5, accepted: 3, rejectedCount: 2 });
    expect(s.rejected.map((r) => r.line).sort()).toEqual([3, 4]);
    expect(s.rejected.find((r) => r.line === 3)?.field).toBe('value');
  });

  it('re-imports idempotently', async () => {
    const before = await t.c.library.counts();
    await t.c.transfer.importStream(actor, 'jsonl', Readable.from([JSONL]));
    expect(await t.c.library.counts()).toEqual(before);
  });

  it('exports what the organisation may see and re-imports it exactly', async () => {
    const chunks: string[] = [];
    for await (const c of t.c.transfer.serialize('jsonl', t.c.transfer.exportRecords(actor, {})))
      chunks.push(c);
    const lines = chunks
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.normalized).sort()).toEqual(
      ['+8613800138000', '6222021234567890128', 'http://icbc-refund.top/login'].sort(),
    );
    const other = await createTestContainer(dialect);
    try {
      const a = await other.org('org_feed', 'operator', 'analyst');
      const s = await other.c.transfer.importStream(a, 'jsonl', Readable.from([chunks.join('')]));
      expect(s.accepted).toBe(3);
      for (const l of lines) expect(await other.c.library.findResource(l.type, l.normalized)).toBeDefined();
    } finally {
      await other.close();
    }
  });

  it('exports a STIX 2.1 bundle of indicators with stable ids', async () => {
    const read = async () => {
      const out: string[] = [];
      for await (const c of t.c.transfer.serialize('stix', t.c.transfer.exportRecords(actor, {})))
        out.push(c);
      return JSON.parse(out.join(''));
    };
    const a = await read();
    const b = await read();
    expect(a.type).toBe('bundle');
    const indicators = a.objects.filter((o: any) => o.type === 'indicator');
    expect(indicators).toHaveLength(3);
    for (const i of indicators)
      expect(i).toMatchObject({
        spec_version: '2.1',
        pattern_type: 'stix',
        id: expect.stringMatching(/^indicator--[0-9a-f-]{36}$/),
      });
    expect(indicators.map((i: any) => i.id).sort()).toEqual(
      b.objects
        .filter((o: any) => o.type === 'indicator')
        .map((i: any) => i.id)
        .sort(),
    );
  });
});

describeEachDatabase('import: values new to the library', (dialect) => {
  let t: TestContainer;
  beforeAll(async () => {
    t = await createTestContainer(dialect);
  });
  afterAll(async () => t.close());

  it('scores values new to the library exactly as the general path does', async () => {
    // Some values already held with another organisation's claims (general path), others new (fast path),
    // one new value on the allow-list, lines that repeat a value, and claims of several shapes.
    const importer = await t.org('org_importer', 'operator', 'analyst', 0.9);
    const other = await t.org('org_other_feed', 'bank', 'analyst', 0.8);
    const regulator: Actor = {
      orgId: 'org_platform',
      orgKind: 'regulator',
      actor: 'user:reg',
      role: 'analyst',
    };
    const numbers = Array.from({ length: 120 }, (_, i) => `+86139${String(71000000 + i * 37)}`);
    await t.c.library.submitClaims(
      other,
      numbers.slice(0, 40).map((value, i) => ({
        type: 'phone' as const,
        value,
        verdict: i % 3 === 0 ? ('suspicious' as const) : ('fraud' as const),
        confidence: 0.7,
        source: 'bank-feed',
        fraudType: 'impersonate_police',
      })),
    );
    await t.c.library.allow(regulator, 'phone', numbers[100] ?? '', 'bank hotline', 'official number');
    const lines = numbers.map((value, i) =>
      JSON.stringify({
        type: 'phone',
        value,
        verdict: ['fraud', 'suspicious', 'benign'][i % 3],
        confidence: [0.9, 0.6, 0.35][i % 4] ?? 0.5,
        fraudType: i % 2 === 0 ? 'fake_investment' : undefined,
        sharing: i % 5 === 0 ? 'public' : undefined,
        source: i % 7 === 0 ? 'second-feed' : undefined,
      }),
    );
    lines.push(
      JSON.stringify({ type: 'phone', value: numbers[60], verdict: 'fraud', source: 'second-feed' }),
    );
    const file = lines.join('\n');
    const standing = async () =>
      new Map(
        (await t.c.library.search(importer, { q: '+86139', limit: 1000 }))
          .filter((r) => numbers.includes(r.normalized))
          .map((r) => [
            r.normalized,
            {
              verdictPublic: r.verdictPublic,
              scorePublic: r.scorePublic,
              verdictMembers: r.verdictMembers,
              scoreMembers: r.scoreMembers,
              fraudType: r.fraudType,
              reasons: r.reasons,
            },
          ]),
      );
    const s = await t.c.transfer.importStream(importer, 'jsonl', Readable.from([file]), { batchSize: 50 });
    expect(s).toMatchObject({ accepted: 121, rejectedCount: 0 });
    const imported = await standing();
    expect(imported.size).toBe(120);
    expect(imported.get(numbers[100] ?? '')?.verdictMembers).toBe('allowed');
    expect(new Set([...imported.values()].map((v) => v.verdictMembers))).toEqual(
      new Set(['fraud', 'suspicious', 'unknown', 'allowed']),
    );
    // The general path: every value rescored from its stored claims, sightings and allow-list entry.
    await t.c.library.rescoreAll();
    expect(await standing()).toEqual(imported);
    // Re-importing sends every value through the general path (all are held now): nothing moves.
    const again = await t.c.transfer.importStream(importer, 'jsonl', Readable.from([file]), {
      batchSize: 50,
    });
    expect(again.accepted).toBe(121);
    expect(await standing()).toEqual(imported);
  });

  it('puts every claim on its own value when held values sit inside a multi-row statement', async () => {
    const importer = await t.org('org_mixed', 'operator', 'analyst');
    // 613 distinct values (a 250-row statement twice, 25s, then single rows on SQLite), every seventh held.
    const numbers = Array.from({ length: 613 }, (_, i) => `+86137${String(20000000 + i * 13)}`);
    const heldNumbers = numbers.filter((_, i) => i % 7 === 3);
    const before = await t.c.library.counts();
    const fromEarlier = await t.c.library.submitClaims(
      importer,
      heldNumbers.map((value) => ({
        type: 'phone' as const,
        value,
        verdict: 'suspicious' as const,
        confidence: 0.5,
        source: 'earlier',
      })),
    );
    expect(fromEarlier.accepted).toBe(heldNumbers.length);
    const file = numbers
      .map((value, i) => JSON.stringify({ type: 'phone', value, confidence: 0.5 + (i % 40) / 100 }))
      .join('\n');
    const s = await t.c.transfer.importStream(importer, 'jsonl', Readable.from([file]), { batchSize: 5000 });
    expect(s).toMatchObject({ accepted: 613, rejectedCount: 0 });
    expect(await t.c.library.counts()).toEqual({
      resources: before.resources + 613,
      claims: before.claims + 613 + heldNumbers.length,
    });
    const byValue = new Map(
      (await t.c.library.search(importer, { q: '+86137', limit: 1000 })).map((r) => [r.normalized, r.id]),
    );
    const claims = await t.c.library.visibleClaims(importer, [...byValue.values()]);
    for (const [i, value] of numbers.entries()) {
      const mine = claims.filter((c) => c.resourceId === byValue.get(value));
      // PostgreSQL keeps a confidence as a 4-byte real.
      expect(mine.find((c) => c.source === 'import')?.confidence).toBeCloseTo(0.5 + (i % 40) / 100, 5);
      expect(mine).toHaveLength(i % 7 === 3 ? 2 : 1);
    }
  });
});

describe('fanzha import / export CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fanzha-cli-'));
  const db = join(dir, 'cli.db');
  it('imports a file and prints a one-line summary', async () => {
    writeFileSync(join(dir, 'in.jsonl'), JSONL);
    const r = await cli(['import', '--in', join(dir, 'in.jsonl'), '--org', 'org_platform', '--db', db]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ lines: 5, accepted: 3, rejected: 2 });
  });
  it('exports CSV with a header', async () => {
    const r = await cli(['export', '--out', join(dir, 'out.csv'), '--format', 'csv', '--db', db]);
    expect(r.code).toBe(0);
    const csv = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\r\n');
    expect(csv[0]).toMatch(/^type,value,normalized,verdict/);
    expect(csv).toHaveLength(4);
  });
  it('fails with one clear line on bad input', async () => {
    const missing = await cli([
      'import',
      '--in',
      join(dir, 'nope.jsonl'),
      '--org',
      'org_platform',
      '--db',
      db,
    ]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/nope\.jsonl/);
    const badFormat = await cli(['export', '--out', '-', '--format', 'xml', '--db', db]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr.trim().split('\n')).toHaveLength(1);
    const badOrg = await cli(['import', '--in', join(dir, 'in.jsonl'), '--org', 'org_nobody', '--db', db]);
    expect(badOrg.code).toBe(1);
    expect(badOrg.stderr).toMatch(/organisation not found/);
    const lookup = await cli(['lookup', '138 0013 8000', '--db', db]);
    expect(JSON.parse(lookup.stdout)).toMatchObject({ normalized: '+8613800138000', verdict: 'fraud' });
  });
});
