/**
 * The web engine's commands on their own (`tsx scripts/web/fanzha-web.ts url check …`), for use before
 * and besides the main `fanzha` program, which registers the same commands.
 */
import { Command } from 'commander';
import { registerWebCommands } from '../../src/adapters/cli/commands/web.cli.ts';

const program = new Command('fanzha-web');
registerWebCommands(program);
await program.parseAsync(process.argv);
