/**
 * `fanzha transfers scan --in TRANSACTIONS.csv --out ACCOUNTS.jsonl` (the batch contract, used by
 * independent checks: keep it) and `fanzha transfers import FILE` (the stream from a file). Bad input
 * stops with one line and a non-zero exit before anything is written.
 */
import { createReadStream, existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { action, CliError, describeError } from '../cli-kit.ts';
import { readCsvRecords } from '../../../modules/library/io/csv.ts';
import type { CliContext } from '../cli-context.ts';
import { DomainError } from '../../../shared/errors.ts';
import { MuleEngine } from '../../../modules/transfers/mule.engine.ts';
import { loadMuleModel } from '../../../modules/transfers/mule.model.ts';
import { parseCsvHeader, parseCsvLine, type CsvLayout } from '../../../modules/transfers/transfers.csv.ts';
import type { TransferRecord } from '../../../modules/transfers/transfers.types.ts';

const IMPORT_BATCH = 5_000;

/** Every transfer of a CSV file, in file order; the first unreadable line stops the read. */
export async function* readTransferCsv(path: string): AsyncGenerator<TransferRecord> {
  if (!existsSync(path)) throw new CliError(`--in ${path}: no such file`);
  let layout: CsvLayout | undefined;
  for await (const rec of readCsvRecords(createReadStream(path))) {
    if ('error' in rec) throw new CliError(`${path}: line ${rec.line}: ${rec.error}`);
    if (rec.fields.every((f) => f.trim() === '')) continue;
    if (!layout) {
      try {
        layout = parseCsvHeader(rec.fields);
      } catch (e) {
        throw new CliError(`${path}: ${describeError(e)}`);
      }
      continue;
    }
    const r = parseCsvLine(layout, rec.fields, rec.line);
    if ('error' in r) throw new CliError(`${path}: ${r.error}`);
    yield r;
  }
  if (!layout) throw new CliError(`${path}: empty file (expected a header line)`);
}

/** Scores every account of a transfer file; returns the JSONL lines in first-seen order. */
export const scanTransfers = async (path: string, modelPath?: string): Promise<string[]> => {
  const model = loadMuleModel(modelPath);
  const engine = new MuleEngine();
  for await (const r of readTransferCsv(path)) engine.add(r);
  const lines: string[] = [];
  for (const account of engine.accountNames()) {
    const v = model.score(engine, account, undefined, true);
    if (v)
      lines.push(
        JSON.stringify({ account: v.account, verdict: v.verdict, score: v.score, reasons: v.reasons }),
      );
  }
  return lines;
};

export const registerTransfersCommands = (program: Command, ctx: CliContext): void => {
  const transfers = program
    .command('transfers')
    .description('the transaction stream and mule-account detection');
  transfers
    .command('scan')
    .description('score every account of a transfer CSV: one JSON line per account')
    .requiredOption(
      '--in <file>',
      'CSV: sourceNodeId,targetNodeId,value,time or payer,payee,amount,time[,currency,channel,institution]',
    )
    .requiredOption('--out <file>', 'JSONL: {"account","verdict","score","reasons"} per account')
    .option('--model <file>', 'the mule model (default: models/transfers/mule.json)')
    .action(
      action(async (o: { in: string; out: string; model?: string }) => {
        const lines = await scanTransfers(o.in, o.model);
        writeFileSync(o.out, lines.length > 0 ? lines.join('\n') + '\n' : '');
        const mules = lines.filter((l) => l.includes('"verdict":"mule"')).length;
        console.error(`scanned ${lines.length} accounts, ${mules} mule(s) → ${o.out}`);
      }),
    );
  transfers
    .command('import')
    .description('send a transfer CSV through the stream (stored once per record id; alerts, claims, cases)')
    .argument('<file>', 'CSV with payer,payee,amount,time[,currency,channel,institution,recordId]')
    .option('--org <orgId>', 'the sending organisation', 'org_platform')
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL')
    .action(
      action(async (file: string, o: { org: string; db?: string }) => {
        // Read and check the whole file first: a bad line must leave nothing stored.
        const records: TransferRecord[] = [];
        for await (const r of readTransferCsv(file)) records.push(r);
        await ctx.withContainer(o.db, async (c) => {
          let org;
          try {
            org = await c.access.getOrganisation(o.org);
          } catch (e) {
            if (e instanceof DomainError) throw new CliError(`--org ${o.org}: ${e.message}`);
            throw e;
          }
          const actor = { orgId: org.id, orgKind: org.kind, actor: 'cli', role: 'admin' as const };
          const total = { accepted: 0, duplicates: 0, mules: 0, casesOpened: 0 };
          for (let i = 0; i < records.length; i += IMPORT_BATCH) {
            const batch = records.slice(i, i + IMPORT_BATCH);
            const s = await c.transfers.ingest(actor, batch);
            total.accepted += s.accepted;
            total.duplicates += s.duplicates;
            total.mules += s.mules;
            total.casesOpened += s.casesOpened;
          }
          console.log(
            `imported ${total.accepted} transfer(s), ${total.duplicates} duplicate(s); ${total.mules} mule verdict(s), ${total.casesOpened} case(s) opened`,
          );
        });
      }),
    );
};
