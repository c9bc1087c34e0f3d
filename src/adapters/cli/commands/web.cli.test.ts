import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { registerWebCommands } from './web.cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'fanzha-web-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
});

const runCli = async (...args: string[]): Promise<void> => {
  const program = new Command('fanzha').exitOverride();
  registerWebCommands(program);
  await program.parseAsync(['node', 'fanzha', ...args]);
};

const lines = (path: string): unknown[] =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);

describe('fanzha url check', () => {
  it('writes one verdict per line and an error record for each malformed line', async () => {
    const input = join(dir, 'urls.jsonl');
    const output = join(dir, 'urls.out.jsonl');
    writeFileSync(
      input,
      [
        '{"id":"a","url":"https://www.icbc.com.cn.verify-xx.top/login"}',
        '{"id":"b","domain":"12306.cn"}',
        'not json',
        '{"id":"d"}',
        '{"id":"e","domain":"etc-kefu.top"}',
      ].join('\n'),
    );
    await runCli('url', 'check', '--in', input, '--out', output);
    expect(process.exitCode ?? 0).toBe(0);
    const out = lines(output);
    expect(out).toHaveLength(5);
    expect(out[0]).toMatchObject({ id: 'a', verdict: 'malicious', brand: 'icbc', kind: 'lookalike' });
    expect(out[1]).toMatchObject({ id: 'b', verdict: 'benign', score: 0 });
    expect(out[2]).toMatchObject({ error: expect.stringContaining('line 3') });
    expect(out[3]).toMatchObject({ id: 'd', error: expect.any(String) });
    expect(out[4]).toMatchObject({ id: 'e', verdict: 'malicious', brand: 'etc' });
    for (const r of out)
      if (typeof r === 'object' && r && 'verdict' in r) expect(r).toHaveProperty('reasons');
  });

  it('fails with one line and a non-zero exit when the input file is missing', async () => {
    await runCli('url', 'check', '--in', join(dir, 'missing.jsonl'), '--out', join(dir, 'x.jsonl'));
    expect(process.exitCode).toBe(2);
  });
});

describe('fanzha app check', () => {
  it('checks metadata lines and reports unreadable APKs as error records', async () => {
    const input = join(dir, 'apps.jsonl');
    const output = join(dir, 'apps.out.jsonl');
    writeFileSync(
      input,
      [
        '{"id":1,"package":"com.icbc.refund","label":"工商银行"}',
        '{"id":2,"package":"org.example.notes","label":"Notes","certSha256":"' + 'ab'.repeat(32) + '"}',
        '{"id":3,"apk":"' + join(dir, 'nope.apk') + '"}',
      ].join('\n'),
    );
    await runCli('app', 'check', '--in', input, '--out', output);
    const out = lines(output);
    expect(out[0]).toMatchObject({ id: 1, verdict: 'counterfeit', brand: 'icbc' });
    expect(out[1]).toMatchObject({ id: 2, verdict: 'unknown' });
    expect(out[2]).toMatchObject({ id: 3, error: expect.stringContaining('apk') });
  });
});
