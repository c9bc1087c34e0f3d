/**
 * `fanzha federation peer add|list|remove` as a real process: bad input exits non-zero with one line
 * naming the field, the key is stored but never printed, and a removed peer is gone.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/databases.ts';
import { runCli } from '../support/server-process.ts';

const KEY = 'fz_peer_key_0123456789abcdef';

const run = (args: string[]) => runCli(args);

describeEachDatabase('fanzha federation peer', (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    await db.handle.close();
  });
  afterAll(async () => {
    await db.drop().catch(() => {});
  });

  it('refuses a bad URL with one line naming the field, stores a good peer, never prints its key, removes it', async () => {
    const bad = await run(['federation', 'peer', 'add', 'national', 'ftp://x', '--key', KEY, '--db', db.url]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toEqual([expect.stringContaining('(url)')]);
    const added = await run([
      'federation',
      'peer',
      'add',
      'national',
      'http://127.0.0.1:9',
      '--key',
      KEY,
      '--role',
      'upstream',
      '--push-collection',
      'inbox',
      '--db',
      db.url,
    ]);
    expect([added.code, added.stderr]).toEqual([0, '']);
    expect(added.stdout).not.toContain(KEY);
    const listed = await run(['federation', 'peer', 'list', '--db', db.url]);
    expect(listed.stdout).not.toContain(KEY);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ name: 'national', role: 'upstream', keySet: true, state: 'new' }),
    ]);
    expect((await run(['federation', 'peer', 'remove', 'national', '--db', db.url])).code).toBe(0);
    expect(JSON.parse((await run(['federation', 'peer', 'list', '--db', db.url])).stdout)).toEqual([]);
  }, 120_000);
});
