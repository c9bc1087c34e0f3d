/** Commands contributed by modules (import/export, engines, reports …), registered on the one program. */
import type { Command } from 'commander';
import type { Container } from './container.ts';
import { registerTransferCommands } from './modules/library/transfer.cli.ts';

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
};
