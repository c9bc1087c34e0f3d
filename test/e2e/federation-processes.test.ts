/**
 * Federation with real processes: a national instance on PostgreSQL and two provinces on SQLite, each its
 * own `fanzha serve` with the workers role and a short poll interval. Provinces have the national
 * instance as their upstream peer (pull its members-level verdicts and national decisions, push their
 * findings to its inbox); the national instance has no peers of its own. Everything is checked through
 * each instance's own API, and province B is killed with SIGKILL in the middle of a sync and restarted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { loadConfig } from '../../src/config.ts';
import { buildContainer } from '../../src/container.ts';
import { SYSTEM_ACTOR } from '../../src/shared/actor.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { BIN } from '../support/server-process.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const POLL_MS = 500;
const env = (instance: string) => ({
  ...process.env,
  FANZHA_PSEUDONYM_KEY: 'test-pseudonym-key-0123456789',
  FANZHA_ANON_RATE_LIMIT: '1000000',
  FANZHA_INSTANCE: instance,
  FANZHA_FEDERATION_POLL_MS: String(POLL_MS),
  LOG_LEVEL: 'warn',
});

interface Instance {
  readonly name: string;
  readonly db: TestDatabase;
  child?: ChildProcess;
  url?: string;
  /** Keys by what they are for. */
  readonly keys: Map<string, string>;
}

const start = (i: Instance): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [BIN, 'serve', '--db', i.db.url, '--port', '0', '--host', '127.0.0.1'],
      {
        env: env(i.name),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/[^\s]+)/.exec(out);
      if (m?.[1]) {
        i.url = m[1].replace(/\/$/, '');
        i.child = child;
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code, signal) => {
      if (!i.url || i.child !== child) reject(new Error(`${i.name} exited (${code ?? signal}): ${out}`));
    });
  });

const stop = async (i: Instance, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
  const child = i.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
};

type Built = Awaited<ReturnType<typeof buildContainer>>;
/** A new API key of an organisation, as the platform issues it. */
const keyOf = async (c: Built, orgId: string, name: string, role: 'analyst' | 'reporter') =>
  (await c.access.createApiKey(SYSTEM_ACTOR, { orgId, name, role })).key;

/** Prepares an instance's database before its process starts: organisations, keys, peers. */
const prepare = async (
  i: Instance,
  fn: (c: Awaited<ReturnType<typeof buildContainer>>) => Promise<void>,
): Promise<void> => {
  const c = await buildContainer(
    loadConfig(
      { FANZHA_PSEUDONYM_KEY: 'test-pseudonym-key-0123456789', FANZHA_INSTANCE: i.name },
      { databaseUrl: i.db.url },
    ),
    { logger: silentLogger, withoutIndex: true },
  );
  try {
    await fn(c);
  } finally {
    await c.close();
  }
};

