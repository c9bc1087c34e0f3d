/** Runs the `calls` commands on their own (`npx tsx scripts/calls/cli.ts calls …`) until the main CLI wires them. */
import { Command } from 'commander';
import { registerCallsCommands } from '../../src/adapters/cli/commands/calls.cli.ts';

const program = new Command('fanzha');
registerCallsCommands(program);
await program.parseAsync(process.argv);
