/** Commands contributed by modules (import/export, engines, reports …), registered on the one program. */
import type { Command } from 'commander';
import type { CliContext } from './adapters/cli/cli-context.ts';
import { registerCasesCommands } from './adapters/cli/commands/cases.cli.ts';
import { registerTransferCommands } from './adapters/cli/commands/transfer.cli.ts';
import { registerWebCommands } from './adapters/cli/commands/web.cli.ts';
import { registerSmsCommands } from './adapters/cli/commands/sms.cli.ts';
import { registerCallsCommands } from './adapters/cli/commands/calls.cli.ts';
import { registerTransfersCommands } from './adapters/cli/commands/transfers.cli.ts';
import { registerFederationCommands } from './adapters/cli/commands/federation.cli.ts';

export const registerCliModules = (program: Command, ctx: CliContext): void => {
  registerTransferCommands(program, ctx);
  registerWebCommands(program);
  registerSmsCommands(program);
  registerCallsCommands(program);
  registerCasesCommands(program, ctx);
  registerTransfersCommands(program, ctx);
  registerFederationCommands(program, ctx);
};
