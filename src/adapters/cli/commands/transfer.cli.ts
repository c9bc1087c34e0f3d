/** `fanzha import` and `fanzha export`: bulk files in and out, with progress on a terminal. */
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { DomainError } from '../../../shared/errors.ts';
import { once } from 'node:events';
import { InvalidArgumentError, type Command } from 'commander';
import { action, CliError } from '../cli-kit.ts';
import type { CliContext } from '../cli-context.ts';
import { isOneOf } from '../../../shared/parse.ts';
import {
  RESOURCE_TYPES,
  VERDICTS,
  type ResourceType,
  type Verdict,
} from '../../../modules/library/library.types.ts';
import { type Actor } from '../../../shared/actor.ts';

const FORMATS = ['csv', 'jsonl', 'stix'] as const;
const EXPORT_FORMATS = ['csv', 'jsonl', 'stix'] as const;
const pick =
  <T extends string>(allowed: readonly T[]) =>
  (v: string): T => {
    if (!isOneOf(allowed, v)) throw new InvalidArgumentError(`must be one of ${allowed.join(', ')}`);
    return v;
  };

const actorFor = async (
  ctx: Parameters<Parameters<CliContext['withContainer']>[1]>[0],
  orgId: string,
): Promise<Actor> => {
  const org = await ctx.access.getOrganisation(orgId);
  return { orgId: org.id, orgKind: org.kind, actor: 'cli', role: 'admin' };
};

export const registerTransferCommands = (program: Command, ctx: CliContext): void => {
  program
    .command('import')
    .description(
      'import values with claims from CSV or JSONL (idempotent; one transaction per batch) or a STIX 2.1 bundle (whole or nothing)',
    )
    .requiredOption('--in <file>', 'the file to read')
    .requiredOption('--org <orgId>', 'the organisation the claims are from')
    .option('--format <format>', 'csv, jsonl or stix (default: from the file name)', pick(FORMATS))
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL')
    .action(
      action(async (o: { in: string; org: string; format?: 'csv' | 'jsonl' | 'stix'; db?: string }) => {
        if (!existsSync(o.in)) throw new CliError(`--in ${o.in}: no such file`);
        const format =
          o.format ??
          (o.in.endsWith('.csv')
            ? 'csv'
            : o.in.endsWith('.jsonl') || o.in.endsWith('.ndjson')
              ? 'jsonl'
              : undefined);
        if (!format)
          throw new CliError('--format is required when the file name does not end in .csv or .jsonl');
        if (format === 'stix') {
          let bundle: unknown;
          try {
            bundle = JSON.parse(readFileSync(o.in, 'utf8'));
          } catch (e) {
            throw new CliError(`--in ${o.in}: not JSON (${e instanceof Error ? e.message : String(e)})`);
          }
          await ctx.withContainer(o.db, async (c) => {
            try {
              console.log(JSON.stringify(await c.federation.importBundle(await actorFor(c, o.org), bundle)));
            } catch (e) {
              if (e instanceof DomainError) throw new CliError(`${o.in}: ${e.message}`);
              throw e;
            }
          });
          return;
        }
        await ctx.withContainer(o.db, async (c) => {
          const actor = await actorFor(c, o.org);
          const tty = process.stderr.isTTY;
          const started = Date.now();
          const summary = await c.transfer.importStream(actor, format, createReadStream(o.in), {
            onProgress: (s) => {
              if (tty)
                process.stderr.write(
                  `\r  ${s.lines.toLocaleString()} lines · ${s.accepted.toLocaleString()} accepted · ${Math.round(s.lines / ((Date.now() - started) / 1000 || 1)).toLocaleString()}/s `,
                );
            },
          });
          if (tty) process.stderr.write('\n');
          // A file of which nothing could be read is a failed import, not an empty success.
          if (summary.accepted === 0) throw new CliError(nothingImported(o.in, summary));
          console.log(
            JSON.stringify({
              lines: summary.lines,
              accepted: summary.accepted,
              rejected: summary.rejectedCount,
              firstRejections: summary.rejected.slice(0, 20),
            }),
          );
        });
      }),
    );

  program
    .command('export')
    .description(
      'export the values an organisation may see, with their claims (CSV, JSONL or a STIX 2.1 bundle)',
    )
    .requiredOption('--out <file>', 'the file to write (- for standard output)')
    .option('--org <orgId>', 'whose view to export', 'org_platform')
    .option('--format <format>', 'csv, jsonl or stix', pick(EXPORT_FORMATS), 'jsonl')
    .option('--type <type>', 'only this resource type', pick(RESOURCE_TYPES))
    .option('--verdict <verdict>', 'only this verdict', pick(VERDICTS))
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL')
    .action(
      action(
        async (o: {
          out: string;
          org: string;
          format: 'csv' | 'jsonl' | 'stix';
          type?: ResourceType;
          verdict?: Verdict;
          db?: string;
        }) =>
          ctx.withContainer(o.db, async (c) => {
            const actor = await actorFor(c, o.org);
            const out = o.out === '-' ? process.stdout : createWriteStream(o.out);
            for await (const chunk of c.transfer.serialize(
              o.format,
              c.transfer.exportRecords(actor, { type: o.type, verdict: o.verdict }),
            )) {
              if (!out.write(chunk)) await once(out, 'drain');
            }
            if (out !== process.stdout)
              await new Promise<void>((resolve, reject) =>
                out.end((e?: Error | null) => (e ? reject(e) : resolve())),
              );
          }),
      ),
    );
};

/** `--in feed.csv: no line was accepted (4007 of 4007 rejected; line 1, value: …)`. */
const nothingImported = (
  file: string,
  s: {
    lines: number;
    rejectedCount: number;
    rejected: ReadonlyArray<{ line: number; field: string; message: string }>;
  },
): string => {
  if (s.lines === 0) return `--in ${file}: the file has no lines to import`;
  const first = s.rejected[0];
  const why = first ? `; line ${first.line}, ${first.field}: ${first.message}` : '';
  return `--in ${file}: no line was accepted (${s.rejectedCount} of ${s.lines} rejected${why})`;
};
