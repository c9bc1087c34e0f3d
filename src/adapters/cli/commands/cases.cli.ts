/**
 * `fanzha report …`, `fanzha queue …`, `fanzha case …`, `fanzha workorder …`: the common steps of
 * collaborative disposal from a terminal. Commands act as the platform (or, with --as-org, as that organisation's
 * administrator) and go through the same services, rules and audit as the API.
 */
import { Value } from '@sinclair/typebox/value';
import { InvalidArgumentError, type Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { action, CliError } from '../cli-kit.ts';
import { openJsonlWriter, readJsonl } from '../jsonl.ts';
import type { CliContext } from '../cli-context.ts';
import type { Container } from '../../../container.ts';
import { isOneOf } from '../../../shared/parse.ts';
import type { Actor } from '../../../shared/actor.ts';
import { ReportBody, reportInputOf } from '../../../modules/reports/reports.schema.ts';
import { REPORT_CHANNELS, type ReportInput } from '../../../modules/reports/reports.types.ts';
import { dossierHtml } from '../../../modules/cases/dossier.ts';
import { SEVERITIES } from '../../../modules/cases/cases.types.ts';

const PLATFORM: Actor = { orgId: 'org_platform', orgKind: 'regulator', actor: 'cli', role: 'admin' };

const choice =
  <T extends string>(allowed: readonly T[]) =>
  (v: string): T => {
    if (!isOneOf(allowed, v)) throw new InvalidArgumentError(`must be one of ${allowed.join(', ')}`);
    return v;
  };
const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
};
const collect = (v: string, all: string[]): string[] => [...all, v];
const print = (v: unknown): void => console.log(JSON.stringify(v, null, 2));

/** The organisation a command acts for: the platform, or --as-org (its administrator). */
const actorFor = async (c: Container, orgId: string | undefined): Promise<Actor> => {
  if (!orgId) return PLATFORM;
  const org = await c.access.getOrganisation(orgId);
  return { orgId: org.id, orgKind: org.kind, actor: 'cli', role: 'admin' };
};

