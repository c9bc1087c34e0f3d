import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { registerSmsCommands } from './sms.cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'fanzha-sms-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
});

const run = async (...args: string[]): Promise<void> => {
  const program = new Command().exitOverride();
  registerSmsCommands(program);
  await program.parseAsync(args, { from: 'user' });
};

const lines = (path: string): unknown[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l): unknown => JSON.parse(l));

describe('fanzha sms classify', () => {
  it('writes one result per input line, in order, with error records for malformed lines', async () => {
    const input = join(dir, 'in.jsonl');
    const output = join(dir, 'out.jsonl');
    writeFileSync(
      input,
      [
        JSON.stringify({ id: 'a', text: '招聘网络兼职，手机点赞一单佣金10元，日结300元，加微信 abc12345' }),
        'not json',
        JSON.stringify({ id: 'b' }),
        JSON.stringify({ id: 'c', text: 'Are we still on for dinner tonight?' }),
        JSON.stringify(['x']),
      ].join('\n') + '\n',
    );
    await run('sms', 'classify', '--in', input, '--out', output);
    expect(process.exitCode ?? 0).toBe(0);
    const out = lines(output);
    expect(out).toHaveLength(5);
    expect(out[0]).toMatchObject({ id: 'a', verdict: 'fraud', fraudType: 'task_rebate' });
    expect(out[1]).toEqual({ error: 'line 2: not valid JSON' });
    expect(out[2]).toEqual({ id: 'b', error: 'line 3: "text" must be a string' });
    expect(out[3]).toMatchObject({ id: 'c', verdict: 'normal' });
    expect(out[4]).toMatchObject({ error: expect.stringContaining('line 5') as unknown });
    const first = out[0];
    expect(
      typeof first === 'object' && first !== null && 'score' in first ? first.score : -1,
    ).toBeGreaterThan(0.5);
  });

  it('exits non-zero when the input cannot be read', async () => {
    await run('sms', 'classify', '--in', join(dir, 'missing.jsonl'), '--out', join(dir, 'never.jsonl'));
    expect(process.exitCode).toBe(2);
  });
});

describe('fanzha sms templates', () => {
  it('prints the campaigns of a file, largest first, with counts and times', async () => {
    const input = join(dir, 'campaign.jsonl');
    const output = join(dir, 'templates.jsonl');
    const rows = [1, 2, 3].map((i) => ({
      id: `m${i}`,
      text: `【ETC】您的ETC已失效，请立即登录 http://etc-${i}x.cn/q${i} 重新认证，以免影响通行`,
      time: `2026-11-0${i}T08:00:00Z`,
    }));
    rows.push({ id: 'n', text: '妈，我周末回家吃饭', time: '2026-11-05T08:00:00Z' });
    writeFileSync(input, rows.map((r) => JSON.stringify(r)).join('\n'));
    await run('sms', 'templates', '--in', input, '--out', output);
    const out = lines(output);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({
      count: 3,
      firstSeen: '2026-11-01T08:00:00.000Z',
      lastSeen: '2026-11-03T08:00:00.000Z',
      messageIds: ['m1', 'm2', 'm3'],
    });
  });
});
