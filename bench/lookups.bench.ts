/**
 * The library's and lookups' figures: in-process lookups (pre-normalised and raw), HTTP single and batch lookups against a
 * bare Fastify route, JSONL import into SQLite against raw prepared inserts, and hot-index memory per
 * phone number at 5 million.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import SqliteDatabase from 'better-sqlite3';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { loadConfig } from '../src/config.ts';
import { buildContainer } from '../src/container.ts';
import { LookupIndex } from '../src/modules/lookups/lookup-index.ts';
import { createLookupsService } from '../src/modules/lookups/lookups.service.ts';
import { silentLogger } from '../src/shared/logger.ts';
import { throughput, waitReady, type BenchSuite, type Figure } from './harness.ts';
import { wrkLoad as load } from './wrk.ts';

const KEY = { pseudonymKey: 'bench-key-0123456789abcdef', defaultCountry: 'CN' };
const phone = (i: number) => `+861${30 + (i % 70)}${String(i % 100_000_000).padStart(8, '0')}`;
const entry = (normalized: string) => ({
  type: 'phone' as const,
  normalized,
  verdictPublic: 'fraud' as const,
  scorePublic: 0.8,
  verdictMembers: 'fraud' as const,
  scoreMembers: 0.9,
  fraudType: 'fake_investment',
  reasons: ['cross-verified by 2 independent organisations'],
});

/** HTTP first, while this process is small: fanzha's lookup route against a bare Fastify route, same client, same run. */
const httpFigures = async (record: (f: Figure) => void): Promise<void> => {
  const dbDir = mkdtempSync(join(tmpdir(), 'fanzha-bench-http-'));
  const env = {
    ...process.env,
    FANZHA_PSEUDONYM_KEY: KEY.pseudonymKey,
    FANZHA_ANON_RATE_LIMIT: '10000000',
    FANZHA_DEMO_SAMPLE: '2000',
  };
  const server = spawn(
    process.execPath,
    ['bin/fanzha.mjs', 'serve', '--port', '0', '--demo', '--db', join(dbDir, 'http.db')],
    { env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const bare = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-fastify.ts', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = Number(await waitReady(server, /running at http:\/\/127\.0\.0\.1:(\d+)/));
    const barePort = Number(await waitReady(bare, /ready (\d+)/));
    const path = '/api/v1/lookup?value=' + encodeURIComponent('+86 138 0013 8000');
    await load({ port, path, connections: 8, ms: 1000 });
    await load({ port: barePort, path, connections: 8, ms: 1000 });
    // Five short rounds, fanzha and the bare route in turn, and the medians: on two cores shared by the
    // load generator and both servers, one 4-second run of each swung the ratio from 0.45 to 0.9.
    const rounds: Array<{ f: Awaited<ReturnType<typeof load>>; b: Awaited<ReturnType<typeof load>> }> = [];
    for (let i = 0; i < 5; i++)
      rounds.push({
        f: await load({ port, path, connections: 16, ms: 2000 }),
        b: await load({ port: barePort, path, connections: 16, ms: 2000 }),
      });
    const median = (xs: number[]): number => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? NaN;
    const f = {
      rps: median(rounds.map((r) => r.f.rps)),
      p99: median(rounds.map((r) => r.f.p99)),
      errors: rounds.reduce((n, r) => n + r.f.errors, 0),
      tool: rounds[0]?.f.tool ?? '',
    };
    const b = {
      rps: median(rounds.map((r) => r.b.rps)),
      p99: median(rounds.map((r) => r.b.p99)),
      errors: rounds.reduce((n, r) => n + r.b.errors, 0),
    };
    record({
      name: `HTTP GET /api/v1/lookup, keep-alive, 16 connections (${f.tool}, median of 5 alternating rounds)`,
      value: f.rps,
      unit: 'req/s',
      baseline: { name: 'bare Fastify constant JSON', value: b.rps },
      goal: '>= 0.7 x baseline',
    });
    record({
      name: 'HTTP single lookup p99 latency (median of the rounds)',
      value: f.p99,
      unit: 'ms',
      baseline: { name: 'bare Fastify p99', value: b.p99 },
      goal: '<= 5',
    });
    const batch = JSON.stringify({ values: Array.from({ length: 100 }, (_, i) => phone(i * 11)) });
    const bl = await load({
      port,
      method: 'POST',
      path: '/api/v1/lookup',
      body: batch,
      connections: 8,
      ms: 4000,
    });
    record({
      name: 'HTTP POST /api/v1/lookup, batches of 100',
      value: bl.rps * 100,
      unit: 'values/s',
      goal: '>= 500,000',
    });
    if (f.errors + b.errors + bl.errors > 0)
      record({
        name: 'HTTP errors during the runs',
        value: f.errors + b.errors + bl.errors,
        unit: 'requests',
      });
  } finally {
    server.kill();
    bare.kill();
    rmSync(dbDir, { recursive: true, force: true });
  }
};

/**
 * The floor under the import: the very rows it stored (each value's row, its claim, its change-feed entry),
 * read back and written again into a fresh database of the same schema and settings (WAL, synchronous = FULL,
 * foreign keys on), in the import's transactions of 2,000 values and multi-row statements of 250, with no
 * parsing, normalising or scoring. An import can go no faster than this on one connection.
 */
const sqliteFloor = async (importedFile: string, floorFile: string): Promise<number> => {
  const src = new SqliteDatabase(importedFile, { readonly: true });
  const read = (table: string, order: string) => {
    const stmt = src.prepare(`select * from ${table} order by ${order}`).raw();
    return { columns: stmt.columns().map((col) => col.name), rows: stmt.all() as unknown[][] };
  };
  const tables = [read('resources', 'id'), read('claims', 'resource_id'), read('changes', 'seq')];
  src.close();
  const c = await buildContainer(
    loadConfig({ FANZHA_PSEUDONYM_KEY: KEY.pseudonymKey }, { databaseUrl: floorFile }),
    { withoutIndex: true, logger: silentLogger },
  );
  const sqlite = c.handle.sqlite;
  if (!sqlite) throw new Error('the floor needs the embedded SQLite connection');
  const names = ['resources', 'claims', 'changes'];
  // One statement per run length (250, and the last run's), as the library's bulk path prepares them.
  const writers = tables.map((t, i) => {
    const tuple = `(${t.columns.map(() => '?').join(', ')})`;
    const statements = new Map<number, SqliteDatabase.Statement>();
    return (from: number, to: number): void => {
      const slice = t.rows.slice(from, to);
      let stmt = statements.get(slice.length);
      if (!stmt) {
        const values = Array.from({ length: slice.length }, () => tuple).join(', ');
        stmt = sqlite.prepare(`insert into ${names[i] ?? ''} (${t.columns.join(', ')}) values ${values}`);
        statements.set(slice.length, stmt);
      }
      // A loop, not slice.flat(): flat() on arrays of rows costs more here than the inserts themselves.
      const params: unknown[] = [];
      for (const row of slice) for (const v of row) params.push(v);
      if (slice.length > 0) stmt.run(params);
    };
  });
  const values = tables[0]?.rows.length ?? 0;
  const t0 = performance.now();
  const batch = sqlite.transaction((from: number) => {
    const end = Math.min(from + 2000, values);
    for (let at = from; at < end; at += 250) for (const write of writers) write(at, Math.min(at + 250, end));
  });
  for (let from = 0; from < values; from += 2000) batch(from);
  const rate = values / ((performance.now() - t0) / 1000);
  await c.close();
  return rate;
};

/**
 * Import: JSONL into a fresh SQLite file, through the library (normalise, score, claims, audit). Before the
 * in-process part, whose million-entry baseline Map would otherwise sit in the heap that the import's
 * garbage collector walks (a `fanzha import` process holds no such thing). Wall-clock and CPU-time rates:
 * on a shared machine the CPU time (every thread of the process) moves less than the clock.
 */
const importFigures = async (record: (f: Figure) => void): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), 'fanzha-bench-'));
  try {
    const c = await buildContainer(
      loadConfig({ FANZHA_PSEUDONYM_KEY: KEY.pseudonymKey }, { databaseUrl: join(dir, 'import.db') }),
      { withoutIndex: true, logger: silentLogger },
    );
    const M = 200_000;
    const lines: string[] = [];
    for (let i = 0; i < M; i++)
      lines.push(
        JSON.stringify({
          type: 'phone',
          value: phone(i * 7),
          verdict: 'fraud',
          confidence: 0.8,
          fraudType: 'fake_investment',
        }),
      );
    const text = lines.join('\n');
    const actor = {
      orgId: 'org_platform',
      orgKind: 'regulator' as const,
      actor: 'bench',
      role: 'admin' as const,
    };
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    // The batch size the CLI and the HTTP import use (the service's default).
    const s = await c.transfer.importStream(actor, 'jsonl', Readable.from([text]));
    const importRate = s.accepted / ((performance.now() - t0) / 1000);
    const cpu = process.cpuUsage(cpu0);
    const importCpuRate = s.accepted / ((cpu.user + cpu.system) / 1e6);
    await c.close();
    const floorRate = await sqliteFloor(join(dir, 'import.db'), join(dir, 'floor.db'));
    const raw = new SqliteDatabase(join(dir, 'raw.db'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.exec(
      'create table t (type text, normalized text, verdict text, confidence real, unique(type, normalized))',
    );
    const ins = raw.prepare('insert into t values (?, ?, ?, ?) on conflict do nothing');
    const t1 = performance.now();
    const tx = raw.transaction((rows: string[]) => {
      for (const l of rows) {
        const o = JSON.parse(l) as { type: string; value: string; verdict: string; confidence: number };
        ins.run(o.type, o.value, o.verdict, o.confidence);
      }
    });
    for (let i = 0; i < M; i += 5000) tx(lines.slice(i, i + 5000));
    const rawRate = M / ((performance.now() - t1) / 1000);
    raw.close();
    record({
      name: `JSONL import into SQLite (${M.toLocaleString('en-US')} values)`,
      value: importRate,
      unit: 'values/s',
      baseline: { name: 'JSON.parse + one raw prepared insert', value: rawRate },
      goal: '>= 100,000',
    });
    record({
      name: `JSONL import into SQLite (${M.toLocaleString('en-US')} values), per CPU-second of the process`,
      value: importCpuRate,
      unit: 'values/s',
    });
    record({
      name: 'SQLite alone writing the rows that import stored (values, claims, changes)',
      value: floorRate,
      unit: 'values/s',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

export const suite: BenchSuite = {
  name: 'library and lookups',
  async run(record: (f: Figure) => void) {
    // FANZHA_BENCH_IMPORT_ONLY=1 measures the import alone (seconds rather than minutes, no load generator).
    const importOnly = process.env.FANZHA_BENCH_IMPORT_ONLY === '1';
    if (!importOnly) await httpFigures(record);
    await importFigures(record);
    if (importOnly) return;

    // In process: 1M numbers in the index, half the probes miss.
    const index = new LookupIndex();
    const N = 1_000_000;
    const baseline = new Map<string, ReturnType<typeof entry>>();
    for (let i = 0; i < N; i++) {
      index.set(entry(phone(i)));
      baseline.set(phone(i), entry(phone(i)));
    }
    const probes = Array.from({ length: 4096 }, (_, i) => phone(i % 2 === 0 ? i * 97 : N + i * 13));
    let k = 0;
    let sink = 0;
    const pre = throughput(() => {
      for (let i = 0; i < 1024; i++) if (index.get('phone', probes[k++ & 4095] ?? '')) sink++;
      return 1024;
    });
    const base = throughput(() => {
      for (let i = 0; i < 1024; i++) if (baseline.get(probes[k++ & 4095] ?? '')) sink++;
      return 1024;
    });
    if (sink < 0) console.log(sink);
    record({
      name: 'in-process lookup, pre-normalised (1M numbers)',
      value: pre,
      unit: 'lookups/s',
      baseline: { name: 'JS Map<string, object>.get', value: base },
      goal: '>= 2,000,000',
    });

    const lookups = createLookupsService({ index, normalize: KEY });
    const raws = probes.map((p, i) =>
      i % 3 === 0
        ? `${p.slice(3, 6)} ${p.slice(6, 10)} ${p.slice(10)}`
        : i % 3 === 1
          ? `+86-${p.slice(3)}`
          : p,
    );
    const raw = throughput(() => {
      for (let i = 0; i < 256; i++) lookups.lookupRaw(raws[k++ & 4095] ?? '', 'phone', 'members');
      return 256;
    });
    const lib = throughput(() => {
      for (let i = 0; i < 256; i++)
        if (parsePhoneNumberFromString(raws[k++ & 4095] ?? '', 'CN')?.number) sink++;
      return 256;
    });
    record({
      name: 'in-process lookup from raw strings (normalise + probe)',
      value: raw,
      unit: 'lookups/s',
      baseline: { name: 'libphonenumber-js parse alone', value: lib },
      goal: '>= 300,000',
    });
    const inferred = throughput(() => {
      for (let i = 0; i < 256; i++) lookups.lookupRaw(raws[k++ & 4095] ?? '', undefined, 'members');
      return 256;
    });
    record({ name: 'in-process lookup from raw strings, type inferred', value: inferred, unit: 'lookups/s' });

    // Memory: 5M phone numbers in the hot index.
    const before = process.memoryUsage();
    const big = new LookupIndex();
    for (let i = 0; i < 5_000_000; i++) big.set(entry(phone(i * 3)));
    const after = process.memoryUsage();
    const grown = after.arrayBuffers + after.heapUsed - (before.arrayBuffers + before.heapUsed);
    record({
      name: 'hot index memory per phone number (5M held)',
      value: big.phoneBytes / big.size,
      unit: 'bytes (table)',
      goal: '<= 64',
    });
    record({
      name: 'process memory growth per phone number (5M held)',
      value: grown / big.size,
      unit: 'bytes',
    });
  },
};
