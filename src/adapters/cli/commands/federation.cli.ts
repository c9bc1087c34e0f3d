/**
 * `fanzha federation peer add|list|remove` and `fanzha federation sync`: the peers this instance pulls
 * from and pushes to, managed as the platform's administrator. Keys are stored to be sent and never
 * printed; `peer list` says only that one is set.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { action } from '../cli-kit.ts';
import type { CliContext } from '../cli-context.ts';
import type { Actor } from '../../../shared/actor.ts';
import { isOneOf } from '../../../shared/parse.ts';
import { PEER_ROLES, type PeerRole } from '../../../modules/federation/peers.service.ts';

const PLATFORM: Actor = { orgId: 'org_platform', orgKind: 'regulator', actor: 'cli', role: 'admin' };
const print = (v: unknown): void => console.log(JSON.stringify(v, null, 2));
const list = (v: string): string[] =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const role = (v: string): PeerRole => {
  if (!isOneOf(PEER_ROLES, v)) throw new InvalidArgumentError(`must be one of ${PEER_ROLES.join(', ')}`);
  return v;
};

export const registerFederationCommands = (program: Command, ctx: CliContext): void => {
  const federation = program.command('federation').description('federation with other fanzha instances');
  const peer = federation.command('peer').description('the peers this instance syncs with');
  peer
    .command('add')
    .description('add a peer: its URL and the API key this instance holds there')
    .argument('<name>', 'the peer’s name here (lower-case letters, digits, hyphens)')
    .argument('<url>', 'the peer’s base URL (its TAXII root is <url>/taxii2/)')
    .requiredOption('--key <key>', 'the API key the peer issued to this instance (stored, never printed)')
    .option('--role <role>', `upstream (national), downstream (province) or partner`, role, 'partner')
    .option(
      '--collections <names>',
      'collections to pull, comma-separated names or ids (default members-verdicts, and authority for an upstream)',
      list,
    )
    .option('--push-collection <name>', 'the collection to push this instance’s findings to (e.g. inbox)')
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL')
    .action(
      action(
        async (
          name: string,
          url: string,
          o: { key: string; role: PeerRole; collections?: string[]; pushCollection?: string; db?: string },
        ) =>
          ctx.withContainer(
            o.db,
            async (c) =>
              print(
                await c.peers.add(PLATFORM, {
                  name,
                  url,
                  key: o.key,
                  role: o.role,
                  collections: o.collections,
                  pushCollection: o.pushCollection,
                }),
              ),
            true,
          ),
      ),
    );
  peer
    .command('list')
    .description('the peers, their collections and sync status (never their keys)')
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL')
    .action(
      action(async (o: { db?: string }) =>
        ctx.withContainer(o.db, async (c) => print(await c.peers.list(PLATFORM)), true),
      ),
    );
  peer
    .command('remove')
    .description('remove a peer and its checkpoints (what came from it stays, with its origin)')
    .argument('<name>')
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL')
    .action(
      action(async (name: string, o: { db?: string }) =>
        ctx.withContainer(o.db, async (c) => c.peers.remove(PLATFORM, name), true),
      ),
    );
  federation
    .command('sync')
    .description('pull from and push to every peer once (the workers do this on their own)')
    .option('--peer <name>', 'only this peer')
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL')
    .action(
      action(async (o: { peer?: string; db?: string }) =>
        ctx.withContainer(o.db, async (c) => {
          const out = await c.federationSync.run('both', o.peer);
          print(out);
          if (out.some((x) => !x.ok)) process.exitCode = 1;
        }),
      ),
    );
};
