/**
 * The `fanzha` command. Every command validates its flags, prints one clear line and exits non-zero on
 * bad input, and never prints a stack trace (FANZHA_DEBUG=1 shows it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { action, CliError } from './adapters/cli/cli-kit.ts';
import { ConfigError, loadConfig, type ConfigOverrides } from './config.ts';
import { buildContainer, type Container } from './container.ts';
import { SYSTEM_ACTOR } from './shared/actor.ts';
import { RESOURCE_TYPES, type ResourceType } from './modules/library/library.types.ts';
import { ORG_KINDS, ROLES, type OrgKind, type Role } from './shared/actor.ts';
import { isOneOf } from './shared/parse.ts';
import { registerCliModules } from './cli.modules.ts';

const program = new Command('fanzha')
  .description('fanzha (反诈): the unified fraud-resource library and platform')
  .showHelpAfterError(false)
  .exitOverride((e) => {
    // commander's own usage errors: one line, exit 2 (help and version exit 0)
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
      process.exit(0);
    process.exit(2);
  })
  .configureOutput({ writeErr: (s) => process.stderr.write(s.split('\n')[0] + '\n') });

const port = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be an integer from 0 to 65535');
  return n;
};
const choice =
  <T extends string>(allowed: readonly T[]) =>
  (v: string): T => {
    if (!isOneOf(allowed, v)) throw new InvalidArgumentError(`must be one of ${allowed.join(', ')}`);
    return v;
  };

const dbOption = () =>
  new Option(
    '--db <path-or-url>',
    'SQLite file or postgres:// URL (default: DATABASE_URL or ./data/fanzha.db)',
  );

const config = (o: ConfigOverrides) => {
  try {
    return loadConfig(process.env, o);
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(e.message);
    throw e;
  }
};

/** Opens the container for a one-shot command and always closes it. */
export const withContainer = async <T>(
  db: string | undefined,
  fn: (c: Container) => Promise<T>,
  withoutIndex = true,
): Promise<T> => {
  const c = await buildContainer(config({ databaseUrl: db }), {
    withoutIndex,
    logger: { info: () => {}, warn: () => {}, error: () => {} },
  });
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
};

program
  .command('serve')
  .description('run the server: API, console and (with --demo) demo data, on one port')
  .option('--port <n>', 'port (default: PORT or 8080)', port)
  .option('--host <host>', 'interface to listen on (default: HOST or 127.0.0.1)')
  .addOption(dbOption())
  .option('--demo', 'load demo data and demo accounts when the database is empty')
  .action(
    action(async (o: { port?: number; host?: string; db?: string; demo?: boolean }) => {
      const { startServer } = await import('./server.ts');
      const s = await startServer(
        config({ port: o.port, host: o.host, databaseUrl: o.db, demo: o.demo }),
        (line) => console.log(line),
      );
      console.log(`fanzha is running at ${s.url}  (console ${s.url}/ · API docs ${s.url}/docs)`);
      console.log(
        `public pages (no login): risk check and fraud report ${s.url}/app/public · receipt status ${s.url}/app/public/receipt`,
      );
      if (s.edgeUrl) console.log(`call checks for SIP proxies at ${s.edgeUrl}/api/v1/edge/call`);
      if (s.demoAccounts.length > 0) console.log(`demo accounts:\n  ${s.demoAccounts.join('\n  ')}`);
      const stop = () => void s.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }),
  );

const db = program.command('db').description('database administration');
db.command('migrate')
  .description('bring the schema up to date')
  .addOption(dbOption())
  .action(
    action(async (o: { db?: string }) =>
      withContainer(o.db, async () => console.log('database is up to date')),
    ),
  );

program
  .command('org')
  .description('organisations')
  .command('create')
  .requiredOption('--name <name>', 'display name')
  .requiredOption('--kind <kind>', `one of ${ORG_KINDS.join(', ')}`, choice(ORG_KINDS))
  .option('--id <id>', 'identifier (org_…); generated when absent')
  .option('--region <region>', 'province or region code')
  .addOption(dbOption())
  .action(
    action(async (o: { name: string; kind: OrgKind; id?: string; region?: string; db?: string }) =>
      withContainer(o.db, async (c) => {
        if (o.id !== undefined && !/^org_[a-z0-9_]{2,60}$/.test(o.id))
          throw new CliError('--id must look like org_[a-z0-9_]');
        const org = await c.access.createOrganisation(SYSTEM_ACTOR, {
          id: o.id,
          name: o.name,
          kind: o.kind,
          region: o.region,
        });
        console.log(JSON.stringify(org));
      }),
    ),
  );

