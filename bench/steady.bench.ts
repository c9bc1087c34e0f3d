/**
 * Steady service: the anonymous lookup's latency on a server while it streams an export or takes a
 * 100,000-line import over HTTP, beside the same server idle. One server process on a SQLite file; the
 * lookups come from a worker thread (its own event loop, so a stalled server shows as slow answers rather
 * than as a stalled client), four requests in flight, each timed from send to last byte.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { loadConfig } from '../src/config.ts';
import { SYSTEM_ACTOR } from '../src/shared/actor.ts';
import { startServer } from '../src/server.ts';
import { percentile, type BenchSuite } from './harness.ts';

const LIBRARY = Number(process.env.STEADY_LIBRARY ?? 50_000);
const IMPORT_LINES = 100_000;
const IDLE_MS = 3000;
/** Allocated Chinese mobile segments (13x, 15x without 154, 18x). */
const SEGMENTS = [
  30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 50, 51, 52, 53, 55, 56, 57, 58, 59, 80, 81, 82, 83, 85, 86, 87, 88,
  89,
];
const phone = (i: number) => `1${SEGMENTS[i % SEGMENTS.length] ?? 30}${String(i).padStart(8, '0')}`;

/** The load, as plain JavaScript for the worker: lookups until the heavy request finishes. */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, cookie, kind, body, values } = workerData;
const latencies = [];
let done = false;
const lookups = async (lane) => {
  for (let i = lane; !done; i += 4) {
    const t = performance.now();
    const r = await fetch(url + '/api/v1/lookup?value=' + values[i % values.length]);
    await r.arrayBuffer();
    latencies.push(performance.now() - t);
  }
};
const heavy = async () => {
  const t = performance.now();
  if (kind === 'idle') await new Promise((r) => setTimeout(r, ${IDLE_MS}));
  else if (kind === 'export') {
    const r = await fetch(url + '/api/v1/export?format=stix', { headers: { cookie } });
    let bytes = 0;
    for await (const chunk of r.body) bytes += chunk.length;
    if (r.status !== 200 || bytes < 1000) throw new Error('export failed: ' + r.status);
  } else {
    const r = await fetch(url + '/api/v1/import?format=csv', {
      method: 'POST', headers: { cookie, 'content-type': 'text/csv' }, body,
    });
    const s = await r.json();
    if (r.status !== 200 || s.accepted !== ${IMPORT_LINES}) throw new Error('import failed: ' + JSON.stringify(s).slice(0, 200));
  }
  return performance.now() - t;
};
(async () => {
  const lanes = [0, 1, 2, 3].map(lookups);
  const heavyMs = await heavy();
  done = true;
  await Promise.all(lanes);
  parentPort.postMessage({ heavyMs, latencies });
})().catch((e) => parentPort.postMessage({ error: String(e) }));
`;

const phase = (workerData: Record<string, unknown>): Promise<{ heavyMs: number; latencies: number[] }> =>
  new Promise((resolve, reject) => {
    const w = new Worker(CLIENT, { eval: true, workerData });
    w.once('message', (m: { error?: string; heavyMs: number; latencies: number[] }) => {
      void w.terminate();
      if (m.error) reject(new Error(m.error));
      else resolve(m);
    });
    w.once('error', reject);
  });

export const suite: BenchSuite = {
  name: `steady service: anonymous lookup latency while the same server exports or imports (SQLite, ${LIBRARY.toLocaleString('en-US')} values)`,
  async run(record) {
    const dir = mkdtempSync(join(tmpdir(), 'fanzha-steady-'));
    const server = await startServer(
      loadConfig(
        {
          FANZHA_PSEUDONYM_KEY: 'bench-key-0123456789abcdef',
          FANZHA_ANON_RATE_LIMIT: '10000000',
          FANZHA_ROLES: 'api',
        },
        { port: 0, host: '127.0.0.1', databaseUrl: join(dir, 'fanzha.db'), demo: false },
      ),
    );
    try {
      const c = server.container;
      await c.access.createUser(SYSTEM_ACTOR, {
        username: 'bench',
        orgId: 'org_platform',
        role: 'admin',
        displayName: 'bench',
        password: 'bench-password-123',
      });
      const login = await fetch(server.url + '/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'bench', password: 'bench-password-123' }),
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const seed = ['type,value,verdict,confidence,source,sharing'];
      for (let i = 0; i < LIBRARY; i++) seed.push(`phone,${phone(i)},fraud,0.9,seed,public`);
      await c.transfer.importStream(
        { orgId: 'org_platform', orgKind: 'regulator', actor: 'bench', role: 'admin' },
        'csv',
        Readable.from([seed.join('\n')]),
      );
      const values = Array.from({ length: 1000 }, (_, i) => phone((i * 37) % LIBRARY));
      const feed = ['type,value,verdict,confidence,source,sharing'];
      for (let i = 0; i < IMPORT_LINES; i++)
        feed.push(`phone,${phone(LIBRARY + i)},suspicious,0.7,feed,public`);
      const body = feed.join('\n') + '\n';

      const run = async (kind: 'idle' | 'export' | 'import') => {
        const rssBefore = process.memoryUsage().rss;
        let rssPeak = rssBefore;
        const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
        const r = await phase({ url: server.url, cookie, kind, body: kind === 'import' ? body : '', values });
        clearInterval(sampler);
        const sorted = [...r.latencies].sort((a, b) => a - b);
        return { ...r, sorted, rssGrowthMb: (rssPeak - rssBefore) / 1048576 };
      };
      const idle = await run('idle');
      const exporting = await run('export');
      const importing = await run('import');
      const idleP99 = percentile(idle.sorted, 99);
      const base = { name: 'the same server idle', value: idleP99 };
      record({ name: 'lookup p99, idle', value: idleP99, unit: 'ms', goal: '<= 10' });
      record({
        name: 'lookup p99 during a STIX export of the library',
        value: percentile(exporting.sorted, 99),
        unit: 'ms',
        baseline: base,
        goal: '<= 10',
      });
      record({
        name: `lookup p99 during a ${IMPORT_LINES.toLocaleString('en-US')}-line CSV import (HTTP)`,
        value: percentile(importing.sorted, 99),
        unit: 'ms',
        baseline: base,
        goal: '<= 10',
      });
      record({ name: 'lookup max during the export', value: exporting.sorted.at(-1) ?? NaN, unit: 'ms' });
      record({ name: 'lookup max during the import', value: importing.sorted.at(-1) ?? NaN, unit: 'ms' });
      record({ name: 'lookups answered during the export', value: exporting.sorted.length, unit: 'lookups' });
      record({ name: 'STIX export duration', value: exporting.heavyMs / 1000, unit: 's' });
      record({ name: 'server memory growth during the export', value: exporting.rssGrowthMb, unit: 'MB' });
      record({
        name: 'import rate while lookups run',
        value: IMPORT_LINES / (importing.heavyMs / 1000),
        unit: 'lines/s',
      });
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
