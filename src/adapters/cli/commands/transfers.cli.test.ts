import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { scanTransfers } from './transfers.cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'fanzha-transfers-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

it('scores every account of a CSV, reading quoted fields as CSV does', async () => {
  const path = file(
    'quoted.csv',
    'payer,payee,amount,time,institution\r\n' +
      'A1,B1,120.5,1,"Bank of Somewhere, Ltd"\r\n' +
      '\r\n' +
      'B1,C1,118,2,"Bank ""Two"""\r\n',
  );
  const lines = (await scanTransfers(path)).map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines.map((l) => l.account)).toEqual(['A1', 'B1', 'C1']);
  for (const l of lines) {
    expect(['mule', 'normal']).toContain(l.verdict);
    expect(typeof l.score).toBe('number');
    expect(Array.isArray(l.reasons)).toBe(true);
  }
});

it('refuses a file without the required columns, and an unbalanced quote, with one line', async () => {
  await expect(scanTransfers(file('nohead.csv', 'a,b,c\n1,2,3\n'))).rejects.toThrow(/missing column payer/);
  await expect(
    scanTransfers(file('quote.csv', 'payer,payee,amount,time\n"A1,B1,1,1\nB1,C1,2,2\n')),
  ).rejects.toThrow(/quote\.csv: line 2/);
});