const api = async (i: Instance, key: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${i.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
};

const lookup = async (i: Instance, value: string): Promise<string> => {
  const r = await api(
    i,
    i.keys.get('analyst') ?? '',
    'GET',
    `/api/v1/lookup?type=phone&value=${encodeURIComponent(value)}`,
  );
  return String(r.body?.verdict);
};
const details = (i: Instance, value: string) =>
  api(i, i.keys.get('analyst') ?? '', 'GET', `/api/v1/values?type=phone&value=${encodeURIComponent(value)}`);

/** Polls until `check` holds; resolves with the milliseconds it took. */
const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<number> => {
  const t0 = Date.now();
  for (;;) {
    if (await check()) return Date.now() - t0;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const claim = (value: string, sharing: 'members' | 'private' = 'members', source = 'feed') => ({
  type: 'phone',
  value,
  verdict: 'fraud',
  confidence: 0.9,
  source,
  sharing,
});

describe('federation of three processes: national (PostgreSQL) and two provinces (SQLite)', () => {
  const national: Instance = { name: 'national', db: undefined as never, keys: new Map() };
  const provA: Instance = { name: 'prov-a', db: undefined as never, keys: new Map() };
  const provB: Instance = { name: 'prov-b', db: undefined as never, keys: new Map() };

  beforeAll(async () => {
    Object.assign(national, { db: await createTestDatabase('postgres') });
    Object.assign(provA, { db: await createTestDatabase('sqlite') });
    Object.assign(provB, { db: await createTestDatabase('sqlite') });
    for (const i of [national, provA, provB]) await i.db.handle.close();
    const peerKeys = new Map<string, string>();
    await prepare(national, async (c) => {
      national.keys.set('analyst', await keyOf(c, 'org_platform', 'analyst', 'analyst'));
      for (const p of [provA, provB]) peerKeys.set(p.name, await keyOf(c, 'org_platform', p.name, 'analyst'));
    });
    await start(national);
    for (const p of [provA, provB])
      await prepare(p, async (c) => {
        p.keys.set('analyst', await keyOf(c, 'org_platform', 'analyst', 'analyst'));
        await c.access.createOrganisation(SYSTEM_ACTOR, {
          id: 'org_bank',
          name: `Bank of ${p.name}`,
          kind: 'bank',
          reliability: 0.8,
        });
        p.keys.set('bank', await keyOf(c, 'org_bank', 'bank', 'reporter'));
        await c.peers.add(SYSTEM_ACTOR, {
          name: 'national',
          url: national.url ?? '',
          key: peerKeys.get(p.name) ?? '',
          role: 'upstream',
          pushCollection: 'inbox',
        });
      });
    await Promise.all([start(provA), start(provB)]);
  }, 180_000);

  afterAll(async () => {
    for (const i of [provA, provB, national]) await stop(i);
    for (const i of [provA, provB, national]) await i.db?.drop().catch(() => {});
  });

  it('blocks in province B a number confirmed in province A, through the national instance, within 3 s at a 0.5 s poll interval', async () => {
    const x = '+8613700000001';
    expect(
      (await api(provA, provA.keys.get('bank') ?? '', 'POST', '/api/v1/claims', { claims: [claim(x)] }))
        .status,
    ).toBe(200);
    expect(await lookup(provB, x)).not.toBe('fraud');
    const confirmed = await api(provA, provA.keys.get('analyst') ?? '', 'POST', '/api/v1/values/transition', {
      type: 'phone',
      value: x,
      to: 'confirmed',
      reason: 'police case 2026-001',
    });
    expect(confirmed.status).toBe(200);
    const took = await until('B to block the number', async () => (await lookup(provB, x)) === 'fraud');
    expect(await lookup(national, x)).toBe('fraud');
    expect((await details(provB, x)).body.resource.status).toBe('confirmed');
    expect(took).toBeLessThan(POLL_MS + 1000 + 1500);
  }, 60_000);

  it('carries a national pin and a national allow-list entry to both provinces', async () => {
    const key = national.keys.get('analyst') ?? '';
    const pinned = await api(national, key, 'POST', '/api/v1/values/pin', {
      type: 'phone',
      value: '+8613700000002',
      verdict: 'fraud',
      reason: 'national block',
    });
    expect(pinned.status).toBe(200);
    const allowed = await api(national, key, 'POST', '/api/v1/allow', {
      type: 'phone',
      value: '+8613700000003',
      label: 'a bank hotline',
      reason: 'verified',
    });
    expect(allowed.status).toBeLessThan(300);
    for (const p of [provA, provB]) {
      await until(`${p.name} to honour the pin`, async () => (await lookup(p, '+8613700000002')) === 'fraud');
      await until(
        `${p.name} to honour the allow entry`,
        async () => (await lookup(p, '+8613700000003')) === 'allowed',
      );
    }
    // A province's own claim cannot override the national allow entry.
    await api(provA, provA.keys.get('bank') ?? '', 'POST', '/api/v1/claims', {
      claims: [claim('+8613700000003')],
    });
    expect(await lookup(provA, '+8613700000003')).toBe('allowed');
  }, 60_000);

  it('keeps a private claim at home: it reaches neither the national instance nor the other province', async () => {
    const bank = provA.keys.get('bank') ?? '';
    await api(provA, bank, 'POST', '/api/v1/claims', {
      claims: [claim('+8613700000004', 'private'), claim('+8613700000005')],
    });
    // The shared claim written with it arriving is the sign that the private one had its chance to travel.
    for (const p of [national, provB])
      await until(
        `${p.name} to receive the shared claim`,
        async () => (await details(p, '+8613700000005')).status === 200,
      );
    await new Promise((r) => setTimeout(r, POLL_MS * 2));
    expect((await details(national, '+8613700000004')).status).toBe(404);
    expect((await details(provB, '+8613700000004')).status).toBe(404);
  }, 60_000);

  it('counts a value confirmed by A and by B as two independent sources, once each, everywhere', async () => {
    const w = '+8613700000006';
    await api(provA, provA.keys.get('bank') ?? '', 'POST', '/api/v1/claims', { claims: [claim(w)] });
    await api(provB, provB.keys.get('bank') ?? '', 'POST', '/api/v1/claims', { claims: [claim(w)] });
    const scores: number[] = [];
    for (const p of [national, provA, provB]) {
      await until(`${p.name} to hold both claims`, async () => {
        const d = await details(p, w);
        return d.status === 200 && d.body.claims.length === 2;
      });
      // A few more rounds of sync in every direction change nothing.
      await new Promise((r) => setTimeout(r, POLL_MS * 3));
      const d = (await details(p, w)).body;
      expect(d.claims).toHaveLength(2);
      expect(d.explanation.sources).toBe(2);
      expect(d.explanation.contributions.filter((c: { counted: boolean }) => c.counted)).toHaveLength(2);
      scores.push(d.explanation.score);
    }
    // Two sources at 0.9 × 0.8 = 0.72 each: 1 − 0.28² on every instance.
    for (const s of scores) expect(s).toBeCloseTo(1 - 0.28 * 0.28, 2);
  }, 90_000);

  it('loses and duplicates nothing when province B is killed with SIGKILL mid-sync, and resumes from its checkpoint', async () => {
    await stop(provB);
    const n = 4000;
    const values = Array.from({ length: n }, (_, k) => `+86137100${String(k).padStart(5, '0')}`);
    for (let k = 0; k < n; k += 1000)
      expect(
        (
          await api(provA, provA.keys.get('bank') ?? '', 'POST', '/api/v1/claims', {
            claims: values.slice(k, k + 1000).map((v) => claim(v, 'members', 'bulk')),
          })
        ).status,
      ).toBe(200);
    await until(
      'the national instance to hold A’s claims',
      async () => (await details(national, values.at(-1) ?? '')).status === 200,
      60_000,
    );
    // B starts, and is killed as soon as it has written a page and holds a `next` to resume from.
    await start(provB);
    const file = new Database(provB.db.url, { readonly: true, fileMustExist: true });
    const mid = () =>
      file.prepare('select count(*) as n from federation_checkpoints where next is not null').get() as {
        n: number;
      };
    let caught = false;
    try {
      await until('B to be mid-sync', async () => mid().n > 0, 60_000);
      caught = true;
    } catch {
      // B finished before it was seen mid-sync; the kill below still tests a restart.
    }
    await stop(provB, 'SIGKILL');
    const count = () =>
      (
        file
          .prepare(
            "select count(*) as n from claims c join resources r on r.id = c.resource_id where c.org_id = 'peer:prov-a:org_bank' and c.source = 'bulk'",
          )
          .get() as { n: number }
      ).n;
    const before = count();
    const killedAt = Date.now();
    expect(caught).toBe(true);
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(n);
    await start(provB);
    await until('B to hold every claim', async () => count() === n, 60_000);
    // The claims written before the kill were not written again: the pull resumed where it stopped.
    const rewritten = (
      file
        .prepare(
          "select count(*) as n from claims where org_id = 'peer:prov-a:org_bank' and source = 'bulk' and updated_at < ?",
        )
        .get(killedAt) as { n: number }
    ).n;
    expect(rewritten).toBe(before);
    const dup = file
      .prepare(
        'select count(*) as n from (select resource_id, org_id, source from claims group by 1, 2, 3 having count(*) > 1)',
      )
      .get() as { n: number };
    expect(dup.n).toBe(0);
    file.close();
    expect(await lookup(provB, values[0] ?? '')).not.toBe('unknown');
  }, 180_000);
});
