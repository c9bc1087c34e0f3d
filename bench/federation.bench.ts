/**
 * Federation figures, between real instances on this machine (each its own SQLite database, talking
 * TAXII 2.1 over HTTP on loopback):
 *
 * - sync: a province pulls a national instance's members-level collection from empty, page by page,
 *   each page checked against the STIX schemas and written with its checkpoint — STIX objects per
 *   second, beside the same run's raw export rate (the same pages read over HTTP and discarded). The
 *   national instance is a `fanzha serve` process of its own; the province runs in this one;
 * - latency: a value confirmed in province A, answered as blocked by province B's lookups, through the
 *   national instance (A pushes on change, B pulls every poll interval) — beside the poll interval.
 *
 * Sizes: FANZHA_BENCH_FED_CLAIMS claims on the national instance (default 500,000; each claim travels as
 * its value and its indicator, plus one identity per page: a million objects), FANZHA_BENCH_FED_POLL_MS
 * (default 1000).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { migrateToLatest } from '../src/adapters/db/migrate.ts';
import { openDatabase } from '../src/adapters/db/database.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { SYSTEM_ACTOR, type Actor } from '../src/shared/actor.ts';
import { uuidV5 } from '../src/modules/library/io/stix.ts';
import { TAXII_MEDIA_TYPE } from '../src/modules/federation/taxii.service.ts';
import { percentile, waitReady, type BenchSuite } from './harness.ts';

const CLAIMS = Number(process.env['FANZHA_BENCH_FED_CLAIMS'] ?? 500_000);
const POLL_MS = Number(process.env['FANZHA_BENCH_FED_POLL_MS'] ?? 1000);
const LATENCY_SAMPLES = 10;
const MEMBERS = uuidV5('taxii-collection:members-verdicts');

const PSEUDONYM_KEY = 'bench-pseudonym-key-0123456789';

const ANALYST: Actor = { orgId: 'org_platform', orgKind: 'regulator', actor: 'bench', role: 'analyst' };

const instance = async (dir: string, name: string, workers: boolean): Promise<RunningServer> => {
  const url = join(dir, `${name}.db`);
  const h = openDatabase(url);
  await migrateToLatest(h);
  await h.close();
  return startServer(
    loadConfig(
      {
        FANZHA_PSEUDONYM_KEY: PSEUDONYM_KEY,
        FANZHA_INSTANCE: name,
        FANZHA_FEDERATION_POLL_MS: String(POLL_MS),
        FANZHA_ROLES: workers ? 'api,workers' : 'api',
        LOG_LEVEL: 'error',
      },
      { port: 0, host: '127.0.0.1', databaseUrl: url, demo: false },
    ),
  );
};

const keyAt = async (s: RunningServer, name: string): Promise<string> =>
  (await s.container.access.createApiKey(SYSTEM_ACTOR, { orgId: 'org_platform', name, role: 'analyst' })).key;

const phone = (i: number): string => `+86137${String(i).padStart(8, '0')}`;

export const suite: BenchSuite = {
  name: `federation (${CLAIMS.toLocaleString('en-US')} claims, poll ${POLL_MS} ms)`,
  async run(record) {
    const dir = mkdtempSync(join(tmpdir(), 'fanzha-bench-fed-'));
    const servers: RunningServer[] = [];
    const children: ChildProcess[] = [];
    try {
      // Sync: a national instance holding the claims, in a process of its own (the real `fanzha serve`),
      // and a province in this one pulling them: two instances, two processes, as deployed.
      const nationalDb = join(dir, 'national.db');
      const seeding = await instance(dir, 'national', false);
      const n = seeding.container;
      await n.access.createOrganisation(SYSTEM_ACTOR, { id: 'org_bank', name: 'Bank', kind: 'bank' });
      const bank: Actor = { orgId: 'org_bank', orgKind: 'bank', actor: 'bench', role: 'reporter' };
      for (let i = 0; i < CLAIMS; i += 5000)
        await n.library.submitClaims(
          bank,
          Array.from({ length: Math.min(5000, CLAIMS - i) }, (_, k) => ({
            type: 'phone' as const,
            value: phone(i + k),
            verdict: 'fraud' as const,
            confidence: 0.9,
            source: 'feed',
            sharing: 'members' as const,
          })),
        );
      const key = await keyAt(seeding, 'province');
      await seeding.close();
      const child = spawn(process.execPath, ['bin/fanzha.mjs', 'serve', '--port', '0', '--db', nationalDb], {
        env: {
          ...process.env,
          FANZHA_PSEUDONYM_KEY: PSEUDONYM_KEY,
          FANZHA_INSTANCE: 'national',
          FANZHA_ROLES: 'api',
          LOG_LEVEL: 'error',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.push(child);
      const nationalUrl = await waitReady(child, /running at (http:\/\/127\.0\.0\.1:\d+)/);

      // Raw export: every page of the collection read over HTTP and parsed here, nothing done with it.
      let t0 = performance.now();
      let exported = 0;
      let next: string | undefined;
      do {
        const q = new URLSearchParams({ limit: '1000', ...(next ? { next } : {}) });
        const res = await fetch(`${nationalUrl}/taxii2/api/collections/${MEMBERS}/objects/?${q}`, {
          headers: { accept: TAXII_MEDIA_TYPE, authorization: `Bearer ${key}` },
        });
        const body = (await res.json()) as { objects?: unknown[]; next?: string; more?: boolean };
        exported += body.objects?.length ?? 0;
        next = body.more ? body.next : undefined;
      } while (next);
      const exportRate = (exported * 1000) / (performance.now() - t0);

      const province = await instance(dir, 'province', false);
      servers.push(province);
      await province.container.peers.add(SYSTEM_ACTOR, { name: 'national', url: nationalUrl, key });
      t0 = performance.now();
      const [out] = await province.container.federationSync.run('pull');
      const syncMs = performance.now() - t0;
      if (!out?.ok) throw new Error(`sync failed: ${out?.error}`);
      const held = await province.container.library.counts();
      if (held.claims !== CLAIMS) throw new Error(`the province holds ${held.claims} claims, not ${CLAIMS}`);
      record({
        name: `sync national → province, ${out.pulled.toLocaleString('en-US')} STIX objects, two processes`,
        value: (out.pulled * 1000) / syncMs,
        unit: 'objects/s',
        baseline: { name: 'raw export over TAXII, same pages', value: exportRate },
        goal: '>= 20000',
      });
      await Promise.all(servers.splice(0).map((s) => s.close()));
      child.kill('SIGTERM');

      // Latency: national (no peers), provinces A and B with the national instance as upstream.
      const nat = await instance(dir, 'nat', true);
      servers.push(nat);
      const provinces: RunningServer[] = [];
      for (const name of ['prov-a', 'prov-b']) {
        const p = await instance(dir, name, true);
        servers.push(p);
        provinces.push(p);
        await p.container.peers.add(SYSTEM_ACTOR, {
          name: 'national',
          url: nat.url,
          key: await keyAt(nat, name),
          role: 'upstream',
          pushCollection: 'inbox',
        });
      }
      const [a, b] = provinces as [RunningServer, RunningServer];
      await a.container.access.createOrganisation(SYSTEM_ACTOR, {
        id: 'org_bank',
        name: 'Bank A',
        kind: 'bank',
      });
      const bankA: Actor = { orgId: 'org_bank', orgKind: 'bank', actor: 'bench', role: 'reporter' };
      const took: number[] = [];
      for (let i = 0; i < LATENCY_SAMPLES; i++) {
        const value = phone(90_000_000 + i);
        await a.container.library.submitClaims(bankA, [
          {
            type: 'phone',
            value,
            verdict: 'suspicious',
            confidence: 0.5,
            source: 'feed',
            sharing: 'members',
          },
        ]);
        // Let the claim itself travel first: what is timed is the confirmation alone. The wait varies
        // by up to a poll interval, so the samples fall at every point of B's polling cycle.
        await new Promise((r) => setTimeout(r, POLL_MS * (2 + Math.random())));
        const start = performance.now();
        await a.container.library.transition(ANALYST, 'phone', value, 'confirmed', 'bench');
        for (;;) {
          const r = b.container.lookups.lookupRaw(value, 'phone', 'members');
          if ('verdict' in r && r.verdict === 'fraud') break;
          if (performance.now() - start > 30_000) throw new Error('the confirmation never reached B');
          await new Promise((r) => setTimeout(r, 10));
        }
        took.push(performance.now() - start);
      }
      took.sort((x, y) => x - y);
      record({
        name: 'confirmed in A → blocked in B via national, p50',
        value: percentile(took, 50),
        unit: 'ms',
        baseline: { name: 'poll interval', value: POLL_MS },
        goal: `<= ${POLL_MS + 1000}`,
      });
      record({
        name: `confirmed in A → blocked in B via national, max of ${LATENCY_SAMPLES}`,
        value: took.at(-1) ?? NaN,
        unit: 'ms',
        baseline: { name: 'poll interval', value: POLL_MS },
        goal: `<= ${POLL_MS + 1000}`,
      });
    } finally {
      await Promise.all(servers.map((s) => s.close()));
      for (const c of children) c.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