program
  .command('user')
  .description('users')
  .command('create')
  .requiredOption('--org <orgId>', 'organisation id')
  .requiredOption('--username <name>', 'login name')
  .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`, choice(ROLES))
  .option('--password <password>', 'password (or FANZHA_PASSWORD; at least 8 characters)')
  .addOption(dbOption())
  .action(
    action(async (o: { org: string; username: string; role: Role; password?: string; db?: string }) =>
      withContainer(o.db, async (c) => {
        const password = o.password ?? process.env.FANZHA_PASSWORD;
        if (!password) throw new CliError('--password (or FANZHA_PASSWORD) is required');
        const user = await c.access.createUser(SYSTEM_ACTOR, {
          orgId: o.org,
          username: o.username,
          password,
          role: o.role,
        });
        console.log(JSON.stringify(user));
      }),
    ),
  );

program
  .command('apikey')
  .description('API keys')
  .command('create')
  .requiredOption('--org <orgId>', 'organisation id')
  .requiredOption('--name <name>', 'what the key is for')
  .option('--role <role>', `one of ${ROLES.join(', ')}`, choice(ROLES), 'analyst')
  .addOption(dbOption())
  .action(
    action(async (o: { org: string; name: string; role: Role; db?: string }) =>
      withContainer(o.db, async (c) => {
        const { key, apiKey } = await c.access.createApiKey(SYSTEM_ACTOR, {
          orgId: o.org,
          name: o.name,
          role: o.role,
        });
        console.log(
          JSON.stringify({
            key,
            id: apiKey.id,
            orgId: apiKey.orgId,
            role: apiKey.role,
            note: 'the key is shown once; store it now',
          }),
        );
      }),
    ),
  );

program
  .command('lookup')
  .description('look a raw value up (a number with spaces, a URL …) in the library')
  .argument('<value>', 'the value')
  .option('--type <type>', `one of ${RESOURCE_TYPES.join(', ')}`, choice(RESOURCE_TYPES))
  .addOption(dbOption())
  .action(
    action(async (value: string, o: { type?: ResourceType; db?: string }) =>
      withContainer(
        o.db,
        async (c) => {
          const r = c.lookups.lookupRaw(value, o.type, 'members');
          if ('error' in r) throw new CliError(`${r.field}: ${r.error}`);
          console.log(JSON.stringify(r));
        },
        false,
      ),
    ),
  );

const audit = program.command('audit').description('the audit log');
const auditKeyOrFail = (key: string | undefined): string => {
  if (!key)
    throw new CliError(
      'FANZHA_AUDIT_KEY is not set (the key sealing checkpoints, kept outside the database)',
    );
  return key;
};

audit
  .command('checkpoint')
  .description("seal the chain's head with FANZHA_AUDIT_KEY; print it, or write it with --out")
  .addOption(dbOption())
  .option('--out <file>', 'write the checkpoint to this file')
  .action(
    action(async (o: { db?: string; out?: string }) =>
      withContainer(o.db, async (c) => {
        const cp = await c.audit.checkpoint(c.handle.db, auditKeyOrFail(c.config.auditKey));
        const text = JSON.stringify(cp);
        if (o.out) writeFileSync(o.out, `${text}\n`);
        console.log(text);
      }),
    ),
  );

audit
  .command('verify')
  .description('recompute the hash chain (and check it against a checkpoint); exit 1 when it is broken')
  .addOption(dbOption())
  .option(
    '--checkpoint <file>',
    'a checkpoint from `fanzha audit checkpoint`: detects a deleted tail or a rebuilt chain',
  )
  .action(
    action(async (o: { db?: string; checkpoint?: string }) =>
      withContainer(o.db, async (c) => {
        let text: string | undefined;
        if (o.checkpoint) {
          try {
            text = readFileSync(o.checkpoint, 'utf8');
          } catch {
            throw new CliError(`--checkpoint: cannot read ${o.checkpoint}`);
          }
        }
        const v =
          text === undefined
            ? await c.audit.verify(c.handle.db)
            : await c.audit.verifyAgainst(c.handle.db, auditKeyOrFail(c.config.auditKey), text);
        console.log(JSON.stringify(v));
        if (!v.ok)
          throw new CliError(
            `audit log ${v.brokenAt === undefined ? 'not verified' : `broken at entry ${v.brokenAt}`}: ${v.problem ?? ''}`,
            1,
          );
      }),
    ),
  );

registerCliModules(program, { withContainer });

await program.parseAsync(process.argv);
