/** Commands contributed by modules (import/export, engines, reports …), registered on the one program. */
import type { Command } from 'commander';
import type { Container } from './container.ts';
import { registerCasesCommands } from './modules/cases/cases.cli.ts';
import { registerTransferCommands } from './modules/library/transfer.cli.ts';
import { registerWebCommands } from './modules/detect/web/web.cli.ts';
import { registerSmsCommands } from './modules/detect/sms/sms.cli.ts';
import { registerCallsCommands } from './modules/detect/calls/calls.cli.ts';
import { registerTransfersCommands } from './modules/transfers/transfers.cli.ts';

export interface CliContext {
  /** Opens the container for one command (with the hot index when `withoutIndex` is false) and closes it. */
  readonly withContainer: <T>(
    db: string | undefined,
    fn: (c: Container) => Promise<T>,
    withoutIndex?: boolean,
  ) => Promise<T>;
}

export const registerCliModules = (program: Command, ctx: CliContext): void => {
  registerTransferCommands(program, ctx);
  registerWebCommands(program);
  registerSmsCommands(program);
  registerCallsCommands(program);
  registerCasesCommands(program, ctx);
  registerTransfersCommands(program, ctx);
};
