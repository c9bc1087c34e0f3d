/**
 * Two real processes on one database: the server (`fanzha serve`) and `fanzha import` writing at the same
 * time. On SQLite both open the same file; neither may fail with a lock error, the server may not answer
 * its own writes with a 500, and the server's lookups must see the import's values within a second.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/databases.ts';
import { BIN, startServerProcess, type ServerProcess } from '../support/server-process.ts';

const ENV = {
  ...process.env,
  FANZHA_PSEUDONYM_KEY: 'test-pseudonym-key-0123456789',
  FANZHA_ANON_RATE_LIMIT: '1000000',
  FANZHA_DEMO_SAMPLE: '200',
};
const IMPORT_LINES = 30_000;
const imported = (i: number): string => `1371${String(i).padStart(7, '0')}`;

const runProcess = (args: string[]): Promise<{ code: number | null; out: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => resolve({ code, out }));
  });

describeEachDatabase('two processes on one database', (dialect) => {
  let db: TestDatabase;
  let server: ServerProcess;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    // The test's own handle stays closed while the processes run: only they hold the file.
    await db.handle.close();
    dir = mkdtempSync(join(tmpdir(), 'fanzha-two-'));
    server = await startServerProcess(db.url, ENV);
  }, 120_000);
  afterAll(async () => {
    if (server?.child.exitCode === null) {
      const exited = new Promise((r) => server.child.once('exit', r));
      server.child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
    await db.drop().catch(() => {});
  });

  it('imports while the server writes, without lock errors or 500s, and the server sees the import within a second', async () => {
    const file = join(dir, 'feed.csv');
    const rows = ['type,value,verdict,confidence,source,sharing'];
    for (let i = 0; i < IMPORT_LINES; i++) rows.push(`phone,${imported(i)},fraud,0.9,feed,public`);
    writeFileSync(file, rows.join('\n') + '\n');

    const login = await fetch(server.url + '/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'analyst', password: 'fanzha-demo' }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

    const importing = runProcess(['import', '--in', file, '--org', 'org_platform', '--db', db.url]);
    let importDone = false;
    void importing.then(() => (importDone = true));

    // The server keeps writing (claims through the API) and answering lookups while the import runs.
    const statuses: number[] = [];
    let n = 0;
    while (!importDone) {
      const write = await fetch(server.url + '/api/v1/claims', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({
          claims: [
            {
              type: 'phone',
              value: `1372${String(n++).padStart(7, '0')}`,
              verdict: 'fraud',
              confidence: 0.8,
              source: 'analyst',
              sharing: 'public',
            },
          ],
        }),
      });
      statuses.push(write.status);
      await write.arrayBuffer();
      const look = await fetch(server.url + `/api/v1/lookup?value=${imported(0)}`);
      statuses.push(look.status);
      await look.arrayBuffer();
    }
    const result = await importing;
    const importedAt = Date.now();

    expect(result.out).not.toMatch(/locked|SQLITE_BUSY/);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out.trim().split('\n').pop() ?? '{}')).toMatchObject({
      accepted: IMPORT_LINES,
      rejected: 0,
    });
    expect(n).toBeGreaterThan(0);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);

    // The last imported value reaches the server's hot index through the change feed.
    let seenAfter = -1;
    while (Date.now() - importedAt < 3000) {
      const look = await fetch(server.url + `/api/v1/lookup?value=${imported(IMPORT_LINES - 1)}`);
      const body = (await look.json()) as { verdict: string };
      if (body.verdict === 'fraud') {
        seenAfter = Date.now() - importedAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(seenAfter).toBeGreaterThanOrEqual(0);
    expect(seenAfter).toBeLessThanOrEqual(1000);
  }, 180_000);
});