export const registerCasesCommands = (program: Command, ctx: CliContext): void => {
  const db = (o: { db?: string }) => o.db;

  const report = program.command('report').description('public reports (举报)');
  report
    .command('submit')
    .description('submit one report (--channel, --text) or a JSONL file of them (--in); prints receipts')
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL')
    .option('--channel <channel>', `one of ${REPORT_CHANNELS.join(', ')}`, choice(REPORT_CHANNELS))
    .option('--text <text>', 'what happened')
    .option('--value <value>', 'a number, link, account or bank account (repeatable)', collect, [])
    .option('--in <file.jsonl>', 'reports as JSON lines {channel, text, values?} ("-" for stdin)')
    .option('--out <file.jsonl>', 'receipts as JSON lines (default stdout)', '-')
    .action(
      action(
        async (o: {
          db?: string;
          channel?: (typeof REPORT_CHANNELS)[number];
          text?: string;
          value: string[];
          in?: string;
          out: string;
        }) => {
          if (!o.in && (!o.channel || !o.text))
            throw new CliError('give --channel and --text, or --in with a JSONL file');
          await ctx.withContainer(db(o), async (c) => {
            const out = openJsonlWriter(o.out);
            try {
              if (!o.in && o.channel && o.text) {
                const [r] = await c.collaboration.reports.submitMany(
                  [{ channel: o.channel, text: o.text, values: o.value.map((value) => ({ value })) }],
                  'cli',
                );
                await out.write(r);
                return;
              }
              let batch: Array<{ line: number; input: ReportInput }> = [];
              const flush = async () => {
                if (batch.length === 0) return;
                const receipts = await c.collaboration.reports.submitMany(
                  batch.map((b) => b.input),
                  'cli',
                );
                for (const [i, r] of receipts.entries()) await out.write({ line: batch[i]?.line, ...r });
                batch = [];
              };
              for await (const l of readJsonl(o.in ?? '-')) {
                if ('error' in l) await out.write({ line: l.line, error: l.error });
                else if (!Value.Check(ReportBody, l.value))
                  await out.write({
                    line: l.line,
                    error: `line ${l.line}: ${[...Value.Errors(ReportBody, l.value)][0]?.path ?? ''} invalid`,
                  });
                else batch.push({ line: l.line, input: reportInputOf(l.value) });
                if (batch.length >= 250) await flush();
              }
              await flush();
            } finally {
              await out.close();
            }
          });
        },
      ),
    );
  report
    .command('status <receipt>')
    .description('the public status of a report')
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL')
    .action(
      action(async (receipt: string, o: { db?: string }) =>
        ctx.withContainer(db(o), async (c) => print(await c.collaboration.reports.status(receipt))),
      ),
    );

  const queue = program.command('queue').description('the qualification queue (研判)');
  queue
    .command('list')
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL')
    .option('--after <id>', 'keyset cursor', positiveInt)
    .option('--limit <n>', 'items per page', positiveInt, 50)
    .action(
      action(async (o: { db?: string; after?: number; limit: number }) =>
        ctx.withContainer(db(o), async (c) =>
          print(await c.collaboration.qualification.list(PLATFORM, { after: o.after, limit: o.limit })),
        ),
      ),
    );
  queue
    .command('confirm <id>')
    .description('confirm a queue item into a new case')
    .requiredOption('--reason <text>', 'why')
    .option('--severity <s>', SEVERITIES.join(', '), choice(SEVERITIES), 'medium')
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL')
    .action(
      action(async (id: string, o: { db?: string; reason: string; severity: (typeof SEVERITIES)[number] }) =>
        ctx.withContainer(db(o), async (c) =>
          print(
            await c.collaboration.qualification.confirm(PLATFORM, positiveInt(id), {
              reason: o.reason,
              severity: o.severity,
            }),
          ),
        ),
      ),
    );

  const kase = program.command('case').description('cases (案件)');
  kase
    .command('list')
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL')
    .option('--limit <n>', 'cases per page', positiveInt, 50)
    .action(
      action(async (o: { db?: string; limit: number }) =>
        ctx.withContainer(db(o), async (c) =>
          print(await c.collaboration.cases.list(PLATFORM, { limit: o.limit })),
        ),
      ),
    );
  kase
    .command('show <id>')
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL')
    .action(
      action(async (id: string, o: { db?: string }) =>
        ctx.withContainer(db(o), async (c) => print(await c.collaboration.cases.get(PLATFORM, id))),
      ),
    );
  kase
    .command('dossier <id>')
    .description('export a police dossier (JSON, or HTML with --html)')
    .option('--html', 'printable HTML instead of JSON')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL')
    .action(
      action(async (id: string, o: { db?: string; html?: boolean; out?: string }) =>
        ctx.withContainer(db(o), async (c) => {
          const d = await c.collaboration.cases.exportDossier(PLATFORM, id);
          const text = o.html ? dossierHtml(d) : JSON.stringify(d, null, 2);
          if (o.out) writeFileSync(o.out, text);
          else console.log(text);
        }),
      ),
    );

  const wo = program.command('workorder').description('work orders (处置工单)');
  wo.command('create <caseId>')
    .description('generate work orders for a case, routed to the responsible organisations')
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL')
    .action(
      action(async (caseId: string, o: { db?: string }) =>
        ctx.withContainer(db(o), async (c) =>
          print(await c.collaboration.workOrders.createWorkOrders(PLATFORM, caseId)),
        ),
      ),
    );
  wo.command('list')
    .option('--as-org <orgId>', 'list as this organisation (its own orders only)')
    .option('--status <s>', 'open, escalated, done, refused')
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL')
    .action(
      action(async (o: { db?: string; asOrg?: string; status?: string }) =>
        ctx.withContainer(db(o), async (c) =>
          print(
            await c.collaboration.workOrders.listWorkOrders(await actorFor(c, o.asOrg), { status: o.status }),
          ),
        ),
      ),
    );
  wo.command('feedback <id>')
    .description('answer a work order as the organisation it is addressed to')
    .requiredOption('--as-org <orgId>', 'the answering organisation')
    .requiredOption(
      '--outcome <o>',
      'done, not_ours or cannot_act (refused: cannot_act)',
      choice(['done', 'not_ours', 'cannot_act', 'refused'] as const),
    )
    .option('--note <text>', 'what was done, or why it was refused')
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL')
    .action(
      action(
        async (
          id: string,
          o: {
            db?: string;
            asOrg: string;
            outcome: 'done' | 'not_ours' | 'cannot_act' | 'refused';
            note?: string;
          },
        ) =>
          ctx.withContainer(db(o), async (c) =>
            print(
              await c.collaboration.workOrders.feedback(
                { ...(await actorFor(c, o.asOrg)), role: 'analyst' },
                id,
                {
                  outcome: o.outcome,
                  note: o.note,
                },
              ),
            ),
          ),
      ),
    );
  wo.command('sweep')
    .description('escalate work orders past their deadline')
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL')
    .action(
      action(async (o: { db?: string }) =>
        ctx.withContainer(db(o), async (c) => print(await c.collaboration.workOrders.sweep(PLATFORM))),
      ),
    );
};
