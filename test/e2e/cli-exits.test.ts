/** The import command's exits, on real processes: one line and non-zero when nothing could be read. */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BIN } from '../support/server-process.ts';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/databases.ts';

const fanzha = (
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> =>
  new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, FANZHA_PSEUDONYM_KEY: 'test-pseudonym-key-0123456789' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });

describeEachDatabase('fanzha import exits', (dialect) => {
  let db: TestDatabase;
  let dir: string;
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const importing = (path: string) =>
    fanzha(['import', '--in', path, '--org', 'org_platform', '--db', db.url]);
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    await db.handle.close();
    dir = mkdtempSync(join(tmpdir(), 'fanzha-cli-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.drop().catch(() => {});
  });

  it('fails with one line when every line is rejected, or the CSV has no value column', async () => {
    // Binary garbage whose first line is not blank (a blank line is skipped, not rejected).
    const garbage = await importing(
      file('garbage.jsonl', Buffer.concat([Buffer.from([0xff, 0xfe, 0x01]), randomBytes(200_000)])),
    );
    expect(garbage.code).not.toBe(0);
    expect(garbage.stdout).toBe('');
    expect(garbage.stderr.trim().split('\n')).toHaveLength(1);
    expect(garbage.stderr).toMatch(
      /no line was accepted \(\d+ of \d+ rejected; line 1, line: not valid JSON\)/,
    );

    const noValue = await importing(file('no-value.csv', 'name,number\nx,13800000000\ny,13800000001\n'));
    expect(noValue.code).not.toBe(0);
    expect(noValue.stderr.trim().split('\n')).toHaveLength(1);
    expect(noValue.stderr).toContain('the header has no value column');
  }, 60_000);

  it('rejects a line nested 100,000 deep with its number and imports the rest, again on a re-run', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) =>
      JSON.stringify({ type: 'phone', value: `1391${String(i).padStart(7, '0')}`, verdict: 'fraud' }),
    );
    const deep = '{"a":'.repeat(100_000) + '{}' + '}'.repeat(100_000);
    lines.splice(1500, 0, `{"type":"phone","value":"13999999999","evidence":${deep}}`);
    const path = file('deep.jsonl', lines.join('\n') + '\n');
    for (let run = 0; run < 2; run++) {
      const r = await importing(path);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({
        lines: 3001,
        accepted: 3000,
        rejected: 1,
        firstRejections: [{ line: 1501, field: 'evidence', message: 'nested deeper than 64 levels' }],
      });
    }
  }, 60_000);

  it('reports an unbalanced quote instead of merging rows into one value', async () => {
    const r = await importing(
      file(
        'unbalanced.csv',
        'type,value,verdict\nsms,"hello click http://a.top,fraud\nsms,second message",fraud\nphone,13800000009,fraud\n',
      ),
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      accepted: 1,
      rejected: 1,
      firstRejections: [{ line: 2, field: 'line', message: expect.stringContaining('unbalanced quote') }],
    });
  }, 60_000);
});

it('fails at once with one line when the database folder cannot be created', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fanzha-cli-'));
  const input = join(dir, 'one.csv');
  writeFileSync(input, 'type,value\nphone,13800000000\n');
  const r = await fanzha([
    'import',
    '--in',
    input,
    '--org',
    'org_platform',
    '--db',
    '/proc/nonexistent/x.db',
  ]);
  rmSync(dir, { recursive: true, force: true });
  expect(r.code).not.toBe(0);
  expect(r.stderr.trim().split('\n')).toEqual([
    'fanzha: cannot create the folder /proc/nonexistent for the SQLite database (ENOENT)',
  ]);
  expect(r.ms).toBeLessThan(15_000);
}, 30_000);
